import type { z } from "zod";
import type { OperationContext } from "../context/operationContext.js";
import type { Db } from "../db/database.js";
import type { JobRow } from "../db/queries/jobs.js";
import type { JobServices } from "./services.js";
import type { SystemCaller } from "./systemCaller.js";

/** What a job's code receives: the transaction that will also mark the job done. */
export interface JobContext<P> {
  /**
   * Every database effect goes through it: it commits together with the job's completion, so a
   * process that dies mid-job leaves no effect behind and the job is run again after its lease.
   */
  tx: Db;
  job: JobRow;
  payload: P;
  /** The author of its changes in the audit trail. */
  caller: SystemCaller;
  /** The tick's time (the app's clock, or the test's). */
  now: Date;
  /**
   * The operation context of the job's organisation on `tx`, with the system as caller, for the
   * commands a job calls; null for a system-wide job.
   */
  context: OperationContext | null;
  /** The file store, document catalog and public address (read once, when a job first asks). */
  services: () => JobServices;
}

/**
 * A kind of job. Effects outside the database (an e-mail, a webhook) cannot roll back: they must
 * be made idempotent with the job's id or key (an idempotency record written in `tx`, or a key the
 * other side deduplicates on), since a job may run again after a crash.
 */
export interface JobHandler<P = unknown> {
  /** Stable name stored in `jobs.name`, e.g. `sessions.purge-expired`. */
  name: string;
  /** Parses the stored payload; a payload that does not parse makes the job dead at once. */
  payload: z.ZodType<P>;
  /** Attempts before the job is dead (default 5). */
  maxAttempts?: number;
  /** How long a worker holds a claimed job before another may take it over (default 300). */
  leaseSeconds?: number;
  /** First retry delay, doubled at each attempt, at most an hour (default 30). */
  backoffSeconds?: number;
  run(context: JobContext<P>): Promise<void>;
}

/** Declares a job; the identity function that lets TypeScript infer the payload's type. */
export function defineJob<P>(handler: JobHandler<P>): JobHandler<P> {
  return handler;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_LEASE_SECONDS = 300;
export const DEFAULT_BACKOFF_SECONDS = 30;
const MAX_BACKOFF_SECONDS = 3600;

/** When the attempt number `attempts` (1 for the first) failed, the next one is this much later. */
export function retryDelaySeconds(handler: Pick<JobHandler, "backoffSeconds">, attempts: number): number {
  const base = handler.backoffSeconds ?? DEFAULT_BACKOFF_SECONDS;
  return Math.min(base * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_SECONDS);
}
