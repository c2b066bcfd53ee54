import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { memberships, orgUnits, roles, users } from "../schema.js";

export type UnitRow = typeof orgUnits.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;

export async function listUnits(db: Db, organisation: string): Promise<UnitRow[]> {
  return db.select().from(orgUnits).where(eq(orgUnits.organisation, organisation));
}

export async function upsertUnit(
  db: Db,
  unit: {
    organisation: string;
    code: string;
    name: string;
    kind: string;
    parentId: string | null;
    headRole: string | null;
  },
): Promise<string> {
  const rows = await db
    .insert(orgUnits)
    .values(unit)
    .onConflictDoUpdate({
      target: [orgUnits.organisation, orgUnits.code],
      set: { name: unit.name, kind: unit.kind, parentId: unit.parentId, headRole: unit.headRole },
    })
    .returning({ id: orgUnits.id });
  return rows[0]!.id;
}

export async function upsertRole(db: Db, role: { organisation: string; code: string; title: string }) {
  await db
    .insert(roles)
    .values(role)
    .onConflictDoUpdate({ target: [roles.organisation, roles.code], set: { title: role.title } });
}

export async function findUserByMatricule(db: Db, matricule: string): Promise<UserRow | null> {
  const rows = await db.select().from(users).where(eq(users.matricule, matricule));
  return rows[0] ?? null;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
  const rows = await db.select().from(users).where(eq(users.id, id));
  return rows[0] ?? null;
}

export async function upsertUser(
  db: Db,
  user: {
    organisation: string;
    matricule: string;
    name: string;
    email: string | null;
    phone: string | null;
    unitId: string;
    /** Left as it is when not given. */
    isAdmin?: boolean;
  },
): Promise<string> {
  const rows = await db
    .insert(users)
    .values(user)
    .onConflictDoUpdate({
      target: [users.organisation, users.matricule],
      set: {
        name: user.name,
        email: user.email,
        phone: user.phone,
        unitId: user.unitId,
        ...(user.isAdmin === undefined ? {} : { isAdmin: user.isAdmin }),
      },
    })
    .returning({ id: users.id });
  return rows[0]!.id;
}

export async function addMembership(db: Db, m: { userId: string; roleCode: string; unitId: string }) {
  await db.insert(memberships).values(m).onConflictDoNothing();
}

export async function membershipsOf(db: Db, userId: string): Promise<MembershipRow[]> {
  return db.select().from(memberships).where(eq(memberships.userId, userId));
}

/** Matricules of the people holding a role (in a unit when given) in an organisation: who can take a task. */
export async function holdersOfRole(
  db: Db,
  organisation: string,
  roleCode: string,
  unitId: string | null = null,
): Promise<string[]> {
  const rows = await db
    .select({ matricule: users.matricule })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.unitId))
    .where(
      and(
        eq(memberships.roleCode, roleCode),
        eq(orgUnits.organisation, organisation),
        sql`${users.active} = true`,
        unitId ? eq(memberships.unitId, unitId) : undefined,
      ),
    )
    .orderBy(users.matricule);
  return rows.map((r) => r.matricule);
}

/** Role titles of an organisation by code: how a definition's actors are named in the org chart. */
export async function roleTitles(db: Db, organisation: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ code: roles.code, title: roles.title })
    .from(roles)
    .where(eq(roles.organisation, organisation));
  return new Map(rows.map((r) => [r.code, r.title]));
}
