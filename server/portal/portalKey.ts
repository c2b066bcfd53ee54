import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import type { Db } from "../db/database.js";
import { portalSecret } from "../db/queries/portal.js";

/**
 * The portal's key: PORTAL_SECRET when the operator sets one (kept out of the database), otherwise
 * a random key the first server stores and every server reads. Cached per process.
 */
let cached: string | null = null;

export async function portalKey(db: Db): Promise<string> {
  const fromEnv = process.env.PORTAL_SECRET;
  if (fromEnv && fromEnv.length >= 32) return fromEnv;
  cached ??= await portalSecret(db, randomBytes(32).toString("base64url"));
  return cached;
}

/** A keyed digest for one purpose: keys derived per purpose never serve two uses. */
export function keyed(key: string, purpose: string, value: string): Buffer {
  return createHmac("sha256", `${purpose}:${key}`).update(value).digest();
}

const sealKey = (key: string) => createHash("sha256").update(`seal:${key}`).digest();

/**
 * The tracking code on its way to the mail job: sealed (AES-256-GCM), so the job's stored payload
 * never holds it in clear.
 */
export function seal(key: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(key), iv);
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export function unseal(key: string, sealed: string): string {
  const bytes = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", sealKey(key), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
}
