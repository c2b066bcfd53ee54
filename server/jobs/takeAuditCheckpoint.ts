import { z } from "zod";
import { loadCheckpointKey } from "../audit/checkpointKey.js";
import { takeAuditCheckpoint } from "../audit/checkpoints.js";
import { defineJob } from "./handler.js";

/**
 * Signs the heads of one organisation's audit chains (docs/AUDIT-INTEGRITY.md). Hourly: what an
 * attacker with write access to the database could rewrite undetected is at most the last hour,
 * and only until the next checkpoint is exported.
 */
export const takeAuditCheckpointJob = defineJob({
  name: "audit.checkpoint",
  payload: z.strictObject({}),
  maxAttempts: 3,
  async run({ tx, job, now }) {
    const organisation = job.organisation;
    if (!organisation) throw new Error("audit.checkpoint needs the organisation whose chains it signs");
    await takeAuditCheckpoint(tx, organisation, now, loadCheckpointKey());
  },
});
