import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { ProcedureDefinition } from "../../../engine/definition/schema.js";
import type { Db } from "../database.js";
import { procedureDefinitions } from "../schema.js";

/**
 * Versions of a procedure as administrators manage them. The `status` column is the authority on
 * which version is in force ("draft", "in_force", "expired"); the definition's own `status` field
 * is what its author wrote and, like the rest of a stored version, never changes.
 */

export async function listVersions(db: Db, organisation: string, id: string) {
  return db
    .select({
      id: procedureDefinitions.id,
      version: procedureDefinitions.version,
      organisation: procedureDefinitions.organisation,
      title: procedureDefinitions.title,
      status: procedureDefinitions.status,
      loadedAt: procedureDefinitions.loadedAt,
      effectiveDate: sql<string | null>`${procedureDefinitions.definition}->>'effectiveDate'`,
      contentHash: procedureDefinitions.contentHash,
    })
    .from(procedureDefinitions)
    .where(and(eq(procedureDefinitions.organisation, organisation), eq(procedureDefinitions.id, id)))
    .orderBy(desc(procedureDefinitions.version));
}

/** Serialises version changes of one procedure until the transaction ends. */
export async function lockProcedure(db: Db, organisation: string, id: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`procedure:${organisation}/${id}`}))`);
}

export async function insertVersion(
  db: Db,
  def: ProcedureDefinition,
  contentHash: string,
  status: "draft" | "in_force" | "expired",
  now: Date,
): Promise<void> {
  await db.insert(procedureDefinitions).values({
    id: def.id,
    version: def.version,
    organisation: def.organisation,
    title: def.title,
    status,
    definition: def,
    contentHash,
    loadedAt: now,
  });
}

/** Puts one version in force and retires ("expired") the others that were. */
export async function activateVersion(
  db: Db,
  organisation: string,
  id: string,
  version: number,
): Promise<number[]> {
  const retired = await db
    .update(procedureDefinitions)
    .set({ status: "expired" })
    .where(
      and(
        eq(procedureDefinitions.organisation, organisation),
        eq(procedureDefinitions.id, id),
        ne(procedureDefinitions.version, version),
        eq(procedureDefinitions.status, "in_force"),
      ),
    )
    .returning({ version: procedureDefinitions.version });
  await db
    .update(procedureDefinitions)
    .set({ status: "in_force" })
    .where(
      and(
        eq(procedureDefinitions.organisation, organisation),
        eq(procedureDefinitions.id, id),
        eq(procedureDefinitions.version, version),
      ),
    );
  return retired.map((r) => r.version);
}

/**
 * Ids of the organisation's stored procedures: what a new definition's hand-offs may target. A
 * hand-off never reaches another organisation's catalog.
 */
export async function storedProcedureIds(db: Db, organisation: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ id: procedureDefinitions.id })
    .from(procedureDefinitions)
    .where(eq(procedureDefinitions.organisation, organisation));
  return new Set(rows.map((r) => r.id));
}
