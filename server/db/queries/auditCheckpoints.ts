import { and, desc, eq, gt, inArray, max, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { auditCheckpoints, events, registerEntries, registerEntryEvents, securityEvents } from "../schema.js";

export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

/** A chain's head as a checkpoint signs it: the chain (case or entry), the event's seq and hash. */
export type ChainHead = [chainId: string, seq: number, hash: string];

export async function insertAuditCheckpoint(
  db: Db,
  row: typeof auditCheckpoints.$inferInsert,
): Promise<AuditCheckpointRow> {
  const [inserted] = await db.insert(auditCheckpoints).values(row).returning();
  return inserted!;
}

/** An organisation's checkpoints (or every organisation's), oldest first. */
export async function listAuditCheckpoints(db: Db, organisation?: string): Promise<AuditCheckpointRow[]> {
  return db
    .select()
    .from(auditCheckpoints)
    .where(organisation === undefined ? undefined : eq(auditCheckpoints.organisation, organisation))
    .orderBy(auditCheckpoints.id);
}

/** The newest checkpoints of an organisation, newest first. */
export async function latestAuditCheckpoints(
  db: Db,
  organisation: string,
  count: number,
): Promise<AuditCheckpointRow[]> {
  return db
    .select()
    .from(auditCheckpoints)
    .where(eq(auditCheckpoints.organisation, organisation))
    .orderBy(desc(auditCheckpoints.id))
    .limit(count);
}

/** The newest event of each case of the organisation that has events above `afterId`, and the highest id. */
export async function caseHeadsSince(
  db: Db,
  organisation: string,
  afterId: number,
): Promise<{ heads: ChainHead[]; lastId: number }> {
  const rows = await db
    .selectDistinctOn([events.caseId], { caseId: events.caseId, seq: events.seq, hash: events.hash })
    .from(events)
    .where(and(eq(events.organisation, organisation), gt(events.id, afterId)))
    .orderBy(events.caseId, desc(events.seq));
  const [last] = await db
    .select({ id: max(events.id) })
    .from(events)
    .where(eq(events.organisation, organisation));
  return { heads: rows.map((r) => [r.caseId, r.seq, r.hash]), lastId: last?.id ?? 0 };
}

/** The same for the history of the organisation's register entries. */
export async function entryHeadsSince(
  db: Db,
  organisation: string,
  afterId: number,
): Promise<{ heads: ChainHead[]; lastId: number }> {
  const ofOrganisation = db
    .select({ id: registerEntries.id })
    .from(registerEntries)
    .where(eq(registerEntries.organisation, organisation));
  const rows = await db
    .selectDistinctOn([registerEntryEvents.entryId], {
      entryId: registerEntryEvents.entryId,
      seq: registerEntryEvents.seq,
      hash: registerEntryEvents.hash,
    })
    .from(registerEntryEvents)
    .where(and(inArray(registerEntryEvents.entryId, ofOrganisation), gt(registerEntryEvents.id, afterId)))
    .orderBy(registerEntryEvents.entryId, desc(registerEntryEvents.seq));
  const [last] = await db
    .select({ id: max(registerEntryEvents.id) })
    .from(registerEntryEvents)
    .where(inArray(registerEntryEvents.entryId, ofOrganisation));
  return { heads: rows.map((r) => [r.entryId, r.seq, r.hash]), lastId: last?.id ?? 0 };
}

/** The last event of the organisation's security trail. */
export async function securityTrailHead(db: Db, organisation: string): Promise<[number, string] | null> {
  const [row] = await db
    .select({ id: securityEvents.id, hash: securityEvents.hash })
    .from(securityEvents)
    .where(eq(securityEvents.organisation, organisation))
    .orderBy(desc(securityEvents.id))
    .limit(1);
  return row ? [row.id, row.hash] : null;
}

/** The hashes stored now for these (chain, seq) pairs of case events, keyed `chain:seq`. */
export async function caseEventHashes(db: Db, heads: readonly ChainHead[]): Promise<Map<string, string>> {
  if (heads.length === 0) return new Map();
  const rows = await db
    .select({ chain: events.caseId, seq: events.seq, hash: events.hash })
    .from(events)
    .where(
      sql`(${events.caseId}, ${events.seq}) in (${sql.join(
        heads.map(([id, seq]) => sql`(${id}::uuid, ${seq}::integer)`),
        sql`, `,
      )})`,
    );
  return new Map(rows.map((r) => [`${r.chain}:${r.seq}`, r.hash]));
}

export async function entryEventHashes(db: Db, heads: readonly ChainHead[]): Promise<Map<string, string>> {
  if (heads.length === 0) return new Map();
  const rows = await db
    .select({
      chain: registerEntryEvents.entryId,
      seq: registerEntryEvents.seq,
      hash: registerEntryEvents.hash,
    })
    .from(registerEntryEvents)
    .where(
      sql`(${registerEntryEvents.entryId}, ${registerEntryEvents.seq}) in (${sql.join(
        heads.map(([id, seq]) => sql`(${id}::uuid, ${seq}::integer)`),
        sql`, `,
      )})`,
    );
  return new Map(rows.map((r) => [`${r.chain}:${r.seq}`, r.hash]));
}

export async function securityEventHash(db: Db, id: number): Promise<string | null> {
  const [row] = await db
    .select({ hash: securityEvents.hash })
    .from(securityEvents)
    .where(eq(securityEvents.id, id));
  return row?.hash ?? null;
}
