import { and, asc, eq, gt } from "drizzle-orm";
import { eventHash, type HashedEventContent } from "../../audit/hashChain.js";
import type { Db } from "../database.js";
import { events } from "../schema.js";

export type NewEvent = Omit<HashedEventContent, "caseId" | "seq">;

export interface ChainedEvents {
  rows: Array<Omit<typeof events.$inferInsert, "organisation">>;
  head: { hash: string; count: number };
}

/** Links new events onto a case's chain (in memory): their rows and the chain's new head. */
export function chainEvents(
  caseId: string,
  head: { hash: string; count: number },
  newEvents: NewEvent[],
): ChainedEvents {
  let prevHash = head.hash;
  const rows = newEvents.map((e, i) => {
    const content: HashedEventContent = { ...e, caseId, seq: head.count + i + 1 };
    const hash = eventHash(prevHash, content);
    const row = { ...content, occurredAt: new Date(e.occurredAt), prevHash, hash };
    prevHash = hash;
    return row;
  });
  return { rows, head: { hash: prevHash, count: head.count + rows.length } };
}

export async function listCaseEvents(db: Db, caseId: string) {
  return db.select().from(events).where(eq(events.caseId, caseId)).orderBy(asc(events.seq));
}

/** One page of a case's history, in order, after the event numbered `afterSeq`. */
export async function listCaseEventsPage(db: Db, caseId: string, afterSeq: number, limit: number) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.caseId, caseId), gt(events.seq, afterSeq)))
    .orderBy(asc(events.seq))
    .limit(limit);
}
