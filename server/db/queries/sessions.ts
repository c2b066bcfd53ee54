import { and, eq, gt, inArray, lt, ne } from "drizzle-orm";
import type { Db } from "../database.js";
import { sessions, users } from "../schema.js";

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<SessionRow | null> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  return rows[0] ?? null;
}

export async function touchSession(db: Db, tokenHash: string, lastSeenAt: Date, expiresAt: Date) {
  await db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.tokenHash, tokenHash));
}

export async function markSecondFactorGiven(db: Db, tokenHash: string): Promise<void> {
  await db.update(sessions).set({ pendingSecondFactor: false }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of a person, but the one given (kept after a password change). */
export async function deleteSessionsOf(
  db: Db,
  userId: string,
  except: string | null = null,
): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), except ? ne(sessions.tokenHash, except) : undefined))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}

/** Deletes the sessions expired at `now`; returns how many per organisation of their holders. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<Map<string, number>> {
  const rows = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, now))
    .returning({ userId: sessions.userId });
  const counts = new Map<string, number>();
  if (rows.length === 0) return counts;
  const holders = await db
    .select({ id: users.id, organisation: users.organisation })
    .from(users)
    .where(inArray(users.id, [...new Set(rows.map((r) => r.userId))]));
  const organisationOf = new Map(holders.map((h) => [h.id, h.organisation]));
  for (const r of rows) {
    const organisation = organisationOf.get(r.userId) ?? "";
    counts.set(organisation, (counts.get(organisation) ?? 0) + 1);
  }
  return counts;
}
