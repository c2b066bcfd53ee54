import { message } from "../../engine/messages.js";
import { appendSecurityEvent, type SecurityEvent, UNKNOWN_ORGANISATION } from "../audit/securityTrail.js";
import { type OpenedSession, openSession } from "../auth/sessions.js";
import type { Db } from "../db/database.js";
import { recordFailedLogin, recordSuccessfulLogin, securityOfficersOf } from "../db/queries/accounts.js";
import { insertNotifications } from "../db/queries/notifications.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { lockSecurityChain } from "../db/queries/securityEvents.js";
import {
  clearAccountAttempts,
  giveBackAccountAttempt,
  isMarked,
  lockAccount,
  markKnown,
  markThrottled,
  releaseThrottled,
  reserveAccountAttempt,
  reserveThrottled,
} from "../db/queries/signInThrottles.js";
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
 * Counts a wrong second-factor proof (turning it off, new recovery codes) toward the account's
 * lock, after the fact: these need a signed-in session, so they are not raced like sign-ins.
 * The security trail's lock is taken before the account row, as every sign-in path does, so that
 * a success and a failure never wait on each other in opposite orders.
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
    await lockSecurityChain(tx, user.organisation);
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
    await markThrottled(tx, codeLockKey(user.id), lockedUntil);
    await recordLock(tx, user, attempt, lockedUntil, count.failedLogins, now);
    return lockedUntil;
  });
}

/** More failed sign-ins than this from one address in SOURCE_WINDOW_MINUTES: the address waits. */
export const SOURCE_FAILURE_LIMIT = 20;
export const SOURCE_WINDOW_MINUTES = 15;
/** A source a person signed in from stays theirs this long after their last sign-in from it. */
export const KNOWN_SOURCE_DAYS = 30;

const sourceKey = (ip: string) => `source:${ip}`;
const unknownKey = (matricule: string) => `unknown:${matricule.toUpperCase()}`;
const knownKey = (userId: string, ip: string) => `known:${userId}:${ip}`;
const accountSourceKey = (userId: string, ip: string) => `account-source:${userId}:${ip}`;
const codeLockKey = (userId: string) => `code-lock:${userId}`;

/**
 * Where an admitted attempt was counted: the account's own counter (sources the person never
 * signed in from, and second-factor codes), or the account's counter for one source the person
 * signed in from before (an attacker elsewhere cannot lock them out of their own desk).
 */
export type Admission =
  | { counter: "account"; slot: number; source: string | null }
  | { counter: "known-source"; key: string; slot: number; source: string | null }
  | { counter: "unknown-account"; slot: number; source: string | null };

export const tooManyAttempts = (until: Date) =>
  new AppError(
    429,
    "too_many_attempts",
    message(
      `trop de tentatives de connexion depuis cette adresse : réessayez après ${until.toISOString()}`,
      `too many sign-in attempts from this address: try again after ${until.toISOString()}`,
    ),
  );

/**
 * Counts the attempt before anything is evaluated and refuses it past the limits (see DECISIONS,
 * "Sign-in throttling"). An unknown, inactive or external matricule gets a counter of its own, so
 * it answers exactly like a real account (401 four times, then 423) and reveals nothing.
 */
export async function admitSignIn(
  db: Db,
  user: UserRow | null,
  context: SignInContext,
  method: SignInMethod,
  now: Date,
): Promise<Admission> {
  const source = context.ip;
  if (source) {
    const reserved = await reserveThrottled(
      db,
      sourceKey(source),
      SOURCE_FAILURE_LIMIT,
      now,
      SOURCE_WINDOW_MINUTES,
    );
    if ("refusedUntil" in reserved) {
      await recordRefusedSignIn(db, user, context, method, "source_throttled", now);
      throw tooManyAttempts(reserved.refusedUntil);
    }
  }
  if (!user) {
    const reserved = await reserveThrottled(
      db,
      unknownKey(context.matricule),
      LOCK_AFTER_FAILURES,
      now,
      LOCK_MINUTES,
    );
    if ("refusedUntil" in reserved) {
      await recordRefusedSignIn(db, null, context, method, "account_locked", now);
      throw accountLocked(reserved.refusedUntil);
    }
    return { counter: "unknown-account", slot: reserved.slot, source };
  }
  const trusted =
    source !== null &&
    (await isMarked(db, knownKey(user.id, source), now)) &&
    !(await isMarked(db, codeLockKey(user.id), now));
  if (trusted) {
    const key = accountSourceKey(user.id, source);
    const reserved = await reserveThrottled(db, key, LOCK_AFTER_FAILURES, now, LOCK_MINUTES);
    if ("refusedUntil" in reserved) {
      await recordRefusedSignIn(db, user, context, method, "account_locked", now);
      throw accountLocked(reserved.refusedUntil);
    }
    return { counter: "known-source", key, slot: reserved.slot, source };
  }
  const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  const reserved = await reserveAccountAttempt(db, user.id, LOCK_AFTER_FAILURES, now, lockUntil);
  if ("refusedUntil" in reserved) {
    await recordRefusedSignIn(db, user, context, method, "account_locked", now);
    throw accountLocked(reserved.refusedUntil);
  }
  return { counter: "account", slot: reserved.slot, source };
}

