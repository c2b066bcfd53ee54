/**
 * The caller of whatever a job changes: « Système », running a named job. The audit trail records
 * its changes with no acting person (`actorUserId: null`) and this trace in the payload, so that
 * a reader can tell which job and which run made them.
 */
export interface SystemCaller {
  kind: "system";
  /** The job's name, e.g. `audit.verify-chains`. */
  job: string;
  /** The id of the `jobs` row being run. */
  jobId: string;
}

export function systemCaller(job: { name: string; id: string }): SystemCaller {
  return { kind: "system", job: job.name, jobId: job.id };
}

/** What an audit event written by a job carries in its payload: `{ system: { job, jobId } }`. */
export function systemTrace(caller: SystemCaller): { system: { job: string; jobId: string } } {
  return { system: { job: caller.job, jobId: caller.jobId } };
}
