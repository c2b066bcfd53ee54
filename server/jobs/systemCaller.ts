import type { SystemCaller } from "../context/operationContext.js";

/**
 * The caller of whatever a job changes: « Système », running a named job (`SystemCaller` of the
 * operation context). The audit trail records its changes with no acting person
 * (`actorUserId: null`) and this trace in the payload, so a reader can tell which job and which
 * run made them.
 */
export type { SystemCaller };

export function systemCaller(job: { name: string; id: string }): SystemCaller {
  return { kind: "system", job: job.name, jobId: job.id };
}

/** What an audit event written by a job carries in its payload: `{ system: { job, jobId } }`. */
export function systemTrace(caller: SystemCaller): { system: { job: string; jobId: string } } {
  return { system: { job: caller.job, jobId: caller.jobId } };
}
