import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../database.js";
import { roles } from "../schema.js";

export type RoleRow = typeof roles.$inferSelect;

export async function listRoles(db: Db, organisation: string): Promise<RoleRow[]> {
  return db.select().from(roles).where(eq(roles.organisation, organisation)).orderBy(asc(roles.code));
}

/** One page of an organisation's roles, by code (unique within the organisation). */
export async function pageRoles(
  db: Db,
  organisation: string,
  page: { after: string | null; limit: number },
): Promise<RoleRow[]> {
  return db
    .select()
    .from(roles)
    .where(and(eq(roles.organisation, organisation), page.after ? gt(roles.code, page.after) : undefined))
    .orderBy(asc(roles.code))
    .limit(page.limit + 1);
}

export async function findRole(db: Db, organisation: string, code: string): Promise<RoleRow | null> {
  const rows = await db
    .select()
    .from(roles)
    .where(and(eq(roles.organisation, organisation), eq(roles.code, code)));
  return rows[0] ?? null;
}

export async function insertRole(
  db: Db,
  role: { organisation: string; code: string; title: string; privileged: boolean },
): Promise<RoleRow> {
  const rows = await db.insert(roles).values(role).returning();
  return rows[0]!;
}

export async function updateRole(
  db: Db,
  organisation: string,
  code: string,
  change: Partial<{ title: string; privileged: boolean }>,
): Promise<RoleRow> {
  const rows = await db
    .update(roles)
    .set(change)
    .where(and(eq(roles.organisation, organisation), eq(roles.code, code)))
    .returning();
  return rows[0]!;
}
