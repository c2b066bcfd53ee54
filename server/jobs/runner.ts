import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { contextOn } from "../context/operationContext.js";
import type { Db } from "../db/database.js";
import { claimDueJobs, type JobRow, lockClaimedJob, markJobDone, markJobFailed } from "../db/queries/jobs.js";
import { bindToOrganisation } from "../db/queries/tenant.js";
import {
  DEFAULT_LEASE_SECONDS,
  DEFAULT_MAX_ATTEMPTS,
  type JobHandler,
  retryDelaySeconds,
} from "./handler.js";
import { fireSchedules, type Schedule } from "./schedules.js";
import { type JobServices, jobServicesFromEnv } from "./services.js";
import { systemCaller } from "./systemCaller.js";

export interface JobRunnerOptions {
  db: Db;
  /** The kinds of jobs this runner runs (see jobHandlers in registry.ts); it claims no other. */
  handlers: readonly JobHandler[];
  /** Cron schedules it evaluates at each tick (see schedules in registry.ts). */
  schedules?: readonly Schedule[];
  /** The app's clock; each tick reads it once. */
  clock?: () => Date;
  /** Time between two ticks (default 5 000 ms; WORKER_POLL_MS). */
  pollMs?: number;
  /** Names this runner in `jobs.locked_by` (default: host, process id and a random suffix). */
  workerId?: string;
  /** Jobs claimed per round trip (default 10). */
  batchSize?: number;
  log?: JobLog;
  /** What jobs need besides the database; default: read from the environment at first use. */
  services?: JobServices;
}

export interface JobLog {
  info(message: string): void;
  error(message: string): void;
}

/** What a tick did, for tests and logs. */
export interface RunReport {
  done: string[];
  /** Taken over by another worker after this one's lease expired: that worker's run counts. */
  lost: string[];
  retried: string[];
  dead: string[];
}

export interface TickReport extends RunReport {
  /** Jobs enqueued by cron schedules at this tick. */
  scheduled: string[];
}

const silent: JobLog = { info: () => undefined, error: () => undefined };

/**
 * Runs due jobs. `tick(now)` evaluates the schedules then runs every job due at `now`; tests call
 * it with their clock's time and never wait. `start()` ticks every `pollMs` until `stop()`.
 * Several runners (app servers, `logigramme worker` processes) may share one PostgreSQL: claims
 * skip what another holds, and a schedule's period fires once whoever sees it first.
 */
export class JobRunner {
  readonly workerId: string;
  private readonly db: Db;
  private readonly handlers: Map<string, JobHandler>;
  private readonly schedules: readonly Schedule[];
  private readonly clock: () => Date;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly log: JobLog;
  private jobServices: JobServices | null;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  private stopped = false;
  private readonly settledPeriods = new Map<string, number>();

  constructor(options: JobRunnerOptions) {
    this.db = options.db;
    this.handlers = new Map(options.handlers.map((h) => [h.name, h]));
    this.schedules = options.schedules ?? [];
    this.clock = options.clock ?? (() => new Date());
    this.pollMs = options.pollMs ?? 5000;
    this.batchSize = options.batchSize ?? 10;
    this.log = options.log ?? silent;
    this.jobServices = options.services ?? null;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  }

  /** Ticks now, then every `pollMs`; a tick never overlaps the previous one. */
  start(): void {
    if (this.stopped || this.timer || this.current) return;
    this.next(0);
  }

  /** No new tick starts; resolves once the tick under way (if any) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current?.catch(() => undefined);
  }

  private next(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.tick()
        .catch((error: unknown) => this.log.error(`jobs: tick failed: ${describe(error)}`))
        .finally(() => {
          this.current = null;
          if (!this.stopped) this.next(this.pollMs);
        });
    }, delay);
  }

  /** Fires the schedules due at `now`, then runs every job due at `now`. */
  async tick(now: Date = this.clock()): Promise<TickReport> {
    const scheduled = await fireSchedules(this.db, this.schedules, now, this.settledPeriods);
    return { scheduled, ...(await this.runDueJobs(now)) };
  }

  /** Claims and runs jobs due at `now` until none is left (those retried later are not due). */
  async runDueJobs(now: Date = this.clock()): Promise<RunReport> {
    const report: RunReport = { done: [], lost: [], retried: [], dead: [] };
    for (;;) {
      const claimed = await this.claim(now);
      if (claimed.length === 0) return report;
      for (const job of claimed) report[await this.runOne(job, now)].push(job.id);
    }
  }

  private async claim(now: Date): Promise<JobRow[]> {
    const leaseSeconds = new Map(
      [...this.handlers.values()].map((h) => [h.name, h.leaseSeconds ?? DEFAULT_LEASE_SECONDS]),
    );
    return this.db.transaction((tx) =>
      claimDueJobs(tx, { workerId: this.workerId, leaseSeconds, now, limit: this.batchSize }),
    );
  }

  private async runOne(job: JobRow, now: Date): Promise<keyof RunReport> {
    const handler = this.handlers.get(job.name);
    if (!handler) return this.fail(job, null, new Error(`no handler for job ${job.name}`), now);
    if (job.attempts > job.maxAttempts) {
      // Its previous attempt ended with its process, past the last one allowed.
      return this.fail(job, handler, new Error(`the worker stopped during attempt ${job.attempts - 1}`), now);
    }
    const parsed = handler.payload.safeParse(job.payload);
    if (!parsed.success)
      return this.fail(job, null, new Error(`invalid payload: ${parsed.error.message}`), now);
    try {
      const ran = await this.db.transaction(async (tx) => {
        // Taken over by another worker (our lease expired while we were slow): its run counts.
        if (!(await lockClaimedJob(tx, job.id, this.workerId))) return false;
        const caller = systemCaller(job);
        // A job of one organisation runs bound to it, as a request does (row-level security).
        if (job.organisation) await bindToOrganisation(tx, job.organisation);
        const context = job.organisation
          ? contextOn(tx, { organisation: job.organisation, caller, now })
          : null;
        const services = () => {
          this.jobServices ??= jobServicesFromEnv();
          return this.jobServices;
        };
        await handler.run({ tx, job, payload: parsed.data, caller, now, context, services });
        await markJobDone(tx, job.id, now);
        return true;
      });
      if (!ran) return "lost";
      this.log.info(`jobs: ${job.name} ${job.id} done (attempt ${job.attempts})`);
      return "done";
    } catch (error) {
      return this.fail(job, handler, error, now);
    }
  }

  /** `handler` null: a failure no retry can fix (unknown kind, invalid payload): dead at once. */
  private async fail(
    job: JobRow,
    handler: JobHandler | null,
    error: unknown,
    now: Date,
  ): Promise<keyof RunReport> {
    const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const retryAt =
      handler && job.attempts < maxAttempts
        ? new Date(now.getTime() + retryDelaySeconds(handler, job.attempts) * 1000)
        : null;
    const text = describe(error).slice(0, 2000);
    await markJobFailed(this.db, job.id, this.workerId, { error: text, retryAt, now });
    if (retryAt) {
      this.log.info(
        `jobs: ${job.name} ${job.id} failed (attempt ${job.attempts}), retry at ${retryAt.toISOString()}: ${text}`,
      );
      return "retried";
    }
    this.log.error(`jobs: ${job.name} ${job.id} dead after ${job.attempts} attempt(s): ${text}`);
    return "dead";
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
