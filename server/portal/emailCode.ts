import { keyed } from "./portalKey.js";

/** A confirmation code is good for this window and the next (30 to 60 minutes). */
const WINDOW_MS = 30 * 60_000;

const windowOf = (now: Date) => Math.floor(now.getTime() / WINDOW_MS);

/**
 * The 8-digit code that confirms an e-mail address for an organisation's portal, derived from the
 * portal key and the address: nothing is stored, the mail job derives it again, and wrong
 * guesses are limited per address (throttles.ts).
 */
export function emailCode(key: string, organisation: string, email: string, window: number): string {
  const digest = keyed(key, "email-code", `${organisation}\n${email.toLowerCase()}\n${window}`);
  return String(digest.readUInt32BE(0) % 100_000_000).padStart(8, "0");
}

export function currentWindow(now: Date): number {
  return windowOf(now);
}

export function isRightEmailCode(
  key: string,
  organisation: string,
  email: string,
  typed: string,
  now: Date,
): boolean {
  const code = typed.replace(/\s/g, "");
  const window = windowOf(now);
  return [window, window - 1].some((w) => emailCode(key, organisation, email, w) === code);
}
