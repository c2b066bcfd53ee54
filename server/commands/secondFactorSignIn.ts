import { message } from "../../engine/messages.js";
import { appendSecurityEvent } from "../audit/securityTrail.js";
import { acceptTotpCode, isTotpCode, recoveryCodeHash, secondFactorEvent } from "../auth/secondFactor.js";
import type { Db } from "../db/database.js";
import { recordSuccessfulLogin } from "../db/queries/accounts.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { countUnusedRecoveryCodes, useRecoveryCode } from "../db/queries/secondFactor.js";
import { lockSecurityChain } from "../db/queries/securityEvents.js";
import { deleteSession, markSecondFactorGiven } from "../db/queries/sessions.js";
import { reserveAccountAttempt } from "../db/queries/signInThrottles.js";
import { AppError } from "../errors.js";
import {
  accountLocked,
  LOCK_AFTER_FAILURES,
  LOCK_MINUTES,
  markKnownSource,
  refuseAdmitted,
} from "./signInRecorder.js";

export interface SecondFactorAttempt {
  code: string;
  sessionTokenHash: string;
  ip: string | null;
}

/**
 * Finishes a sign-in whose password was accepted: an authenticator code (never one already
 * accepted) or an unused recovery code. A wrong code counts toward the same lock as a wrong
 * password; the lock also ends the half-open session.
 */
export async function giveSecondFactor(
  db: Db,
  user: UserRow,
  attempt: SecondFactorAttempt,
  now: Date,
): Promise<void> {
  // Counted before the code is evaluated: parallel guesses cannot exceed the limit.
  const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  const reserved = await reserveAccountAttempt(db, user.id, LOCK_AFTER_FAILURES, now, lockUntil);
  if ("refusedUntil" in reserved) {
    await appendSecurityEvent(
      db,
      secondFactorEvent(user, attempt, "second_factor_failed", { reason: "account_locked" }),
      now,
    );
    throw accountLocked(reserved.refusedUntil);
  }
  const accepted = await db.transaction(async (tx) => {
    // The trail's lock first, then the account row: the order of every sign-in path.
    await lockSecurityChain(tx, user.organisation);
    let payload: Record<string, unknown>;
    if (isTotpCode(attempt.code)) {
      const step = await acceptTotpCode(tx, user, attempt.code, now);
      if (step === null) return false;
      payload = { method: "totp", totpStep: step };
    } else {
      if (!(await useRecoveryCode(tx, user.id, recoveryCodeHash(attempt.code), now))) return false;
      payload = { method: "recovery_code", remaining: await countUnusedRecoveryCodes(tx, user.id) };
    }
    await markSecondFactorGiven(tx, attempt.sessionTokenHash);
    await recordSuccessfulLogin(tx, user.id);
    await markKnownSource(tx, user, attempt.ip, now);
    const type = payload.method === "totp" ? "second_factor_given" : "recovery_code_used";
    await appendSecurityEvent(tx, secondFactorEvent(user, attempt, type, payload), now);
    return true;
  });
  if (accepted) return;

  const refusal = await refuseAdmitted(
    db,
    user,
    { counter: "account", slot: reserved.slot, source: null },
    { matricule: user.matricule, ip: attempt.ip, userAgent: null },
    null,
    "wrong_second_factor",
    now,
  );
  if (refusal.status === 423) {
    await deleteSession(db, attempt.sessionTokenHash);
    throw refusal;
  }
  throw new AppError(
    401,
    "second_factor_code_invalid",
    message(
      "code incorrect ou expiré : saisissez le code affiché maintenant par l'application, ou un code de secours",
      "wrong or expired code: enter the code the app shows now, or a recovery code",
    ),
    "code",
  );
}
