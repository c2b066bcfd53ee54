import type { Db } from "../db/database.js";
import { insertJob, type NewJobRow } from "../db/queries/jobs.js";
import { DEFAULT_MAX_ATTEMPTS, type JobHandler } from "./handler.js";

export interface JobRequest<P> {
  job: Pick<JobHandler<P>, "name" | "payload" | "maxAttempts">;
  payload: P;
  /** When it may run: the operation's `now`, or later. */
  runAt: Date;
  /** The organisation it works for; omitted for system-wide jobs. */
  organisation?: string | null;
  /**
   * Idempotency key: a second request with the same key enqueues nothing, even once the first
   * has run (e.g. `reminder:<taskId>:<dueAt>`).
   */
  key?: string;
  maxAttempts?: number;
}

/**
 * Enqueues a job in the caller's transaction: it exists only if that transaction commits, and
 * runs after it. Returns the new job's id, or null when its key was already taken.
 */
export async function enqueueJob<P>(tx: Db, request: JobRequest<P>): Promise<string | null> {
  return insertJob(tx, jobRowOf(request));
}

/** The row a request becomes, for a caller that writes it with other rows in one statement. */
export function jobRowOf<P>(request: JobRequest<P>): NewJobRow {
  return {
    name: request.job.name,
    payload: request.job.payload.parse(request.payload) as Record<string, unknown>,
    organisation: request.organisation ?? null,
    key: request.key ?? null,
    runAt: request.runAt,
    maxAttempts: request.maxAttempts ?? request.job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
}
