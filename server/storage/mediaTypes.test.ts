import { describe, expect, it } from "vitest";
import { checkedMediaType } from "./mediaTypes.js";

const code = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? "thrown";
  }
};

describe("checkedMediaType", () => {
  it("accepts a PDF that starts like one, and drops parameters from the type", () => {
    expect(checkedMediaType("application/pdf; name=x", Buffer.from("%PDF-1.7\n"))).toBe("application/pdf");
  });

  it("accepts PNG, JPEG and a ZIP-based office document by their magic numbers", () => {
    expect(
      checkedMediaType("image/png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    ).toBe("image/png");
    expect(checkedMediaType("image/jpeg", Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(
      checkedMediaType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]),
      ),
    ).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  });

  it("accepts UTF-8 text with accents and refuses bytes that are not UTF-8", () => {
    expect(checkedMediaType("text/csv", Buffer.from("N°;Objet\n1;Réclamation\n"))).toBe("text/csv");
    expect(code(() => checkedMediaType("text/plain", Buffer.from([0x41, 0xe9, 0x42])))).toBe(
      "media_type_mismatch",
    );
  });

  it("refuses a file whose bytes are not what its type claims", () => {
    expect(code(() => checkedMediaType("application/pdf", Buffer.from("MZ\x90\x00")))).toBe(
      "media_type_mismatch",
    );
    expect(code(() => checkedMediaType("image/png", Buffer.from("%PDF-1.4")))).toBe("media_type_mismatch");
  });

  it("refuses types outside the allow-list, and a missing type", () => {
    expect(code(() => checkedMediaType("text/html", Buffer.from("<html>")))).toBe("unsupported_media_type");
    expect(code(() => checkedMediaType("application/x-msdownload", Buffer.from("MZ")))).toBe(
      "unsupported_media_type",
    );
    expect(code(() => checkedMediaType(undefined, Buffer.from("x")))).toBe("unsupported_media_type");
  });
});
