import { z } from "zod";

/** The second factor (TOTP authenticator app and recovery codes), shared with the web app. */

/** A six-digit authenticator code, or one of the recovery codes (at sign-in). */
export const secondFactorCodeBody = z.strictObject({
  code: z.string().trim().min(6).max(40),
});

/** Disabling or regenerating needs a fresh proof: a current authenticator code, or the password. */
export const secondFactorProofBody = z.union([
  z.strictObject({ code: z.string().trim().min(6).max(40) }),
  z.strictObject({ password: z.string().min(1).max(1000) }),
]);

export const secondFactorEnrolment = z.object({
  /** Base32, for typing into the app by hand. */
  secret: z.string(),
  /** The `otpauth://` URI the web app draws as a QR code. */
  uri: z.string(),
});

export const recoveryCodesView = z.object({
  /** Shown once: each works one time in place of an authenticator code. */
  recoveryCodes: z.array(z.string()),
});

export type SecondFactorCodeBody = z.infer<typeof secondFactorCodeBody>;
export type SecondFactorProofBody = z.infer<typeof secondFactorProofBody>;
export type SecondFactorEnrolment = z.infer<typeof secondFactorEnrolment>;
export type RecoveryCodesView = z.infer<typeof recoveryCodesView>;
