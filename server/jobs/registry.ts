import { issueDocumentJob } from "../documents/issueDocumentJob.js";
import { sendExternalEmailJob } from "../messages/externalMail.js";
import { digestRoundJob, messageJobHandlers } from "../messages/messageJobs.js";
import { portalJobHandlers } from "../portal/portalMail.js";
import { stepMilestoneJob } from "../time/milestoneJob.js";
import { startRevisionJob, startScheduledCaseJob } from "../time/scheduledStarts.js";
import { timeScanJob } from "../time/timeScan.js";
import type { JobHandler } from "./handler.js";
import { purgeExpiredSessionsJob } from "./purgeExpiredSessions.js";
import { refreshOversightJob } from "./refreshOversight.js";
import type { Schedule } from "./schedules.js";
import { takeAuditCheckpointJob } from "./takeAuditCheckpoint.js";
import { verifyAuditChainsJob } from "./verifyAuditChains.js";

/** Every kind of job the server runs. A new job is declared in its own file and listed here. */
export const jobHandlers: readonly JobHandler[] = [
  purgeExpiredSessionsJob,
  verifyAuditChainsJob,
  takeAuditCheckpointJob,
  ...(messageJobHandlers as readonly JobHandler[]),
  sendExternalEmailJob as JobHandler,
  timeScanJob as JobHandler,
  stepMilestoneJob as JobHandler,
  startScheduledCaseJob as JobHandler,
  startRevisionJob as JobHandler,
  ...(portalJobHandlers as readonly JobHandler[]),
  issueDocumentJob as JobHandler,
  refreshOversightJob as JobHandler,
];

/** The cron schedules every runner evaluates. */
export const jobSchedules: readonly Schedule[] = [
  {
    name: "audit.nightly",
    cron: "0 2 * * *",
    job: verifyAuditChainsJob,
    scope: "organisation",
    catchUp: "once",
  },
  {
    name: "audit.checkpoint",
    cron: "15 * * * *",
    job: takeAuditCheckpointJob,
    scope: "organisation",
    catchUp: "once",
  },
  {
    name: "sessions.purge",
    cron: "30 3 * * *",
    job: purgeExpiredSessionsJob,
    scope: "system",
    catchUp: "skip",
  },
  {
    // Each organisation's digest goes out at its first working half hour (its calendar decides).
    name: "messages.digest",
    cron: "0,30 * * * *",
    job: digestRoundJob,
    scope: "organisation",
    catchUp: "once",
  },
  {
    // Reminders, escalations, timers, messages, recurring procedures and revisions (server/time/):
    // one scan a minute per organisation hands what is due to keyed jobs.
    name: "time.scan",
    cron: "* * * * *",
    job: timeScanJob,
    scope: "organisation",
    catchUp: "once",
  },
  {
    // The oversight read model follows the audit trail a minute behind, never inside a transition.
    name: "oversight.refresh",
    cron: "* * * * *",
    job: refreshOversightJob,
    scope: "organisation",
    catchUp: "once",
  },
];
