import { z } from "zod";
import { message } from "../../engine/messages.js";
import { appendSecurityEvent } from "../../server/audit/securityTrail.js";
import { insertNotifications } from "../../server/db/queries/notifications.js";
import { defineJob } from "../../server/jobs/handler.js";
import { systemTrace } from "../../server/jobs/systemCaller.js";

/**
 * Jobs that exist only for the tests. `test.effect` leaves one notification marked with its
 * payload's `mark`: counting them tells how many times its effect happened. In a process started
 * with JOB_CHILD_HANG=1 it stops mid-job (effect written, not committed) and says so on stdout,
 * for the parent to kill it there.
 */
export const effectJob = defineJob({
  name: "test.effect",
  payload: z.strictObject({ organisation: z.string(), userId: z.uuid(), mark: z.string() }),
  leaseSeconds: 60,
  async run({ tx, payload, now }) {
    await insertNotifications(tx, [
      {
        organisation: payload.organisation,
        userId: payload.userId,
        kind: "test_effect",
        subject: message(payload.mark, payload.mark),
        body: message(payload.mark, payload.mark),
        createdAt: now,
      },
    ]);
    if (process.env.JOB_CHILD_HANG === "1") {
      process.stdout.write("MID-JOB\n");
      await new Promise(() => undefined);
    }
  },
});

/** Fails while `failing.on` is true, as a remote service that is down would. */
export const failing = { on: true };
export const failingJob = defineJob({
  name: "test.failing",
  payload: z.strictObject({}),
  maxAttempts: 3,
  backoffSeconds: 60,
  async run() {
    if (failing.on) throw new Error("le service distant ne répond pas");
  },
});

/** Writes one security event per run in its organisation's trail, authored by the system. */
export const cronEffectJob = defineJob({
  name: "test.cron-effect",
  payload: z.strictObject({}),
  async run({ tx, job, now, caller }) {
    await appendSecurityEvent(
      tx,
      {
        organisation: job.organisation ?? "",
        type: "test_cron_fired",
        userId: null,
        matricule: null,
        actorUserId: null,
        ip: null,
        payload: { ...systemTrace(caller) },
      },
      now,
    );
  },
});

export const testJobHandlers = [effectJob, failingJob, cronEffectJob];
