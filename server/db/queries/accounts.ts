import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { memberships, organisations, orgUnits, roles, users } from "../schema.js";

/** Bookkeeping of password logins on the user row. */
export async function recordFailedLogin(
  db: Db,
  userId: string,
  lockAfter: number,
  lockUntil: Date,
): Promise<{ failedLogins: number; locked: boolean }> {
  const rows = await db
    .update(users)
    .set({
      failedLogins: sql`${users.failedLogins} + 1`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${lockAfter} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, userId))
    .returning({ failedLogins: users.failedLogins });
  const failedLogins = rows[0]?.failedLogins ?? 0;
  return { failedLogins, locked: failedLogins >= lockAfter };
}

export async function recordSuccessfulLogin(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
}

export async function setPassword(
  db: Db,
  userId: string,
  passwordHash: string,
  mustChangePassword: boolean,
  now: Date,
): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword, passwordChangedAt: now })
    .where(eq(users.id, userId));
}

/** Sets a default password on the accounts that have none yet (demo data, first start). */
export async function setMissingPasswords(
  db: Db,
  organisation: string,
  matricules: string[],
  passwordHash: string,
): Promise<void> {
  if (matricules.length === 0) return;
  // Matricules are unique within an organisation only: another one's agent 0042 is not this one's.
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword: true })
    .where(
      and(
        eq(users.organisation, organisation),
        inArray(users.matricule, matricules),
        sql`${users.passwordHash} is null`,
        eq(users.authSource, "local"),
      ),
    );
}

/** What the header of every screen shows about the person: their unit and roles with titles. */
export async function profileOf(db: Db, userId: string) {
  const rows = await db
    .select({
      code: memberships.roleCode,
      title: roles.title,
      privileged: roles.privileged,
      unitCode: orgUnits.code,
      unitName: orgUnits.name,
    })
    .from(memberships)
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.unitId))
    .leftJoin(roles, and(eq(roles.organisation, orgUnits.organisation), eq(roles.code, memberships.roleCode)))
    .where(eq(memberships.userId, userId))
    .orderBy(memberships.roleCode, orgUnits.code);
  return rows.map((r) => ({
    code: r.code,
    title: r.title ?? r.code,
    privileged: r.privileged ?? false,
    unitCode: r.unitCode,
    unitName: r.unitName,
  }));
}

export async function findUnitName(db: Db, unitId: string | null) {
  if (!unitId) return null;
  const rows = await db
    .select({ code: orgUnits.code, name: orgUnits.name })
    .from(orgUnits)
    .where(eq(orgUnits.id, unitId));
  return rows[0] ?? null;
}

/** Active holders of the organisation's security officer role (the RSSI, the CSSI). */
export async function securityOfficersOf(db: Db, organisation: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(organisations)
    .innerJoin(orgUnits, eq(orgUnits.organisation, organisations.code))
    .innerJoin(
      memberships,
      and(eq(memberships.unitId, orgUnits.id), eq(memberships.roleCode, organisations.securityOfficerRole)),
    )
    .innerJoin(users, and(eq(users.id, memberships.userId), eq(users.active, true)))
    .where(eq(organisations.code, organisation));
  return rows.map((r) => r.id);
}

/**
 * What the directory or the identity provider says about a person, copied at each sign-in: the
 * directory is the reference for names and addresses of external accounts.
 */
export async function refreshExternalIdentity(
  db: Db,
  userId: string,
  identity: { name: string | null; email: string | null; externalSubject: string },
): Promise<void> {
  await db
    .update(users)
    .set({
      externalSubject: identity.externalSubject,
      ...(identity.name ? { name: identity.name } : {}),
      ...(identity.email ? { email: identity.email } : {}),
    })
    .where(eq(users.id, userId));
}

/** Makes an account sign in through the directory or the identity provider (no local password). */
export async function setAuthSource(
  db: Db,
  userId: string,
  authSource: "local" | "ldap" | "oidc",
  externalSubject: string | null,
): Promise<void> {
  await db
    .update(users)
    .set({
      authSource,
      externalSubject,
      ...(authSource === "local" ? {} : { passwordHash: null, mustChangePassword: false }),
    })
    .where(eq(users.id, userId));
}

export async function findUnitId(db: Db, organisation: string, code: string): Promise<string | null> {
  const rows = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.organisation, organisation), eq(orgUnits.code, code)));
  return rows[0]?.id ?? null;
}

/** An account created at its first sign-in through the directory: no password here, no roles. */
export async function insertExternalUser(
  db: Db,
  user: {
    organisation: string;
    matricule: string;
    name: string;
    email: string | null;
    unitId: string;
    authSource: "ldap" | "oidc";
    externalSubject: string;
  },
): Promise<void> {
  await db.insert(users).values(user);
}

export async function matriculeTakenIgnoringCase(db: Db, matricule: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.matricule}) = lower(${matricule})`)
    .limit(1);
  return rows.length > 0;
}
