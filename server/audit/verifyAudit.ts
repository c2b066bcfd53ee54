import type { Db } from "../db/database.js";
import { listCaseHeads } from "../db/queries/cases.js";
import { listCaseEvents } from "../db/queries/events.js";
import { eventHash, GENESIS_HASH } from "./hashChain.js";

export interface BrokenLink {
  caseId: string;
  registryNumber: string;
  /** Sequence number of the first event that does not check, or null when the tail is missing. */
  seq: number | null;
  reason: "hash_mismatch" | "chain_mismatch" | "sequence_gap" | "tail_mismatch";
}

export interface AuditReport {
  casesChecked: number;
  eventsChecked: number;
  broken: BrokenLink[];
}

/**
 * Recomputes every case's chain from its first event. A changed event breaks its own hash; a
 * removed one breaks the next link or the sequence; a removed tail no longer matches the head
 * stored on the case row. Reports the first broken link of each case (of one organisation's cases
 * when it is given).
 */
export async function verifyAudit(db: Db, organisation?: string): Promise<AuditReport> {
  const report: AuditReport = { casesChecked: 0, eventsChecked: 0, broken: [] };
  for (const head of await listCaseHeads(db, organisation)) {
    report.casesChecked++;
    const broken = (seq: number | null, reason: BrokenLink["reason"]) =>
      report.broken.push({ caseId: head.id, registryNumber: head.registryNumber, seq, reason });
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let ok = true;
    for (const e of await listCaseEvents(db, head.id)) {
      report.eventsChecked++;
      if (e.seq !== expectedSeq) {
        broken(expectedSeq, "sequence_gap");
        ok = false;
        break;
      }
      if (e.prevHash !== prev) {
        broken(e.seq, "chain_mismatch");
        ok = false;
        break;
      }
      const recomputed = eventHash(prev, {
        caseId: e.caseId,
        seq: e.seq,
        type: e.type,
        actorUserId: e.actorUserId,
        actorRole: e.actorRole,
        onBehalfOfUserId: e.onBehalfOfUserId,
        stepBefore: e.stepBefore,
        stepAfter: e.stepAfter,
        payload: e.payload,
        occurredAt: e.occurredAt.toISOString(),
      });
      if (recomputed !== e.hash) {
        broken(e.seq, "hash_mismatch");
        ok = false;
        break;
      }
      prev = e.hash;
      expectedSeq++;
    }
    if (ok && (prev !== head.headHash || expectedSeq - 1 !== head.eventCount)) broken(null, "tail_mismatch");
  }
  return report;
}
