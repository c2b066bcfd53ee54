import { message } from "../../engine/messages.js";
import { verifyPassword } from "../auth/passwords.js";
import { acceptTotpCode, wrongCode } from "../auth/secondFactor.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";
import { accountLocked, countFailedLogin } from "./signInRecorder.js";

export type Proof = { code: string } | { password: string };

export type ProofOutcome = { ok: true; totpStep: number | null } | { ok: false; reason: string };

/**
 * Checks the fresh proof asked before the second factor is turned off or its recovery codes
 * replaced: a current authenticator code, or the password. Call it inside the transaction that
 * records the change (an accepted TOTP step goes into that transaction's security event), and
 * `refuseProof` after it when the proof was wrong.
 */
export async function checkProof(db: Db, user: UserRow, proof: Proof, now: Date): Promise<ProofOutcome> {
  if ("code" in proof) {
    const step = await acceptTotpCode(db, user, proof.code, now);
    return step === null ? { ok: false, reason: "wrong_second_factor" } : { ok: true, totpStep: step };
  }
  if (!user.passwordHash) {
    throw new AppError(
      422,
      "password_not_available",
      message(
        "ce compte n'a pas de mot de passe local : donnez un code de l'application",
        "this account has no local password: give a code from the app",
      ),
      "password",
    );
  }
  return (await verifyPassword(user.passwordHash, proof.password))
    ? { ok: true, totpStep: null }
    : { ok: false, reason: "wrong_password" };
}

/**
 * A wrong proof counts toward the lock, as at sign-in: a stolen session must not become a way to
 * guess the password or the codes.
 */
export async function refuseProof(
  db: Db,
  user: UserRow,
  context: { ip: string | null },
  reason: string,
  now: Date,
): Promise<never> {
  const lockedUntil = await countFailedLogin(
    db,
    user,
    { matricule: user.matricule, ip: context.ip },
    reason,
    now,
  );
  if (lockedUntil) throw accountLocked(lockedUntil);
  if (reason === "wrong_password") {
    throw new AppError(
      422,
      "wrong_password",
      message("mot de passe incorrect", "wrong password"),
      "password",
    );
  }
  throw wrongCode();
}
