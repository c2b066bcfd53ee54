import { and, desc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { jobSchedules, jobs } from "../schema.js";

export type JobRow = typeof jobs.$inferSelect;
export type JobStatus = JobRow["status"];

/** Inserts a job unless one with the same key exists; returns its id, or null when it was a duplicate. */
/** A job to enqueue, as a statement writing it with other rows takes it. */
export interface NewJobRow {
  name: string;
  payload: Record<string, unknown>;
  organisation: string | null;
  key: string | null;
  runAt: Date;
  maxAttempts: number;
}

export async function insertJob(db: Db, row: typeof jobs.$inferInsert): Promise<string | null> {
  const inserted = await db
    .insert(jobs)
    .values(row)
    .onConflictDoNothing({ target: jobs.key, where: sql`${jobs.key} is not null` })
    .returning({ id: jobs.id });
  return inserted[0]?.id ?? null;
}

/**
 * Claims up to `limit` due jobs for one worker: queued ones whose time has come, and running ones
 * whose lease expired (their worker died). SKIP LOCKED lets several app servers claim at once
 * without waiting on each other or taking the same job. Each claim counts as an attempt.
 */
export async function claimDueJobs(
  db: Db,
  options: { workerId: string; leaseSeconds: Map<string, number>; now: Date; limit: number },
): Promise<JobRow[]> {
  const names = [...options.leaseSeconds.keys()];
  if (names.length === 0) return [];
  const { now } = options;
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.name, names),
        or(
          and(eq(jobs.status, "queued"), lte(jobs.runAt, now)),
          and(eq(jobs.status, "running"), lt(jobs.lockedUntil, now)),
        ),
      ),
    )
    .orderBy(jobs.runAt)
    .limit(options.limit)
    .for("update", { skipLocked: true });
  return db
    .update(jobs)
    .set({
      status: "running",
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: options.workerId,
      // Each kind of job has its own lease.
      lockedUntil: sql`${now.toISOString()}::timestamptz + make_interval(secs => case ${jobs.name} ${sql.join(
        [...options.leaseSeconds].map(([name, seconds]) => sql`when ${name} then ${seconds}::int `),
      )} end)`,
    })
    .where(inArray(jobs.id, due))
    .returning();
}

/**
 * Locks a claimed job for the transaction that runs it, if this worker still holds it: while the
 * transaction is open no other worker can claim it, even past the lease; if the process dies, the
 * transaction and the lock die with it and the lease decides.
 */
export async function lockClaimedJob(db: Db, id: string, workerId: string): Promise<boolean> {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.status, "running"), eq(jobs.lockedBy, workerId)))
    .for("update");
  return rows.length === 1;
}

export async function markJobDone(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(jobs)
    .set({ status: "done", finishedAt: now, lockedBy: null, lockedUntil: null })
    .where(eq(jobs.id, id));
}

/** A failed attempt: queued again at `retryAt`, or dead when `retryAt` is null. */
export async function markJobFailed(
  db: Db,
  id: string,
  workerId: string,
  failure: { error: string; retryAt: Date | null; now: Date },
): Promise<void> {
  await db
    .update(jobs)
    .set(
      failure.retryAt
        ? {
            status: "queued",
            runAt: failure.retryAt,
            lockedBy: null,
            lockedUntil: null,
            lastError: failure.error,
          }
        : {
            status: "dead",
            finishedAt: failure.now,
            lockedBy: null,
            lockedUntil: null,
            lastError: failure.error,
          },
    )
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId)));
}

export async function findJob(db: Db, id: string): Promise<JobRow | null> {
  const rows = await db.select().from(jobs).where(eq(jobs.id, id));
  return rows[0] ?? null;
}

/**
 * An organisation's jobs and the system-wide ones, newest first, paged by (created_at, id).
 */
export async function listJobs(
  db: Db,
  options: {
    organisation: string;
    status: JobStatus | null;
    after: { createdAt: Date; id: string } | null;
    limit: number;
  },
): Promise<JobRow[]> {
  const { after } = options;
  return db
    .select()
    .from(jobs)
    .where(
      and(
        or(eq(jobs.organisation, options.organisation), isNull(jobs.organisation)),
        options.status ? eq(jobs.status, options.status) : undefined,
        after
          ? or(
              lt(jobs.createdAt, after.createdAt),
              and(eq(jobs.createdAt, after.createdAt), lt(jobs.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(options.limit + 1);
}

/** A dead job queued again from scratch; null when it is not dead (any more). */
export async function requeueDeadJob(db: Db, id: string, now: Date): Promise<JobRow | null> {
  const rows = await db
    .update(jobs)
    .set({ status: "queued", attempts: 0, runAt: now, finishedAt: null })
    .where(and(eq(jobs.id, id), eq(jobs.status, "dead")))
    .returning();
  return rows[0] ?? null;
}

/**
 * Moves a schedule to the period `period` if it was behind it, inside the caller's transaction:
 * the row lock makes a second caller wait and then see the period already reached. The first sighting of a
 * schedule records its period without firing. Returns the period it was at before, or null
 * when there is nothing to fire (first sighting, or another caller got there first).
 */
export async function advanceSchedule(
  db: Db,
  schedule: { name: string; organisation: string; period: Date; now: Date },
): Promise<Date | null> {
  const created = await db
    .insert(jobSchedules)
    .values({
      schedule: schedule.name,
      organisation: schedule.organisation,
      lastPeriod: schedule.period,
      updatedAt: schedule.now,
    })
    .onConflictDoNothing()
    .returning({ schedule: jobSchedules.schedule });
  if (created.length === 1) return null;
  const current = await db
    .select({ lastPeriod: jobSchedules.lastPeriod })
    .from(jobSchedules)
    .where(
      and(eq(jobSchedules.schedule, schedule.name), eq(jobSchedules.organisation, schedule.organisation)),
    )
    .for("update");
  const previous = current[0]?.lastPeriod;
  if (!previous || previous >= schedule.period) return null;
  await db
    .update(jobSchedules)
    .set({ lastPeriod: schedule.period, updatedAt: schedule.now })
    .where(
      and(eq(jobSchedules.schedule, schedule.name), eq(jobSchedules.organisation, schedule.organisation)),
    );
  return previous;
}
