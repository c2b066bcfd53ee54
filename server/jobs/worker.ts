import type { Db } from "../db/database.js";
import { jobHandlers, jobSchedules } from "./registry.js";
import { type JobLog, JobRunner, type JobRunnerOptions } from "./runner.js";

/** `WORKER=off` keeps the runner out of `npm start` (then run `logigramme worker` elsewhere). */
export function workerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !["off", "false", "0", "no"].includes((env.WORKER ?? "").toLowerCase());
}

/** The server's runner: every declared job and schedule, polling every WORKER_POLL_MS (5 000). */
export function createJobRunner(
  db: Db,
  options: { clock?: () => Date; log?: JobLog; env?: NodeJS.ProcessEnv } & Partial<JobRunnerOptions> = {},
): JobRunner {
  const env = options.env ?? process.env;
  const pollMs = Number(env.WORKER_POLL_MS ?? 5000);
  if (!Number.isInteger(pollMs) || pollMs < 100) {
    throw new Error(
      `WORKER_POLL_MS must be a whole number of milliseconds, at least 100 (got ${env.WORKER_POLL_MS})`,
    );
  }
  return new JobRunner({ handlers: jobHandlers, schedules: jobSchedules, pollMs, ...options, db });
}
