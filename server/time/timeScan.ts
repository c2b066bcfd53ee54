import { z } from "zod";
import { toLocal } from "../../engine/calendar/timeZone.js";
import { latestOccurrence, revisionNotice } from "../../engine/case/timing.js";
import { advanceSchedule } from "../db/queries/jobs.js";
import { dueStepTimers, timedDefinitionsInForce } from "../db/queries/stepTimers.js";
import { defineJob } from "../jobs/handler.js";
import { enqueueJob } from "../jobs/queue.js";
import { stepMilestoneJob } from "./milestoneJob.js";
import { startRevisionJob, startScheduledCaseJob } from "./scheduledStarts.js";

/** Due milestones handed to their own jobs per scan; the rest wait for the next minute. */
const MILESTONES_PER_SCAN = 500;
/** A `skip` recurrence seen this late after its time is still on time (a tick or two late). */
const SKIP_GRACE_MS = 10 * 60_000;

/**
 * What the clock owes one organisation at this minute, each as its own keyed job so that every
 * effect happens once whichever app server runs it and a failure holds up nothing else:
 * - the milestones due (reminders, escalations, timers, messages): `milestone:<case>:<token>:<stage>:<at>`;
 * - the recurring procedures whose time came (the recurrence read in the organisation's calendar
 *   and zone; its last run kept in `job_schedules`, advanced under a row lock; after a stop, per
 *   its catch-up policy, one run for all the missed ones or none);
 * - the revisions whose notice came: `revision:<procedure>:<version>:<revisionDate>`, once ever.
 */
export const timeScanJob = defineJob({
  name: "time.scan",
  payload: z.strictObject({}),
  maxAttempts: 3,
  async run({ tx, job, now, context }) {
    const organisation = job.organisation;
    if (!organisation || !context) throw new Error("time.scan works for an organisation");
    for (const timer of await dueStepTimers(tx, organisation, now, MILESTONES_PER_SCAN)) {
      await enqueueJob(tx, {
        job: stepMilestoneJob,
        payload: { caseId: timer.caseId, tokenId: timer.tokenId, stage: timer.stage },
        runAt: now,
        organisation,
        key: `milestone:${timer.caseId}:${timer.tokenId}:${timer.stage}:${timer.nextAt?.toISOString()}`,
      });
    }

    const definitions = await timedDefinitionsInForce(tx, organisation);
    if (definitions.length === 0) return;
    const calendar = (await context.directory()).calendar;
    for (const def of definitions) {
      const schedule = def.schedule;
      const period = schedule ? latestOccurrence(schedule, calendar, now) : null;
      if (schedule && period) {
        const previous = await advanceSchedule(tx, {
          name: `procedure:${def.id}`,
          organisation,
          period,
          now,
        });
        const onTime = now.getTime() - period.getTime() <= SKIP_GRACE_MS;
        if (previous && (schedule.catchUp === "once" || onTime)) {
          await enqueueJob(tx, {
            job: startScheduledCaseJob,
            payload: { procedureId: def.id, period: period.toISOString() },
            runAt: now,
            organisation,
            key: `procedure-run:${organisation}:${def.id}:${period.toISOString()}`,
          });
        }
      }
      const notice = revisionNotice(def, calendar);
      if (notice && notice.getTime() <= now.getTime()) {
        await enqueueJob(tx, {
          job: startRevisionJob,
          payload: { procedureId: def.id, version: def.version, day: toLocal(now, calendar.timeZone).date },
          runAt: now,
          organisation,
          key: `revision:${organisation}:${def.id}:${def.version}:${def.revisionDate}`,
        });
      }
    }
  },
});
