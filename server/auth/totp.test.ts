import { describe, expect, it } from "vitest";
import { newTotpSecret, totpCode, totpStepOf, totpUri } from "./totp.js";

// RFC 6238, appendix B: the SHA-1 seed is the ASCII "12345678901234567890".
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP", () => {
  it("produces the RFC 6238 test vectors (last six digits)", () => {
    expect(totpCode(RFC_SECRET, new Date(59_000))).toBe("287082");
    expect(totpCode(RFC_SECRET, new Date(1_111_111_109_000))).toBe("081804");
    expect(totpCode(RFC_SECRET, new Date(1_234_567_890_000))).toBe("005924");
  });

  it("accepts a code one step early or late, and names the step it belongs to", () => {
    const now = new Date("2026-03-02T09:00:10Z");
    const step = Math.floor(now.getTime() / 30_000);
    const previous = totpCode(RFC_SECRET, new Date(now.getTime() - 30_000));
    const next = totpCode(RFC_SECRET, new Date(now.getTime() + 30_000));
    expect(totpStepOf(RFC_SECRET, totpCode(RFC_SECRET, now), now)).toBe(step);
    expect(totpStepOf(RFC_SECRET, previous, now)).toBe(step - 1);
    expect(totpStepOf(RFC_SECRET, next, now)).toBe(step + 1);
  });

  it("refuses a code two steps away and anything that is not six digits", () => {
    const now = new Date("2026-03-02T09:00:10Z");
    expect(totpStepOf(RFC_SECRET, totpCode(RFC_SECRET, new Date(now.getTime() - 60_000)), now)).toBeNull();
    expect(totpStepOf(RFC_SECRET, "12345", now)).toBeNull();
    expect(totpStepOf(RFC_SECRET, "abcdef", now)).toBeNull();
  });

  it("makes 160-bit base32 secrets and an otpauth URI naming the account", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = totpUri(secret, "DGD0001");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Logigramme:DGD0001\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain("period=30");
    expect(uri).toContain("digits=6");
  });
});