/**
 * A wrong password (or code) for an admitted attempt: the trail records it; the attempt in the
 * last slot locks (once per lock window, so the security officer hears of it once). Returns the
 * error to throw: the same for an unknown matricule as for a real one.
 */
export async function refuseAdmitted(
  db: Db,
  user: UserRow | null,
  admission: Admission,
  context: SignInContext,
  method: SignInMethod | null,
  reason: string,
  now: Date,
): Promise<AppError> {
  const lastSlot = admission.slot >= LOCK_AFTER_FAILURES;
  const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  if (!user) {
    await appendSecurityEvent(
      db,
      failureEvent(null, context, method ?? "password", { reason, failedLogins: admission.slot }),
      now,
    );
    return lastSlot ? accountLocked(lockedUntil) : invalidCredentials();
  }
  await db.transaction(async (tx) => {
    await appendSecurityEvent(
      tx,
      {
        organisation: user.organisation,
        type: "login_failed",
        userId: user.id,
        matricule: context.matricule,
        actorUserId: null,
        ip: context.ip,
        payload: {
          ...(method ? { method } : {}),
          reason,
          failedLogins: admission.slot,
          ...(admission.counter === "known-source" ? { knownSource: true } : {}),
        },
      },
      now,
    );
    if (!lastSlot) return;
    if (admission.counter === "account") {
      await lockAccount(tx, user.id, lockedUntil);
      if (method === null) await markThrottled(tx, codeLockKey(user.id), lockedUntil);
      await recordLock(tx, user, context, lockedUntil, admission.slot, now);
    } else {
      await appendSecurityEvent(
        tx,
        {
          organisation: user.organisation,
          type: "account_locked",
          userId: user.id,
          matricule: user.matricule,
          actorUserId: null,
          ip: context.ip,
          payload: {
            failedLogins: admission.slot,
            lockedUntil: lockedUntil.toISOString(),
            source: context.ip,
          },
        },
        now,
      );
    }
  });
  return lastSlot ? accountLocked(lockedUntil) : invalidCredentials();
}

/**
 * The attempt did not count (the directory did not answer): its slots are given back.
 */
export async function withdrawAdmission(db: Db, user: UserRow | null, admission: Admission): Promise<void> {
  if (admission.source) await releaseThrottled(db, sourceKey(admission.source), false);
  if (admission.counter === "known-source") await releaseThrottled(db, admission.key, false);
  else if (admission.counter === "account" && user)
    await giveBackAccountAttempt(db, user.id, admission.slot, LOCK_AFTER_FAILURES);
}

/**
 * The right answer: the source gets its slot back, the counter that admitted it starts again,
 * and (once the sign-in is complete) the source becomes one the person is known to use.
 */
export async function acceptAdmitted(
  tx: Db,
  user: UserRow,
  admission: Admission,
  now: Date,
  complete: boolean,
): Promise<void> {
  if (admission.source) await releaseThrottled(tx, sourceKey(admission.source), false);
  if (admission.counter === "known-source") await releaseThrottled(tx, admission.key, true);
  else if (admission.counter === "account") {
    // With a second factor still due, the right password only gives its slot back: the count
    // starts again once the code is given.
    if (complete) await clearAccountAttempts(tx, user.id);
    else await giveBackAccountAttempt(tx, user.id, admission.slot, LOCK_AFTER_FAILURES);
  }
  if (complete && admission.source)
    await markKnown(tx, knownKey(user.id, admission.source), now, KNOWN_SOURCE_DAYS);
}

/** A second factor given: the source the password came from becomes a known one. */
export async function markKnownSource(tx: Db, user: UserRow, ip: string | null, now: Date): Promise<void> {
  if (ip) await markKnown(tx, knownKey(user.id, ip), now, KNOWN_SOURCE_DAYS);
}

/**
 * Single sign-on's check before it trusts the provider: the account is active and not locked
 * (no guess is evaluated here, so nothing is counted).
 */
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
  admission: Admission | null = null,
): Promise<LoggedIn> {
  // The trail's lock first, then the account row: the order every sign-in path takes.
  await lockSecurityChain(tx, user.organisation);
  if (admission) await acceptAdmitted(tx, user, admission, now, !user.totpEnabled);
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
