import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { rowsOf } from "../rows.js";
import { signInThrottles, users } from "../schema.js";

/**
 * The attempt is counted BEFORE the password or code is evaluated, in one statement that also
 * refuses it when the limit is reached: parallel guesses each take a numbered slot and no more
 * than `limit` are ever evaluated per window. Returns the slot (1…limit), or the end of the lock.
 */
export type Reservation = { slot: number } | { refusedUntil: Date };

/**
 * One attempt on the account's own counter (`users.failed_logins`): refused while the account is
 * locked or `limit` attempts are already counted; the attempt that reaches the limit sets the lock
 * at once (a right password in that slot lifts it again), so a crash never leaves it half-set.
 */
export async function reserveAccountAttempt(
  db: Db,
  userId: string,
  limit: number,
  now: Date,
  lockUntil: Date,
): Promise<Reservation> {
  const at = now.toISOString();
  const until = lockUntil.toISOString();
  const rows = rowsOf<{ failed_logins: number }>(
    await db.execute(sql`
      update users set
        failed_logins = case when locked_until is not null and locked_until <= ${at}::timestamptz
          then 1 else failed_logins + 1 end,
        locked_until = case
          when (case when locked_until is not null and locked_until <= ${at}::timestamptz
                then 1 else failed_logins + 1 end) >= ${limit} then ${until}::timestamptz
          when locked_until is not null and locked_until <= ${at}::timestamptz then null
          else locked_until end
      where id = ${userId}
        and (locked_until is null or locked_until <= ${at}::timestamptz)
        and (failed_logins < ${limit} or locked_until <= ${at}::timestamptz)
      returning failed_logins`),
  );
  if (rows[0]) return { slot: Number(rows[0].failed_logins) };
  const current = await db.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, userId));
  return { refusedUntil: current[0]?.lockedUntil ?? lockUntil };
}

/** The right password or code: the count starts again. */
export async function clearAccountAttempts(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
}

/** A wrong answer in the last slot: the lock holds even if a right answer in parallel lifted it. */
export async function lockAccount(db: Db, userId: string, lockUntil: Date): Promise<void> {
  await db.update(users).set({ lockedUntil: lockUntil }).where(eq(users.id, userId));
}

/**
 * The same for a throttle counter (a source address, an unknown matricule, an account from a known
 * source): `limit` attempts per window of `windowMinutes` from the first; the one that reaches the
 * limit starts a lock of `windowMinutes`.
 */
export async function reserveThrottled(
  db: Db,
  key: string,
  limit: number,
  now: Date,
  windowMinutes: number,
): Promise<Reservation> {
  const at = now.toISOString();
  const windowEnd = new Date(now.getTime() + windowMinutes * 60_000).toISOString();
  const rows = rowsOf<{ failures: number }>(
    await db.execute(sql`
      insert into sign_in_throttles as t (key, failures, window_ends_at, locked_until)
      values (${key}, 1, ${windowEnd}::timestamptz, ${limit <= 1 ? windowEnd : null}::timestamptz)
      on conflict (key) do update set
        failures = case when t.window_ends_at <= ${at}::timestamptz then 1 else t.failures + 1 end,
        window_ends_at = case when t.window_ends_at <= ${at}::timestamptz
          then excluded.window_ends_at else t.window_ends_at end,
        locked_until = case
          when (case when t.window_ends_at <= ${at}::timestamptz then 1 else t.failures + 1 end) >= ${limit}
            then ${windowEnd}::timestamptz
          else null end
      where (t.locked_until is null or t.locked_until <= ${at}::timestamptz)
        and (t.failures < ${limit} or t.window_ends_at <= ${at}::timestamptz)
      returning failures`),
  );
  if (rows[0]) return { slot: Number(rows[0].failures) };
  const current = await db
    .select({ lockedUntil: signInThrottles.lockedUntil, windowEndsAt: signInThrottles.windowEndsAt })
    .from(signInThrottles)
    .where(eq(signInThrottles.key, key));
  const row = current[0];
  return { refusedUntil: row?.lockedUntil ?? row?.windowEndsAt ?? new Date(windowEnd) };
}

/** A right answer gives its slot back (a source shared by many honest people is not throttled). */
export async function releaseThrottled(db: Db, key: string, reset: boolean): Promise<void> {
  await db
    .update(signInThrottles)
    .set(
      reset
        ? { failures: 0, lockedUntil: null }
        : { failures: sql`greatest(${signInThrottles.failures} - 1, 0)` },
    )
    .where(eq(signInThrottles.key, key));
}

/** A lock of `until` on a key whatever its count (a lock caused by wrong second-factor codes). */
export async function markThrottled(db: Db, key: string, until: Date): Promise<void> {
  await db
    .insert(signInThrottles)
    .values({ key, failures: 0, windowEndsAt: until, lockedUntil: until })
    .onConflictDoUpdate({ target: signInThrottles.key, set: { windowEndsAt: until, lockedUntil: until } });
}

/** Whether the key holds an unexpired mark (a known source, a code lock). */
export async function isMarked(db: Db, key: string, now: Date): Promise<boolean> {
  const rows = await db
    .select({ key: signInThrottles.key })
    .from(signInThrottles)
    .where(and(eq(signInThrottles.key, key), gt(signInThrottles.windowEndsAt, now)));
  return rows.length > 0;
}

/** Marks a source the person signed in from, for `days`. */
export async function markKnown(db: Db, key: string, now: Date, days: number): Promise<void> {
  const until = new Date(now.getTime() + days * 86_400_000);
  await db
    .insert(signInThrottles)
    .values({ key, failures: 0, windowEndsAt: until })
    .onConflictDoUpdate({ target: signInThrottles.key, set: { windowEndsAt: until } });
}

/** An administrator's password reset lifts every lock on the account. */
export async function clearAccountThrottles(db: Db, userId: string): Promise<void> {
  await db.execute(
    sql`delete from sign_in_throttles where key like ${`account-source:${userId}:%`} or key = ${`code-lock:${userId}`}`,
  );
}

/** An admitted attempt that did not count (the directory was out of reach) gives its slot back. */
export async function giveBackAccountAttempt(
  db: Db,
  userId: string,
  slot: number,
  limit: number,
): Promise<void> {
  await db
    .update(users)
    .set({
      failedLogins: sql`greatest(${users.failedLogins} - 1, 0)`,
      ...(slot >= limit ? { lockedUntil: null } : {}),
    })
    .where(eq(users.id, userId));
}
