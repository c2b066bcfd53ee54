import { describe, expect, it } from "vitest";
import { isTotpCode, newRecoveryCodes, RECOVERY_CODE_COUNT, recoveryCodeHash } from "./secondFactor.js";

describe("recovery codes", () => {
  it("draws ten distinct codes of ten characters without look-alikes", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it("hashes a code the same whatever its case, spaces or dash", () => {
    expect(recoveryCodeHash("abcde-fghjk")).toBe(recoveryCodeHash(" ABCDE FGHJK "));
    expect(recoveryCodeHash("abcde-fghjk")).toBe(recoveryCodeHash("abcdefghjk"));
    expect(recoveryCodeHash("abcde-fghjk")).not.toBe(recoveryCodeHash("abcde-fghjm"));
  });

  it("tells a six-digit authenticator code from a recovery code", () => {
    expect(isTotpCode("123456")).toBe(true);
    expect(isTotpCode("abcde-fghjk")).toBe(false);
    expect(isTotpCode("1234567")).toBe(false);
  });
});
