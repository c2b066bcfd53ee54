import { z } from "zod";
import { appendSecurityEvent } from "../audit/securityTrail.js";
import { deleteExpiredSessions } from "../db/queries/sessions.js";
import { defineJob } from "./handler.js";
import { systemTrace } from "./systemCaller.js";

/**
 * Deletes expired sessions (they are already refused at each request; this keeps the table small
 * and leaves no stale token hashes). Each organisation's trail says how many of its sessions the
 * job ended.
 */
export const purgeExpiredSessionsJob = defineJob({
  name: "sessions.purge-expired",
  payload: z.strictObject({}),
  async run({ tx, now, caller }) {
    const purged = await deleteExpiredSessions(tx, now);
    for (const [organisation, count] of purged) {
      await appendSecurityEvent(
        tx,
        {
          organisation,
          type: "sessions_purged",
          userId: null,
          matricule: null,
          actorUserId: null,
          ip: null,
          payload: { count, ...systemTrace(caller) },
        },
        now,
      );
    }
  },
});
