import { z } from "zod";
import { pageOf, pageQuery } from "./pagination.js";

export const jobStatuses = ["queued", "running", "done", "dead"] as const;

export const jobListQuery = pageQuery.extend({ status: z.enum(jobStatuses).optional() });

export const jobParams = z.object({ jobId: z.uuid() });

/** A background job as administrators see it: never its payload, which may name people. */
export const jobView = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Null for a system-wide job (the session purge), shown to every organisation's administrators. */
  organisation: z.string().nullable(),
  status: z.enum(jobStatuses),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const jobList = pageOf(jobView);

export type JobView = z.infer<typeof jobView>;
export type JobStatusName = (typeof jobStatuses)[number];
