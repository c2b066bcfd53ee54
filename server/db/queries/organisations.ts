import { eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { organisations } from "../schema.js";

export type OrganisationRow = typeof organisations.$inferSelect;

export async function upsertOrganisation(db: Db, org: OrganisationRow): Promise<void> {
  await db
    .insert(organisations)
    .values(org)
    .onConflictDoUpdate({ target: organisations.code, set: { name: org.name, calendar: org.calendar } });
}

export async function findOrganisation(db: Db, code: string): Promise<OrganisationRow | null> {
  const rows = await db.select().from(organisations).where(eq(organisations.code, code));
  return rows[0] ?? null;
}
