import { CronExpressionParser } from "cron-parser";
import { loadCalendar } from "../commands/calendarLoader.js";
import type { Db } from "../db/database.js";
import { advanceSchedule } from "../db/queries/jobs.js";
import { listOrganisationCodes } from "../db/queries/organisations.js";
import type { JobHandler } from "./handler.js";
import { enqueueJob } from "./queue.js";

/**
 * A job enqueued at the times of a cron expression. `organisation` schedules fire once per
 * organisation, read in the time zone of its working calendar (02:00 in Abidjan is not 02:00 in
 * Rabat); `system` ones once for the whole server, in UTC.
 */
export interface Schedule {
  /** Stable name: the fired periods are recorded under it. */
  name: string;
  /** Five fields (minute hour day-of-month month day-of-week), as cron-parser reads them. */
  cron: string;
  job: Pick<JobHandler<Record<string, never>>, "name" | "payload" | "maxAttempts">;
  scope: "system" | "organisation";
  /**
   * When the time of one or more periods passed while no runner was up (a restart spanned it):
   * `once` runs the job once for all of them; `skip` waits for the next period.
   */
  catchUp: "once" | "skip";
  /** `skip`: a period seen this many seconds after its time is still on time (default 600). */
  graceSeconds?: number;
}

const DEFAULT_GRACE_SECONDS = 600;

/** The start of the period `now` falls in: the latest time of the expression at or before `now`. */
export function currentPeriod(cron: string, timeZone: string, now: Date): Date {
  const expression = CronExpressionParser.parse(cron, {
    tz: timeZone,
    // One millisecond after `now`, so that a time exactly at `now` counts as reached.
    currentDate: new Date(now.getTime() + 1),
  });
  return expression.prev().toDate();
}

/**
 * Enqueues the jobs of the periods reached since the last tick of any runner. Each (schedule,
 * organisation) moves to its new period in its own short transaction together with the enqueue;
 * the row lock of `job_schedules` and the job's unique key (schedule, organisation, period) make
 * one period fire once, even with several app servers ticking at the same moment. The first time
 * a schedule is seen, its current period is recorded without firing. Returns the new jobs' ids.
 */
export async function fireSchedules(
  db: Db,
  schedules: readonly Schedule[],
  now: Date,
  /** Periods this runner already settled, by schedule and organisation: no round trip for them. */
  settled: Map<string, number> = new Map(),
): Promise<string[]> {
  if (schedules.length === 0) return [];
  const fired: string[] = [];
  const organisations = schedules.some((s) => s.scope === "organisation")
    ? await Promise.all(
        (await listOrganisationCodes(db)).map(async (code) => ({
          code,
          timeZone: (await loadCalendar(db, code)).timeZone,
        })),
      )
    : [];
  for (const schedule of schedules) {
    const targets =
      schedule.scope === "system"
        ? [{ code: null as string | null, timeZone: "UTC" }]
        : organisations.map((o) => ({ code: o.code as string | null, timeZone: o.timeZone }));
    for (const target of targets) {
      const period = currentPeriod(schedule.cron, target.timeZone, now);
      const settledKey = `${schedule.name}\n${target.code ?? ""}`;
      if (settled.get(settledKey) === period.getTime()) continue;
      const id = await db.transaction(async (tx) => {
        const previous = await advanceSchedule(tx, {
          name: schedule.name,
          organisation: target.code ?? "",
          period,
          now,
        });
        if (!previous) return null;
        const late = (now.getTime() - period.getTime()) / 1000;
        if (schedule.catchUp === "skip" && late > (schedule.graceSeconds ?? DEFAULT_GRACE_SECONDS))
          return null;
        return enqueueJob(tx, {
          job: schedule.job,
          payload: {},
          runAt: now,
          organisation: target.code,
          key: `schedule:${schedule.name}:${target.code ?? ""}:${period.toISOString()}`,
        });
      });
      settled.set(settledKey, period.getTime());
      if (id) fired.push(id);
    }
  }
  return fired;
}
