import { sql } from "drizzle-orm";
import { eventHash, GENESIS_HASH } from "../../server/audit/hashChain.js";
import type { Db } from "../../server/db/database.js";
import { listCaseEvents } from "../../server/db/queries/events.js";

/**
 * What an attacker with write access to the database does to hide an edit from the hash chain:
 * changes an event of the case, recomputes every hash from there on, and the head kept on the
 * case row. The chain then verifies again; only the signed checkpoints can tell.
 */
export async function rewriteCaseChain(db: Db, caseId: string, seq: number): Promise<void> {
  await db.execute(sql`alter table events disable trigger events_append_only`);
  try {
    let prev = GENESIS_HASH;
    for (const e of await listCaseEvents(db, caseId)) {
      const payload = e.seq === seq ? { ...e.payload, comment: "réécrit" } : e.payload;
      const hash = eventHash(prev, {
        caseId: e.caseId,
        seq: e.seq,
        type: e.type,
        actorUserId: e.actorUserId,
        actorRole: e.actorRole,
        onBehalfOfUserId: e.onBehalfOfUserId,
        stepBefore: e.stepBefore,
        stepAfter: e.stepAfter,
        payload,
        occurredAt: e.occurredAt.toISOString(),
      });
      await db.execute(
        sql`update events set payload = ${JSON.stringify(payload)}::jsonb, prev_hash = ${prev}, hash = ${hash} where id = ${e.id}`,
      );
      prev = hash;
    }
    await db.execute(sql`update cases set head_hash = ${prev} where id = ${caseId}`);
  } finally {
    await db.execute(sql`alter table events enable trigger events_append_only`);
  }
}
