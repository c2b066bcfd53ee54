import { and, eq, sql } from "drizzle-orm";
import type { CaseState } from "../../../engine/case/state.js";
import type { Db } from "../database.js";
import { cases } from "../schema.js";

export type CaseRow = typeof cases.$inferSelect;

export async function insertCase(db: Db, row: typeof cases.$inferInsert): Promise<CaseRow> {
  const rows = await db.insert(cases).values(row).returning();
  return rows[0]!;
}

export async function findCase(db: Db, id: string): Promise<CaseRow | null> {
  const rows = await db.select().from(cases).where(eq(cases.id, id));
  return rows[0] ?? null;
}

/**
 * Saves a transition only if nobody saved one since the state was read (optimistic lock).
 * Returns false when the case moved on meanwhile: the caller rolls back and reports a conflict.
 */
export async function saveCaseState(
  db: Db,
  id: string,
  expectedVersion: number,
  state: CaseState,
  head: { hash: string; count: number },
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(cases)
    .set({
      state,
      version: state.version,
      status: state.status,
      headHash: head.hash,
      eventCount: head.count,
      updatedAt: now,
      closedAt: state.status === "active" ? null : now,
    })
    .where(and(eq(cases.id, id), eq(cases.version, expectedVersion)))
    .returning({ id: cases.id });
  return rows.length === 1;
}

export async function listCaseHeads(db: Db, organisation?: string) {
  return db
    .select({
      id: cases.id,
      registryNumber: cases.registryNumber,
      headHash: cases.headHash,
      eventCount: cases.eventCount,
    })
    .from(cases)
    .where(organisation === undefined ? undefined : eq(cases.organisation, organisation))
    .orderBy(cases.createdAt, cases.id);
}

/** The running cases a call activity of this case started and is waiting for. */
export async function casesCalledBy(db: Db, organisation: string, caseId: string): Promise<string[]> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(
        eq(cases.organisation, organisation),
        eq(cases.parentCaseId, caseId),
        eq(cases.status, "active"),
        sql`${cases.state}->'calledBy'->>'caseId' = ${caseId}`,
      ),
    );
  return rows.map((r) => r.id);
}
