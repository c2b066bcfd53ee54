import { createHash } from "node:crypto";
import type { Db } from "../db/database.js";
import { insertSecurityEvent, lastSecurityHash, lockSecurityChain } from "../db/queries/securityEvents.js";
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
  const occurredAt = now.toISOString();
  const hash = createHash("sha256")
    .update(prevHash)
    .update("\n")
    .update(canonicalJson({ ...event, occurredAt }))
    .digest("hex");
  await insertSecurityEvent(db, { ...event, occurredAt: now, prevHash, hash });
}
