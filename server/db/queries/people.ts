import { and, asc, eq, exists, gt, ilike, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { memberships, orgUnits, roles, users } from "../schema.js";
import type { UserRow } from "./orgChart.js";

/** The people directory an administrator manages: accounts, their units and roles. */

export interface UserFilter {
  unitId?: string | undefined;
  roleCode?: string | undefined;
  active?: boolean | undefined;
  /** Part of a name or matricule. */
  q?: string | undefined;
}

/** One page of an organisation's accounts, by matricule (unique). */
export async function pageUsers(
  db: Db,
  organisation: string,
  filter: UserFilter,
  page: { after: string | null; limit: number },
): Promise<UserRow[]> {
  const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db
    .select()
    .from(users)
    .where(
      and(
        eq(users.organisation, organisation),
        filter.unitId ? eq(users.unitId, filter.unitId) : undefined,
        filter.active !== undefined ? eq(users.active, filter.active) : undefined,
        pattern ? or(ilike(users.name, pattern), ilike(users.matricule, pattern)) : undefined,
        filter.roleCode
          ? exists(
              db
                .select({ one: sql`1` })
                .from(memberships)
                .where(and(eq(memberships.userId, users.id), eq(memberships.roleCode, filter.roleCode))),
            )
          : undefined,
        page.after ? gt(users.matricule, page.after) : undefined,
      ),
    )
    .orderBy(asc(users.matricule))
    .limit(page.limit + 1);
}

export async function listUsersOf(db: Db, organisation: string): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.organisation, organisation)).orderBy(asc(users.matricule));
}

export interface MembershipView {
  roleCode: string;
  roleTitle: string;
  unitId: string;
  unitCode: string;
  unitName: string;
}

/** The roles people hold, with titles and units, for several people at once. */
export async function membershipsOfUsers(
  db: Db,
  userIds: string[],
): Promise<Array<MembershipView & { userId: string }>> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({
      userId: memberships.userId,
      roleCode: memberships.roleCode,
      roleTitle: roles.title,
      unitId: memberships.unitId,
      unitCode: orgUnits.code,
      unitName: orgUnits.name,
    })
    .from(memberships)
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.unitId))
    .leftJoin(roles, and(eq(roles.organisation, orgUnits.organisation), eq(roles.code, memberships.roleCode)))
    .where(inArray(memberships.userId, userIds))
    .orderBy(asc(memberships.roleCode), asc(orgUnits.code));
  return rows.map((r) => ({ ...r, roleTitle: r.roleTitle ?? r.roleCode }));
}

export async function insertUser(
  db: Db,
  user: {
    organisation: string;
    matricule: string;
    name: string;
    email: string | null;
    phone: string | null;
    unitId: string | null;
    active: boolean;
    /** Null: no password yet (an imported account), until an administrator issues a default one. */
    passwordHash: string | null;
    mustChangePassword: boolean;
    /** The organisation's first administrator is made with the organisation. */
    isAdmin?: boolean;
  },
): Promise<UserRow> {
  const rows = await db.insert(users).values(user).returning();
  return rows[0]!;
}

export async function updateUser(
  db: Db,
  id: string,
  change: Partial<{
    name: string;
    email: string | null;
    phone: string | null;
    unitId: string | null;
    active: boolean;
  }>,
): Promise<UserRow> {
  const rows = await db.update(users).set(change).where(eq(users.id, id)).returning();
  return rows[0]!;
}

/** A new default password: the next login must replace it, and a lock is lifted. */
export async function resetPassword(db: Db, id: string, passwordHash: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({
      passwordHash,
      mustChangePassword: true,
      passwordChangedAt: now,
      failedLogins: 0,
      lockedUntil: null,
    })
    .where(eq(users.id, id));
}

export async function removeMembership(
  db: Db,
  m: { userId: string; roleCode: string; unitId: string },
): Promise<boolean> {
  const rows = await db
    .delete(memberships)
    .where(
      and(
        eq(memberships.userId, m.userId),
        eq(memberships.roleCode, m.roleCode),
        eq(memberships.unitId, m.unitId),
      ),
    )
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

/** Replaces a person's roles (the CSV import states them all). */
export async function replaceMemberships(
  db: Db,
  userId: string,
  held: Array<{ roleCode: string; unitId: string }>,
): Promise<void> {
  await db.delete(memberships).where(eq(memberships.userId, userId));
  if (held.length > 0) await db.insert(memberships).values(held.map((m) => ({ userId, ...m })));
}

export interface PersonRef {
  id: string;
  matricule: string;
  name: string;
}

/** Names of the people a case page mentions, by id (missing ids are simply absent). */
export async function peopleByIds(db: Db, ids: Iterable<string | null>): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, matricule: users.matricule, name: users.name })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}
