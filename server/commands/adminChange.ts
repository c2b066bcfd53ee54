import { appendSecurityEvent } from "../audit/securityTrail.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";

/** Who makes an administration change, from where, and when. */
export interface AdminContext {
  admin: UserRow;
  ip: string | null;
  now: Date;
}

/** What the security trail records of a change: its type, the account concerned, the details. */
export interface AdminEvent {
  type: string;
  userId?: string | null;
  matricule?: string | null;
  payload: Record<string, unknown>;
}

/**
 * Runs one administration change in a transaction and appends it to the organisation's security
 * trail in the same transaction: no change without its trace, no trace of a change refused.
 */
export async function adminChange<T>(
  db: Db,
  ctx: AdminContext,
  change: (tx: Db) => Promise<T>,
  describe: (result: T) => AdminEvent,
): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await change(tx);
    const event = describe(result);
    await appendSecurityEvent(
      tx,
      {
        organisation: ctx.admin.organisation,
        type: event.type,
        userId: event.userId ?? null,
        matricule: event.matricule ?? null,
        actorUserId: ctx.admin.id,
        ip: ctx.ip,
        payload: event.payload,
      },
      ctx.now,
    );
    return result;
  });
}
