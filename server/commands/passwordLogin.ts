import { message } from "../../engine/messages.js";
import { appendSecurityEvent } from "../audit/securityTrail.js";
import { checkDirectoryPassword, type DirectoryConfig } from "../auth/directory.js";
import { verifyAgainstNothing, verifyPassword } from "../auth/passwords.js";
import type { Db } from "../db/database.js";
import {
  findUnitId,
  insertExternalUser,
  matriculeTakenIgnoringCase,
  refreshExternalIdentity,
} from "../db/queries/accounts.js";
import { findUserByMatricule, type UserRow } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";
import {
  admitSignIn,
  invalidCredentials,
  type LoggedIn,
  openSignedInSession,
  recordRefusedSignIn,
  refuseAdmitted,
  type SignInContext,
  withdrawAdmission,
} from "./signInRecorder.js";

export interface LoginAttempt extends SignInContext {
  password: string;
  /** The organisation named at sign-in, when matricules alone are ambiguous. */
  organisation?: string | null;
}

/**
 * Checks a matricule and password and opens a session. Local accounts are checked against their
 * argon2id hash; `ldap` accounts (and, with auto-creation, people unknown here) by the directory
 * when one is configured. Both share the lock, the security trail and the session. Failures are
 * recorded in their own transaction before the refusal is thrown, so that they survive the error.
 */
export async function loginWithPassword(
  db: Db,
  attempt: LoginAttempt,
  now: Date,
  directory: DirectoryConfig | null = null,
): Promise<LoggedIn> {
  const user = await findUserByMatricule(db, attempt.matricule, attempt.organisation ?? null);
  if (directory && (user?.authSource === "ldap" || (!user && directory.autoCreate))) {
    return loginThroughDirectory(db, directory, user, attempt, now);
  }

  // An account that cannot sign in with a password here is counted like an unknown matricule.
  const usable = user?.active && user.authSource === "local" && user.passwordHash ? user : null;
  const admission = await admitSignIn(db, usable, attempt, "password", now);
  if (!usable) {
    await verifyAgainstNothing(attempt.password);
    const reason = !user ? "unknown_account" : !user.active ? "inactive_account" : "not_a_local_account";
    throw await refuseAdmitted(
      db,
      null,
      admission,
      { ...attempt, matricule: attempt.matricule },
      "password",
      reason,
      now,
    );
  }
  if (!(await verifyPassword(usable.passwordHash!, attempt.password))) {
    throw await refuseAdmitted(db, usable, admission, attempt, "password", "wrong_password", now);
  }
  return db.transaction((tx) => openSignedInSession(tx, usable, attempt, "password", now, {}, admission));
}

/**
 * The directory decides. A locked or inactive account is refused before the directory is asked;
 * a directory out of reach is a 503 that counts toward nothing.
 */
async function loginThroughDirectory(
  db: Db,
  directory: DirectoryConfig,
  user: UserRow | null,
  attempt: LoginAttempt,
  now: Date,
): Promise<LoggedIn> {
  const usable = user?.active ? user : null;
  const admission = await admitSignIn(db, usable, attempt, "ldap", now);
  if (user && !usable) {
    throw await refuseAdmitted(db, null, admission, attempt, "ldap", "inactive_account", now);
  }

  let check: Awaited<ReturnType<typeof checkDirectoryPassword>>;
  try {
    check = await checkDirectoryPassword(directory, attempt.matricule, attempt.password);
  } catch (error) {
    await withdrawAdmission(db, usable, admission);
    await recordRefusedSignIn(db, user, attempt, "ldap", "directory_unavailable", now);
    throw error;
  }

  if (check.kind !== "accepted") {
    // Not in the directory, or the filter matched several entries: refused like a wrong password.
    const reason = check.kind === "wrong_password" ? "wrong_password" : `directory_${check.kind}`;
    throw await refuseAdmitted(db, usable, admission, attempt, "ldap", reason, now);
  }

  // Directories compare matricules ignoring case: "dgd0005" must not become a second DGD0005.
  if (!user && (await matriculeTakenIgnoringCase(db, attempt.matricule))) {
    await recordRefusedSignIn(db, null, attempt, "ldap", "matricule_case_differs", now);
    throw invalidCredentials();
  }

  const identity = { name: check.name, email: check.email, externalSubject: check.dn };
  return db.transaction(async (tx) => {
    if (user) {
      await refreshExternalIdentity(tx, user.id, identity);
      const refreshed: UserRow = {
        ...user,
        externalSubject: check.dn,
        name: check.name ?? user.name,
        email: check.email ?? user.email,
      };
      return openSignedInSession(tx, refreshed, attempt, "ldap", now, { dn: check.dn }, admission);
    }
    const created = await createFromDirectory(tx, directory, attempt, identity, now);
    return openSignedInSession(
      tx,
      created,
      attempt,
      "ldap",
      now,
      { dn: check.dn },
      {
        ...admission,
        counter: "unknown-account",
      },
    );
  });
}

/** LDAP_AUTO_CREATE: a person the directory knows gets an account in the default unit, no roles. */
async function createFromDirectory(
  tx: Db,
  directory: DirectoryConfig,
  attempt: LoginAttempt,
  identity: { name: string | null; email: string | null; externalSubject: string },
  now: Date,
): Promise<UserRow> {
  const place = directory.autoCreate!;
  const unitId = await findUnitId(tx, place.organisation, place.unitCode);
  if (!unitId) {
    throw new AppError(
      503,
      "directory_default_unit_missing",
      message(
        `l'unité d'accueil des comptes de l'annuaire (${place.organisation}/${place.unitCode}) n'existe pas : prévenez l'administrateur`,
        `the unit for directory accounts (${place.organisation}/${place.unitCode}) does not exist: tell the administrator`,
      ),
    );
  }
  await insertExternalUser(tx, {
    organisation: place.organisation,
    matricule: attempt.matricule,
    name: identity.name ?? attempt.matricule,
    email: identity.email,
    unitId,
    authSource: "ldap",
    externalSubject: identity.externalSubject,
  });
  const created = (await findUserByMatricule(tx, attempt.matricule, place.organisation))!;
  await appendSecurityEvent(
    tx,
    {
      organisation: created.organisation,
      type: "account_created_from_directory",
      userId: created.id,
      matricule: created.matricule,
      actorUserId: null,
      ip: attempt.ip,
      payload: { method: "ldap", dn: identity.externalSubject, unit: place.unitCode },
    },
    now,
  );
  return created;
}
