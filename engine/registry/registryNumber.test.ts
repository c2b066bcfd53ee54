import { describe, expect, it } from "vitest";
import { formatRegistryNumber, registryPlaceholders } from "./registryNumber.js";

describe("registry numbers", () => {
  it("formats the year and a zero-padded sequence", () => {
    expect(formatRegistryNumber("CE-{YYYY}-{seq:5}", { year: 2026, month: 3 }, 42)).toBe("CE-2026-00042");
  });

  it("formats a two-digit year and month and an unpadded sequence", () => {
    expect(formatRegistryNumber("{YY}{MM}/{seq}", { year: 2027, month: 1 }, 7)).toBe("2701/7");
  });

  it("lets a sequence outgrow its padding rather than truncate it", () => {
    expect(formatRegistryNumber("A-{seq:2}", { year: 2026, month: 1 }, 1234)).toBe("A-1234");
  });

  it("lists the placeholders of a format", () => {
    expect(registryPlaceholders("CE-{YYYY}-{seq:5}-{X}")).toEqual(["YYYY", "seq:5", "X"]);
  });
});
