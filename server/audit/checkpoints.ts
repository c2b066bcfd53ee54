import { type KeyObject, sign, verify } from "node:crypto";
import type { Db } from "../db/database.js";
import {
  type AuditCheckpointRow,
  type ChainHead,
  caseEventHashes,
  caseHeadsSince,
  entryEventHashes,
  entryHeadsSince,
  insertAuditCheckpoint,
  latestAuditCheckpoints,
  securityEventHash,
  securityTrailHead,
} from "../db/queries/auditCheckpoints.js";
import { type CheckpointKey, keyIdOf } from "./checkpointKey.js";
import { canonicalJson } from "./hashChain.js";

/**
 * What one checkpoint signs. Each case or register entry with events since the checkpoint before
 * the previous one (windows overlap by one period, so that an event committed while a checkpoint
 * was taken is in the next) is named with its newest event's seq and hash: since every event
 * hashes the one before, that one hash fixes the whole chain up to it.
 */
export interface AuditCheckpointHeads {
  version: 1;
  organisation: string;
  takenAt: string;
  /** The previous checkpoint's signature: removing a checkpoint breaks the next one's link. */
  previous: string | null;
  cases: ChainHead[];
  registerEntries: ChainHead[];
  /** The security trail's last event: its row id and hash. */
  securityTrail: [number, string] | null;
  lastEventId: number;
  lastEntryEventId: number;
}

/** A checkpoint as stored and exported: everything needed to check it offline. */
export interface SignedCheckpoint {
  id: number;
  organisation: string;
  takenAt: string;
  heads: AuditCheckpointHeads;
  keyId: string;
  /** Ed25519 over the canonical JSON of `heads`, base64. */
  signature: string;
}

export type CheckpointProblemReason =
  | "unknown_key"
  | "bad_signature"
  | "checkpoint_missing"
  | "case_rewritten"
  | "case_events_missing"
  | "entry_rewritten"
  | "entry_events_missing"
  | "security_trail_rewritten"
  | "security_events_missing";

export interface CheckpointProblem {
  organisation: string;
  checkpointId: number;
  takenAt: string;
  reason: CheckpointProblemReason;
  /** The case, register entry or security event concerned. */
  chainId?: string;
  seq?: number;
}

const signedBytes = (heads: AuditCheckpointHeads) => Buffer.from(canonicalJson(heads), "utf8");

export function presentCheckpoint(row: AuditCheckpointRow): SignedCheckpoint {
  return {
    id: row.id,
    organisation: row.organisation,
    takenAt: row.takenAt.toISOString(),
    heads: row.heads as unknown as AuditCheckpointHeads,
    keyId: row.keyId,
    signature: row.signature,
  };
}

/** Signs the heads of the organisation's chains as they are now and stores the checkpoint. */
export async function takeAuditCheckpoint(
  db: Db,
  organisation: string,
  now: Date,
  key: CheckpointKey,
): Promise<SignedCheckpoint> {
  const [previous, beforePrevious] = await latestAuditCheckpoints(db, organisation, 2);
  const floor = (beforePrevious?.heads as AuditCheckpointHeads | undefined) ?? null;
  const cases = await caseHeadsSince(db, organisation, floor?.lastEventId ?? 0);
  const entries = await entryHeadsSince(db, organisation, floor?.lastEntryEventId ?? 0);
  const heads: AuditCheckpointHeads = {
    version: 1,
    organisation,
    takenAt: now.toISOString(),
    previous: previous?.signature ?? null,
    cases: cases.heads,
    registerEntries: entries.heads,
    securityTrail: await securityTrailHead(db, organisation),
    lastEventId: cases.lastId,
    lastEntryEventId: entries.lastId,
  };
  const signature = sign(null, signedBytes(heads), key.privateKey).toString("base64");
  const row = await insertAuditCheckpoint(db, {
    organisation,
    takenAt: now,
    heads: heads as unknown as Record<string, unknown>,
    keyId: key.keyId,
    signature,
  });
  return presentCheckpoint(row);
}

const CHUNK = 500;

/**
 * Checks checkpoints (the database's own, or an exported copy kept elsewhere) against the chains
 * stored now: each signature with the public key, each checkpoint's link to the one before it,
 * and that every head a checkpoint signed is still in its chain with the same hash. A chain
 * rewritten and recomputed end to end passes `verifyAudit` but not this.
 */
export async function verifyCheckpoints(
  db: Db,
  checkpoints: readonly SignedCheckpoint[],
  publicKey: KeyObject,
): Promise<{ checked: number; problems: CheckpointProblem[] }> {
  const keyId = keyIdOf(publicKey);
  const problems: CheckpointProblem[] = [];
  const lastSignature = new Map<string, string>();
  for (const cp of [...checkpoints].sort((a, b) => a.id - b.id)) {
    const problem = (reason: CheckpointProblemReason, chainId?: string, seq?: number) =>
      problems.push({
        organisation: cp.organisation,
        checkpointId: cp.id,
        takenAt: cp.takenAt,
        reason,
        ...(chainId === undefined ? {} : { chainId }),
        ...(seq === undefined ? {} : { seq }),
      });
    if (cp.keyId !== keyId) {
      problem("unknown_key");
      continue;
    }
    const genuine =
      cp.heads.organisation === cp.organisation &&
      verify(null, signedBytes(cp.heads), publicKey, Buffer.from(cp.signature, "base64"));
    if (!genuine) {
      problem("bad_signature");
      continue;
    }
    const before = lastSignature.get(cp.organisation);
    if (before !== undefined && cp.heads.previous !== before) problem("checkpoint_missing");
    lastSignature.set(cp.organisation, cp.signature);

    for (let i = 0; i < cp.heads.cases.length; i += CHUNK) {
      const heads = cp.heads.cases.slice(i, i + CHUNK);
      const stored = await caseEventHashes(db, heads);
      for (const [chainId, seq, hash] of heads) {
        const now = stored.get(`${chainId}:${seq}`);
        if (now === undefined) problem("case_events_missing", chainId, seq);
        else if (now !== hash) problem("case_rewritten", chainId, seq);
      }
    }
    for (let i = 0; i < cp.heads.registerEntries.length; i += CHUNK) {
      const heads = cp.heads.registerEntries.slice(i, i + CHUNK);
      const stored = await entryEventHashes(db, heads);
      for (const [chainId, seq, hash] of heads) {
        const now = stored.get(`${chainId}:${seq}`);
        if (now === undefined) problem("entry_events_missing", chainId, seq);
        else if (now !== hash) problem("entry_rewritten", chainId, seq);
      }
    }
    if (cp.heads.securityTrail) {
      const [id, hash] = cp.heads.securityTrail;
      const now = await securityEventHash(db, id);
      if (now === null) problem("security_events_missing", String(id));
      else if (now !== hash) problem("security_trail_rewritten", String(id));
    }
  }
  return { checked: checkpoints.length, problems };
}
