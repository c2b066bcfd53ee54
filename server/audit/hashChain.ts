import { createHash } from "node:crypto";

/** The fields of an event that its hash covers: everything but its own hash and row id. */
export interface HashedEventContent {
  caseId: string;
  seq: number;
  type: string;
  actorUserId: string | null;
  actorRole: string | null;
  onBehalfOfUserId: string | null;
  stepBefore: string | null;
  stepAfter: string | null;
  payload: Record<string, unknown>;
  occurredAt: string;
}

/** The hash the first event of every case chains from. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * SHA-256 over the previous hash and a canonical JSON of the content (keys sorted at every depth),
 * so that the order jsonb stores keys in cannot change the result.
 */
export function eventHash(prevHash: string, content: HashedEventContent): string {
  return createHash("sha256").update(prevHash).update("\n").update(canonicalJson(content)).digest("hex");
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}
