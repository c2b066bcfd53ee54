import { randomInt } from "node:crypto";
import { message } from "../../engine/messages.js";
import type { SecurityEvent } from "../audit/securityTrail.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { holdsPrivilegedRole, lastAcceptedTotpStep } from "../db/queries/secondFactor.js";
import { lockSecurityChain } from "../db/queries/securityEvents.js";
import { AppError } from "../errors.js";
import { secretHash } from "./tokens.js";
import { totpStepOf } from "./totp.js";

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: the codes are copied by hand from paper.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Administrators and holders of a privileged role may not work without a second factor. */
export async function secondFactorMandatory(db: Db, user: UserRow): Promise<boolean> {
  return user.isAdmin || (await holdsPrivilegedRole(db, user.id));
}

/**
 * The time step of a valid authenticator code that was never accepted before, or null. Takes
 * the organisation's security-trail lock first: the accepted step is recorded in that trail by
 * the caller's transaction, so two requests with the same code cannot both pass.
 */
export async function acceptTotpCode(db: Db, user: UserRow, code: string, now: Date): Promise<number | null> {
  if (!user.totpSecret) return null;
  const step = totpStepOf(user.totpSecret, code, now);
  if (step === null) return null;
  await lockSecurityChain(db, user.organisation);
  const last = await lastAcceptedTotpStep(db, user.id);
  return last !== null && step <= last ? null : step;
}

/** Ten codes of ten characters (about 50 bits each), shown once as `xxxxx-xxxxx`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
  });
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function recoveryCodeHash(code: string): string {
  return secretHash(`recovery:${code.toLowerCase().replace(/[\s-]/g, "")}`);
}

/** A six-digit string is an authenticator code; anything else is tried as a recovery code. */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.trim());
}

export const wrongCode = () =>
  new AppError(
    422,
    "second_factor_code_invalid",
    message(
      "code incorrect ou expiré : saisissez le code affiché maintenant par l'application, ou un code de secours",
      "wrong or expired code: enter the code the app shows now, or a recovery code",
    ),
    "code",
  );

/** A security-trail event about the person's own second factor. */
export function secondFactorEvent(
  user: UserRow,
  context: { ip: string | null },
  type: string,
  payload: Record<string, unknown>,
): SecurityEvent {
  return {
    organisation: user.organisation,
    type,
    userId: user.id,
    matricule: user.matricule,
    actorUserId: null,
    ip: context.ip,
    payload,
  };
}
