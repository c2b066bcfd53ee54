import { createHash, randomBytes } from "node:crypto";

/** Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand survives. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A new tracking code: 130 random bits as 26 characters in groups of four or two
 * (`ABCD-EFGH-…-YZ`). Shown once, e-mailed, stored only as its hash.
 */
export function newTrackingCode(): string {
  const bytes = randomBytes(17);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let text = "";
  for (let i = 0; i < 26; i += 1) {
    text += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return text.match(/.{1,4}/g)!.join("-");
}

/** The code as typed (spaces, dashes, lower case, O for 0…) in its one written form. */
export function normalTrackingCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** What the database keeps: the SHA-256 of the normal form. */
export function trackingHash(typed: string): string {
  return createHash("sha256")
    .update(`portail:${normalTrackingCode(typed)}`)
    .digest("hex");
}

/** Whether a typed code can be one at all (checked before anything is read). */
export function isTrackingCodeShape(typed: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(normalTrackingCode(typed));
}
