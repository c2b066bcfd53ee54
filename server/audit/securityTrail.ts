import { createHash } from "node:crypto";
import type { Db } from "../db/database.js";
import {
  insertSecurityEvent,
  lastSecurityHash,
  listAllSecurityEvents,
  listSecurityEvents,
  lockSecurityChain,
} from "../db/queries/securityEvents.js";
import { canonicalJson, GENESIS_HASH } from "./hashChain.js";

export type SecurityEventType =
  | "login_succeeded"
  | "login_failed"
  | "account_locked"
  | "logout"
  | "logout_everywhere"
  | "password_changed"
  | (string & {});

export interface SecurityEvent {
  /** Failed logins naming no known account are chained under UNKNOWN_ORGANISATION. */
  organisation: string;
  type: SecurityEventType;
  userId: string | null;
  matricule: string | null;
  actorUserId: string | null;
  ip: string | null;
  payload: Record<string, unknown>;
}

export const UNKNOWN_ORGANISATION = "";

/**
 * Appends to the organisation's security trail: logins, failures, locks, password and second
 * factor changes, administration. Each event hashes the previous one, as case events do.
 * Call it inside the transaction of the change it records.
 */
export async function appendSecurityEvent(db: Db, event: SecurityEvent, now: Date): Promise<void> {
  await lockSecurityChain(db, event.organisation);
  const prevHash = (await lastSecurityHash(db, event.organisation)) ?? GENESIS_HASH;
  const hash = securityEventHash(prevHash, event, now.toISOString());
  await insertSecurityEvent(db, { ...event, occurredAt: now, prevHash, hash });
}

function securityEventHash(prevHash: string, event: SecurityEvent, occurredAt: string): string {
  const content = {
    organisation: event.organisation,
    type: event.type,
    userId: event.userId,
    matricule: event.matricule,
    actorUserId: event.actorUserId,
    ip: event.ip,
    payload: event.payload,
    occurredAt,
  };
  return createHash("sha256").update(prevHash).update("\n").update(canonicalJson(content)).digest("hex");
}

export interface BrokenSecurityLink {
  organisation: string;
  /** Row id of the first event that does not check. */
  id: number;
  reason: "hash_mismatch" | "chain_mismatch";
}

/**
 * Recomputes each organisation's security chain and names its first broken link. Unlike case
 * chains, no head is kept elsewhere: removing the newest events is not detected, only the
 * append-only trigger prevents it.
 */
export async function verifySecurityTrail(
  db: Db,
  organisation?: string,
): Promise<{ checked: number; broken: BrokenSecurityLink[] }> {
  const previous = new Map<string, string>();
  const broken = new Map<string, BrokenSecurityLink>();
  let checked = 0;
  const trail =
    organisation === undefined ? await listAllSecurityEvents(db) : await listSecurityEvents(db, organisation);
  for (const e of trail) {
    checked++;
    if (broken.has(e.organisation)) continue;
    const prev = previous.get(e.organisation) ?? GENESIS_HASH;
    if (e.prevHash !== prev) {
      broken.set(e.organisation, { organisation: e.organisation, id: e.id, reason: "chain_mismatch" });
      continue;
    }
    if (securityEventHash(prev, e, e.occurredAt.toISOString()) !== e.hash) {
      broken.set(e.organisation, { organisation: e.organisation, id: e.id, reason: "hash_mismatch" });
      continue;
    }
    previous.set(e.organisation, e.hash);
  }
  return { checked, broken: [...broken.values()] };
}
