import { message } from "../../engine/messages.js";
import { appendSecurityEvent, type SecurityEvent, UNKNOWN_ORGANISATION } from "../audit/securityTrail.js";
import { type OpenedSession, openSession } from "../auth/sessions.js";
import type { Db } from "../db/database.js";
import { recordFailedLogin, recordSuccessfulLogin, securityOfficersOf } from "../db/queries/accounts.js";
import { insertNotifications } from "../db/queries/notifications.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";

/**
 * What every way of signing in shares (local password, directory, single sign-on): the security
 * events, the count of wrong passwords and the lock, and the session opened at the end.
 */

/** Five wrong passwords or second-factor codes in a row lock the account for a quarter of an hour. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

export type SignInMethod = "password" | "ldap" | "oidc";

export interface SignInContext {
  /** What the person typed or what the identity provider asserted. */
  matricule: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoggedIn {
  user: UserRow;
  session: OpenedSession;
}

export const invalidCredentials = () =>
  new AppError(
    401,
    "invalid_credentials",
    message("matricule ou mot de passe incorrect", "wrong matricule or password"),
  );

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

function failureEvent(
  user: UserRow | null,
  context: SignInContext,
  method: SignInMethod,
  payload: Record<string, unknown>,
): SecurityEvent {
  return {
    organisation: user?.organisation ?? UNKNOWN_ORGANISATION,
    type: "login_failed",
    userId: user?.id ?? null,
    matricule: user?.matricule ?? context.matricule,
    actorUserId: null,
    ip: context.ip,
    payload: { method, ...payload },
  };
}

/**
 * Records a refused sign-in that does not count toward the lock (unknown or inactive account,
 * account already locked, directory out of reach), in its own transaction so that it survives
 * the error the caller throws next.
 */
export async function recordRefusedSignIn(
  db: Db,
  user: UserRow | null,
  context: SignInContext,
  method: SignInMethod,
  reason: string,
  now: Date,
): Promise<void> {
  await appendSecurityEvent(db, failureEvent(user, context, method, { reason }), now);
}

/**
 * Counts a wrong password or second-factor code toward the lock, in its own transaction so that
 * the count and the trail survive the refusal; the fifth in a row locks the account and tells the
 * person and the security officer. Returns the lock's end when this failure locked the account.
 */
export async function countFailedLogin(
  db: Db,
  user: UserRow,
  attempt: { matricule: string; ip: string | null },
  reason: string,
  now: Date,
  method?: SignInMethod,
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
        payload: { ...(method ? { method } : {}), reason, failedLogins: count.failedLogins },
      },
      now,
    );
    if (!count.locked) return null;
    await recordLock(tx, user, attempt, lockedUntil, count.failedLogins, now);
    return lockedUntil;
  });
}

/** A wrong password at sign-in (local or directory): counted; returns the error to throw. */
export async function recordWrongPassword(
  db: Db,
  user: UserRow,
  context: SignInContext,
  method: SignInMethod,
  now: Date,
  reason = "wrong_password",
): Promise<AppError> {
  const lockedUntil = await countFailedLogin(db, user, context, reason, now, method);
  return lockedUntil ? accountLocked(lockedUntil) : invalidCredentials();
}

/** The checks every method makes before it trusts anything: the account is active and not locked. */
export async function refuseUnusableAccount(
  db: Db,
  user: UserRow,
  context: SignInContext,
  method: SignInMethod,
  now: Date,
): Promise<void> {
  if (!user.active) {
    await recordRefusedSignIn(db, user, context, method, "inactive_account", now);
    throw invalidCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordRefusedSignIn(db, user, context, method, "account_locked", now);
    throw accountLocked(user.lockedUntil);
  }
}

/** The identity is proven: the counters reset, a session opens, the trail says how. */
export async function openSignedInSession(
  tx: Db,
  user: UserRow,
  context: SignInContext,
  method: SignInMethod,
  now: Date,
  payload: Record<string, unknown> = {},
): Promise<LoggedIn> {
  // With a second factor, the count is reset only once the code is given: otherwise signing in
  // again with the password would reset it between wrong codes.
  if (!user.totpEnabled) await recordSuccessfulLogin(tx, user.id);
  const session = await openSession(
    tx,
    user.id,
    { ip: context.ip, userAgent: context.userAgent, pendingSecondFactor: user.totpEnabled },
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
      ip: context.ip,
      payload: { method, ...payload },
    },
    now,
  );
  return { user, session };
}

/** The lock is an audit event, and the person and the security officer are told of it. */
async function recordLock(
  tx: Db,
  user: UserRow,
  context: { ip: string | null },
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
      ip: context.ip,
      payload: { failedLogins, lockedUntil: lockedUntil.toISOString() },
    },
    now,
  );
  const until = lockedUntil.toISOString();
  const officers = (await securityOfficersOf(tx, user.organisation)).filter((id) => id !== user.id);
  await insertNotifications(tx, [
    {
      organisation: user.organisation,
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
      organisation: user.organisation,
      userId: officerId,
      kind: "failed_access_attempts",
      subject: message(
        `Tentatives d'accès échouées : ${user.matricule}`,
        `Failed access attempts: ${user.matricule}`,
      ),
      body: message(
        `Le compte ${user.matricule} (${user.name}) a été verrouillé après ${failedLogins} échecs de connexion (dernière adresse : ${context.ip ?? "inconnue"}).`,
        `Account ${user.matricule} (${user.name}) was locked after ${failedLogins} failed logins (last address: ${context.ip ?? "unknown"}).`,
      ),
      createdAt: now,
    })),
  ]);
}
