import { createHash, randomBytes } from "node:crypto";

/** API tokens start with this: told apart from session cookies, and found by secret scanners. */
export const API_TOKEN_PREFIX = "lgt_";

/** A secret handed to a client once; only its hash is stored. */
export function newSecret(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function secretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
