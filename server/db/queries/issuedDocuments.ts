import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { cases, events, issuedDocuments, organisations } from "../schema.js";
import { chainEvents, type NewEvent } from "./events.js";

export type IssuedDocumentRow = typeof issuedDocuments.$inferSelect;

export async function insertIssuedDocument(db: Db, row: typeof issuedDocuments.$inferInsert): Promise<void> {
  await db.insert(issuedDocuments).values(row);
}

export async function findIssuedDocument(db: Db, code: string): Promise<IssuedDocumentRow | null> {
  const rows = await db.select().from(issuedDocuments).where(eq(issuedDocuments.code, code));
  return rows[0] ?? null;
}

/** The documents issued with exactly these bytes (normally one). */
export async function findIssuedDocumentsBySha256(db: Db, sha256: string): Promise<IssuedDocumentRow[]> {
  return db
    .select()
    .from(issuedDocuments)
    .where(eq(issuedDocuments.sha256, sha256))
    .orderBy(desc(issuedDocuments.issuedAt));
}

export async function listCaseIssuedDocuments(db: Db, caseId: string): Promise<IssuedDocumentRow[]> {
  return db
    .select()
    .from(issuedDocuments)
    .where(eq(issuedDocuments.caseId, caseId))
    .orderBy(issuedDocuments.issuedAt);
}

export async function findOrganisationName(db: Db, code: string): Promise<string | null> {
  const rows = await db
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.code, code));
  return rows[0]?.name ?? null;
}

/**
 * Appends events that are not transitions (a document issued) to a case's audit chain. The case row
 * is locked first, so a transition running at the same time waits; the case's version is moved on
 * (in the row and in its state), so a transition that read the case before fails its optimistic
 * lock and is retried rather than chaining from a stale head.
 */
export async function appendCaseEvents(
  db: Db,
  target: { caseId: string; organisation: string },
  newEvents: NewEvent[],
  now: Date,
): Promise<void> {
  const { caseId } = target;
  const locked = await db
    .select({ headHash: cases.headHash, eventCount: cases.eventCount })
    .from(cases)
    .where(eq(cases.id, caseId))
    .for("update");
  const head = locked[0];
  if (!head) throw new Error(`case ${caseId} vanished while appending events`);
  const chained = chainEvents(caseId, { hash: head.headHash, count: head.eventCount }, newEvents);
  await db
    .update(cases)
    .set({
      headHash: chained.head.hash,
      eventCount: chained.head.count,
      version: sql`${cases.version} + 1`,
      state: sql`jsonb_set(${cases.state}, '{version}', to_jsonb(${cases.version} + 1))`,
      updatedAt: now,
    })
    .where(eq(cases.id, caseId));
  if (chained.rows.length > 0) {
    await db.insert(events).values(chained.rows.map((r) => ({ ...r, organisation: target.organisation })));
  }
}
