import { asc, eq } from "drizzle-orm";
import { eventHash, type HashedEventContent } from "../../audit/hashChain.js";
import type { Db } from "../database.js";
import { events } from "../schema.js";

export type NewEvent = Omit<HashedEventContent, "caseId" | "seq">;

/** Appends events to a case's chain and returns the new head, to be stored on the case row. */
export async function appendEvents(
  db: Db,
  caseId: string,
  head: { hash: string; count: number },
  newEvents: NewEvent[],
): Promise<{ hash: string; count: number }> {
  let prevHash = head.hash;
  const rows = newEvents.map((e, i) => {
    const content: HashedEventContent = { ...e, caseId, seq: head.count + i + 1 };
    const hash = eventHash(prevHash, content);
    const row = { ...content, occurredAt: new Date(e.occurredAt), prevHash, hash };
    prevHash = hash;
    return row;
  });
  if (rows.length > 0) await db.insert(events).values(rows);
  return { hash: prevHash, count: head.count + rows.length };
}

export async function listCaseEvents(db: Db, caseId: string) {
  return db.select().from(events).where(eq(events.caseId, caseId)).orderBy(asc(events.seq));
}
