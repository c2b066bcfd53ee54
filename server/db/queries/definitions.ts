import { and, desc, eq } from "drizzle-orm";
import type { ProcedureDefinition } from "../../../engine/definition/schema.js";
import type { Db } from "../database.js";
import { procedureDefinitions } from "../schema.js";

// Definitions are immutable per content hash, so a parsed one is kept in memory: every transition
// reads its case's definition, the largest row it reads. The hash is read each time (a few bytes)
// so that two databases in one process (tests) can never mix their definitions.
const parsed = new Map<string, ProcedureDefinition>();

export async function findDefinition(
  db: Db,
  id: string,
  version: number,
): Promise<ProcedureDefinition | null> {
  const where = and(eq(procedureDefinitions.id, id), eq(procedureDefinitions.version, version));
  const [head] = await db
    .select({ hash: procedureDefinitions.contentHash })
    .from(procedureDefinitions)
    .where(where);
  if (!head) return null;
  const cached = parsed.get(head.hash);
  if (cached) return cached;
  const [row] = await db
    .select({ definition: procedureDefinitions.definition })
    .from(procedureDefinitions)
    .where(where);
  if (row) parsed.set(head.hash, row.definition);
  return row?.definition ?? null;
}

/** The version new cases start on: the highest version in force. */
export async function findDefinitionInForce(db: Db, id: string): Promise<ProcedureDefinition | null> {
  const rows = await db
    .select({ definition: procedureDefinitions.definition })
    .from(procedureDefinitions)
    .where(and(eq(procedureDefinitions.id, id), eq(procedureDefinitions.status, "in_force")))
    .orderBy(desc(procedureDefinitions.version))
    .limit(1);
  return rows[0]?.definition ?? null;
}

export async function listDefinitions(db: Db) {
  return db
    .select({
      id: procedureDefinitions.id,
      version: procedureDefinitions.version,
      organisation: procedureDefinitions.organisation,
      title: procedureDefinitions.title,
      status: procedureDefinitions.status,
    })
    .from(procedureDefinitions)
    .orderBy(procedureDefinitions.id, procedureDefinitions.version);
}

export async function findDefinitionHash(db: Db, id: string, version: number): Promise<string | null> {
  const rows = await db
    .select({ hash: procedureDefinitions.contentHash })
    .from(procedureDefinitions)
    .where(and(eq(procedureDefinitions.id, id), eq(procedureDefinitions.version, version)));
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
