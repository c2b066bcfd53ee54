import { createHash } from "node:crypto";
import { canonicalJson, GENESIS_HASH } from "./hashChain.js";

/** The fields of an entry's history event that its hash covers. */
export interface EntryEventContent {
  entryId: string;
  seq: number;
  type: string;
  actorUserId: string | null;
  caseId: string | null;
  payload: Record<string, unknown>;
  occurredAt: string;
}

export { GENESIS_HASH };

/** The same construction as case events: SHA-256 over the previous hash and canonical JSON. */
export function entryEventHash(prevHash: string, content: EntryEventContent): string {
  return createHash("sha256").update(prevHash).update("\n").update(canonicalJson(content)).digest("hex");
}
