import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { jobList, jobListQuery, jobParams, jobView } from "../../../shared/api/jobs.js";
import { commonProblems } from "../../../shared/api/problem.js";
import { retryDeadJob } from "../../commands/jobRetrier.js";
import type { Db } from "../../db/database.js";
import { type JobRow, listJobs } from "../../db/queries/jobs.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { currentUser } from "../../identity.js";
import { requireAdmin } from "../../policies/admin.js";

/** Background jobs of the administrator's organisation and the system-wide ones; re-run a dead one. */
export function jobRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["tâches système"];

  api.get(
    "/api/jobs",
    { schema: { tags, querystring: jobListQuery, response: { 200: jobList, ...commonProblems } } },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const { cursor, limit, status } = request.query;
      const key = cursor ? decodeCursor(cursor, ["date", "uuid"]) : null;
      const rows = await listJobs(db, {
        organisation: admin.organisation,
        status: status ?? null,
        after: key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : null,
        limit,
      });
      const page = cutPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { items: page.items.map(presentJob), nextCursor: page.nextCursor };
    },
  );

  api.post(
    "/api/jobs/:jobId/retry",
    { schema: { tags, params: jobParams, response: { 200: jobView, ...commonProblems } } },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const job = await retryDeadJob(db, { admin, ip: request.ip, now: app.clock() }, request.params.jobId);
      return presentJob(job);
    },
  );
}

function presentJob(job: JobRow) {
  return {
    id: job.id,
    name: job.name,
    organisation: job.organisation,
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    runAt: job.runAt.toISOString(),
    lastError: job.lastError,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
