import { and, desc, eq, gt, ilike, or } from "drizzle-orm";
import type { ProcedureDefinition } from "../../../engine/definition/schema.js";
import type { Db } from "../database.js";
import { procedureDefinitions } from "../schema.js";

// Definitions are immutable per content hash, so a parsed one is kept in memory: every transition
// reads its case's definition, the largest row it reads. It is kept by hash, never by id and
// version alone, so that two databases in one process (tests) can never mix their definitions.
const parsed = new Map<string, ProcedureDefinition>();

/** A procedure's version, identified within its organisation: ids are each organisation's own. */
export interface DefinitionKey {
  organisation: string;
  id: string;
  version: number;
}

const keyed = (key: DefinitionKey) =>
  and(
    eq(procedureDefinitions.organisation, key.organisation),
    eq(procedureDefinitions.id, key.id),
    eq(procedureDefinitions.version, key.version),
  );

export async function findDefinition(db: Db, key: DefinitionKey): Promise<ProcedureDefinition | null> {
  const hash = await findDefinitionHash(db, key);
  return hash === null ? null : definitionWithHash(db, key, hash);
}

/** The definition whose content hash the caller already read (with its case): no query when kept. */
export async function definitionWithHash(
  db: Db,
  key: DefinitionKey,
  hash: string,
): Promise<ProcedureDefinition | null> {
  const cached = parsed.get(hash);
  if (cached) return cached;
  const [row] = await db
    .select({ definition: procedureDefinitions.definition, hash: procedureDefinitions.contentHash })
    .from(procedureDefinitions)
    .where(keyed(key));
  if (row) parsed.set(row.hash, row.definition);
  return row?.definition ?? null;
}

/** The version new cases start on: the highest version in force. */
export async function findDefinitionInForce(
  db: Db,
  organisation: string,
  id: string,
): Promise<ProcedureDefinition | null> {
  const rows = await db
    .select({ definition: procedureDefinitions.definition })
    .from(procedureDefinitions)
    .where(inForce(organisation, id))
    .orderBy(desc(procedureDefinitions.version))
    .limit(1);
  return rows[0]?.definition ?? null;
}

export async function findDefinitionHash(db: Db, key: DefinitionKey): Promise<string | null> {
  const rows = await db
    .select({ hash: procedureDefinitions.contentHash })
    .from(procedureDefinitions)
    .where(keyed(key));
  return rows[0]?.hash ?? null;
}

export async function insertDefinition(db: Db, def: ProcedureDefinition, contentHash: string): Promise<void> {
  await db.insert(procedureDefinitions).values({
    id: def.id,
    version: def.version,
    organisation: def.organisation,
    title: def.title,
    status: def.status,
    definition: def,
    contentHash,
  });
}

export async function countDefinitions(db: Db): Promise<number> {
  return db.$count(procedureDefinitions);
}

const inForce = (organisation: string, id: string) =>
  and(
    eq(procedureDefinitions.organisation, organisation),
    eq(procedureDefinitions.id, id),
    eq(procedureDefinitions.status, "in_force"),
  );

export type DefinitionRow = typeof procedureDefinitions.$inferSelect;

/** One stored version, with its status and content hash (what diagrams are cached by). */
export async function findDefinitionRow(db: Db, key: DefinitionKey): Promise<DefinitionRow | null> {
  const rows = await db.select().from(procedureDefinitions).where(keyed(key));
  return rows[0] ?? null;
}

/** The stored row of the version in force (the highest one), as `findDefinitionInForce`. */
export async function findDefinitionRowInForce(
  db: Db,
  organisation: string,
  id: string,
): Promise<DefinitionRow | null> {
  const rows = await db
    .select()
    .from(procedureDefinitions)
    .where(inForce(organisation, id))
    .orderBy(desc(procedureDefinitions.version))
    .limit(1);
  return rows[0] ?? null;
}

/** `%` and `_` typed by a person are searched for, not wildcards. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A page of an organisation's catalog: each procedure once, on its version in force, ordered by id
 * (the cursor is the last id), optionally only those whose id or title contains `q`.
 */
export async function pageProceduresInForce(
  db: Db,
  query: { organisation: string; q: string | null; afterId: string | null; limit: number },
): Promise<DefinitionRow[]> {
  return db
    .selectDistinctOn([procedureDefinitions.id])
    .from(procedureDefinitions)
    .where(
      and(
        eq(procedureDefinitions.organisation, query.organisation),
        eq(procedureDefinitions.status, "in_force"),
        query.q
          ? or(
              ilike(procedureDefinitions.id, likePattern(query.q)),
              ilike(procedureDefinitions.title, likePattern(query.q)),
            )
          : undefined,
        query.afterId ? gt(procedureDefinitions.id, query.afterId) : undefined,
      ),
    )
    .orderBy(procedureDefinitions.id, desc(procedureDefinitions.version))
    .limit(query.limit + 1);
}

/** Every procedure of an organisation on its version in force (the highest one), ordered by id. */
export async function listDefinitionsInForce(db: Db, organisation: string): Promise<ProcedureDefinition[]> {
  const rows = await db
    .selectDistinctOn([procedureDefinitions.id], { definition: procedureDefinitions.definition })
    .from(procedureDefinitions)
    .where(
      and(eq(procedureDefinitions.organisation, organisation), eq(procedureDefinitions.status, "in_force")),
    )
    .orderBy(procedureDefinitions.id, desc(procedureDefinitions.version));
  return rows.map((r) => r.definition as ProcedureDefinition);
}
