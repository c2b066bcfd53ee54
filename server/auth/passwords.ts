import { hash, verify } from "@node-rs/argon2";

/**
 * The library's defaults are argon2id, 19 MiB, 2 passes: OWASP's recommended minimum. Hashes
 * carry their parameters, so raising them later still verifies the old ones.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;

/**
 * Spends the time of one verification when the account does not exist, so that the response
 * time does not tell which matricules exist.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword("logigramme: no such account");
  await verifyPassword(await dummy, password);
  return false;
}
