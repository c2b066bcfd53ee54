import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { findJob, type JobRow, requeueDeadJob } from "../db/queries/jobs.js";
import { AppError, notFound } from "../errors.js";
import { type AdminContext, adminChange } from "./adminChange.js";

/**
 * An administrator runs a dead job again, from its first attempt, now. Jobs of another
 * organisation are not found; system-wide ones may be re-run by any organisation's administrator
 * (the trail of the administrator's organisation records it).
 */
export async function retryDeadJob(db: Db, ctx: AdminContext, jobId: string): Promise<JobRow> {
  return adminChange(
    db,
    ctx,
    async (tx) => {
      const job = await findJob(tx, jobId);
      if (!job || (job.organisation !== null && job.organisation !== ctx.admin.organisation)) {
        throw notFound({ fr: "tâche", en: "job" });
      }
      const requeued = await requeueDeadJob(tx, job.id, ctx.now);
      if (!requeued) {
        throw new AppError(
          409,
          "job_not_dead",
          message(
            `seule une tâche en échec définitif peut être relancée (celle-ci est « ${job.status} »)`,
            `only a dead job can be run again (this one is "${job.status}")`,
          ),
        );
      }
      return { before: job, after: requeued };
    },
    ({ before }) => ({
      type: "job_retried",
      payload: { jobId: before.id, job: before.name, attempts: before.attempts, lastError: before.lastError },
    }),
  ).then((r) => r.after);
}
