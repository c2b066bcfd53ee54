import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { cases, events, issuedDocuments, jobs, organisations } from "../schema.js";
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

/** The `documents.issue` jobs of a case not done yet: documents asked for and still being drawn (or given up). */
export async function listPendingDocumentJobs(
  db: Db,
  organisation: string,
  caseId: string,
): Promise<
  Array<{ documentId: string; code: string; status: "queued" | "running" | "dead"; createdAt: Date }>
> {
  const rows = await db
    .select({ payload: jobs.payload, status: jobs.status, createdAt: jobs.createdAt })
    .from(jobs)
    .where(
      and(
        eq(jobs.organisation, organisation),
        eq(jobs.name, "documents.issue"),
        ne(jobs.status, "done"),
        sql`${jobs.payload}->>'caseId' = ${caseId}`,
      ),
    )
    .orderBy(jobs.createdAt);
  return rows.map((r) => ({
    documentId: String(r.payload.documentId),
    code: String(r.payload.code),
    status: r.status as "queued" | "running" | "dead",
    createdAt: r.createdAt,
  }));
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
