import { message } from "../../engine/messages.js";
import { appendSecurityEvent, UNKNOWN_ORGANISATION } from "../audit/securityTrail.js";
import { verifyAgainstNothing, verifyPassword } from "../auth/passwords.js";
import { type OpenedSession, openSession } from "../auth/sessions.js";
import type { Db } from "../db/database.js";
import { recordFailedLogin, recordSuccessfulLogin, securityOfficersOf } from "../db/queries/accounts.js";
import { insertNotifications } from "../db/queries/notifications.js";
import { findUserByMatricule, type UserRow } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";

/** Five wrong passwords or second-factor codes in a row lock the account for a quarter of an hour. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

export interface LoginAttempt {
  matricule: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoggedIn {
  user: UserRow;
  session: OpenedSession;
}

const invalidCredentials = () =>
  new AppError(
    401,
    "invalid_credentials",
    message("matricule ou mot de passe incorrect", "wrong matricule or password"),
  );

/**
 * Checks a local password and opens a session. Failures are recorded in their own transaction
 * before the refusal is thrown, so that the count and the audit trail survive the error.
 */
export async function loginWithPassword(db: Db, attempt: LoginAttempt, now: Date): Promise<LoggedIn> {
  const user = await findUserByMatricule(db, attempt.matricule);
  const failure = (reason: string) => ({
    organisation: user?.organisation ?? UNKNOWN_ORGANISATION,
    type: "login_failed",
    userId: user?.id ?? null,
    matricule: attempt.matricule,
    actorUserId: null,
    ip: attempt.ip,
    payload: { reason },
  });

  if (!user?.active || user.authSource !== "local" || !user.passwordHash) {
    await verifyAgainstNothing(attempt.password);
    const reason = !user ? "unknown_account" : !user.active ? "inactive_account" : "not_a_local_account";
    await appendSecurityEvent(db, failure(reason), now);
    throw invalidCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await appendSecurityEvent(db, failure("account_locked"), now);
    throw accountLocked(user.lockedUntil);
  }
  if (!(await verifyPassword(user.passwordHash, attempt.password))) {
    const lockedUntil = await countFailedLogin(db, user, attempt, "wrong_password", now);
    throw lockedUntil ? accountLocked(lockedUntil) : invalidCredentials();
  }

  return db.transaction(async (tx) => {
    // With a second factor, the count is reset only once the code is given: otherwise signing in
    // again with the password would reset it between wrong codes.
    if (!user.totpEnabled) await recordSuccessfulLogin(tx, user.id);
    const session = await openSession(
      tx,
      user.id,
      { ip: attempt.ip, userAgent: attempt.userAgent, pendingSecondFactor: user.totpEnabled },
      now,
    );
    await appendSecurityEvent(
      tx,
      {
        organisation: user.organisation,
        type: "login_succeeded",
        userId: user.id,
        matricule: user.matricule,
        actorUserId: null,
        ip: attempt.ip,
        payload: { method: "password" },
      },
      now,
    );
    return { user, session };
  });
}

/**
 * Counts a wrong password or second-factor code toward the lock, in its own transaction so that
 * the count and the trail survive the refusal. Returns the lock's end when this failure locked
 * the account.
 */
export async function countFailedLogin(
  db: Db,
  user: UserRow,
  attempt: { matricule: string; ip: string | null },
  reason: string,
  now: Date,
): Promise<Date | null> {
  const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  return db.transaction(async (tx) => {
    const count = await recordFailedLogin(tx, user.id, LOCK_AFTER_FAILURES, lockedUntil);
    await appendSecurityEvent(
      tx,
      {
        organisation: user.organisation,
        type: "login_failed",
        userId: user.id,
        matricule: attempt.matricule,
        actorUserId: null,
        ip: attempt.ip,
        payload: { reason, failedLogins: count.failedLogins },
      },
      now,
    );
    if (!count.locked) return null;
    await recordLock(tx, user, attempt, lockedUntil, count.failedLogins, now);
    return lockedUntil;
  });
}

/** The lock is an audit event, and the person and the security officer are told of it. */
async function recordLock(
  tx: Db,
  user: UserRow,
  attempt: { ip: string | null },
  lockedUntil: Date,
  failedLogins: number,
  now: Date,
): Promise<void> {
  await appendSecurityEvent(
    tx,
    {
      organisation: user.organisation,
      type: "account_locked",
      userId: user.id,
      matricule: user.matricule,
      actorUserId: null,
      ip: attempt.ip,
      payload: { failedLogins, lockedUntil: lockedUntil.toISOString() },
    },
    now,
  );
  const until = lockedUntil.toISOString();
  const officers = (await securityOfficersOf(tx, user.organisation)).filter((id) => id !== user.id);
  await insertNotifications(tx, [
    {
      userId: user.id,
      kind: "account_locked",
      subject: message("Votre compte a été verrouillé", "Your account was locked"),
      body: message(
        `${failedLogins} mots de passe ou codes de vérification erronés ont été saisis pour votre compte ; il est verrouillé jusqu'à ${until}. Si ce n'était pas vous, prévenez le responsable de la sécurité.`,
        `${failedLogins} wrong passwords or verification codes were entered for your account; it is locked until ${until}. If this was not you, tell the security officer.`,
      ),
      createdAt: now,
    },
    ...officers.map((officerId) => ({
      userId: officerId,
      kind: "failed_access_attempts",
      subject: message(
        `Tentatives d'accès échouées : ${user.matricule}`,
        `Failed access attempts: ${user.matricule}`,
      ),
      body: message(
        `Le compte ${user.matricule} (${user.name}) a été verrouillé après ${failedLogins} échecs de connexion (dernière adresse : ${attempt.ip ?? "inconnue"}).`,
        `Account ${user.matricule} (${user.name}) was locked after ${failedLogins} failed logins (last address: ${attempt.ip ?? "unknown"}).`,
      ),
      createdAt: now,
    })),
  ]);
}

export function accountLocked(until: Date): AppError {
  const at = until.toISOString();
  return new AppError(
    423,
    "account_locked",
    message(
      `compte verrouillé après plusieurs échecs de connexion, jusqu'à ${at}`,
      `account locked after repeated failed logins, until ${at}`,
    ),
  );
}
