import { z } from "zod";
import { toLocal } from "../../engine/calendar/timeZone.js";
import { isWorkingDay, periodsOf } from "../../engine/calendar/workingDay.js";
import { loadCalendar } from "../commands/calendarLoader.js";
import { listDigestRecipients } from "../db/queries/notifications.js";
import { defineJob } from "../jobs/handler.js";
import { enqueueJob } from "../jobs/queue.js";
import { sendDigestMail, sendNotificationMail } from "./emailSender.js";
import { mailContextFromEnv } from "./mailContext.js";
import { attemptWebhookDelivery, giveUpWebhookDelivery, WebhookRefused } from "./webhookDelivery.js";

/**
 * E-mails one notification. An SMTP server that refuses or cannot be reached fails the attempt:
 * the runner retries with backoff, then the job is dead (listed with the organisation's jobs).
 * A worker killed mid-send never committed the sending: the retry sends the same Message-ID.
 */
export const sendEmailJob = defineJob({
  name: "messages.send-email",
  payload: z.strictObject({ notificationId: z.uuid() }),
  maxAttempts: 6,
  backoffSeconds: 60,
  leaseSeconds: 120,
  async run({ tx, payload, now }) {
    const mail = mailContextFromEnv();
    if (!mail) return;
    await sendNotificationMail(tx, mail, payload.notificationId, now);
  },
});

/** One person's digest of one day (the key `digest:<user>:<day>` makes it once a day). */
export const sendDigestJob = defineJob({
  name: "messages.send-digest",
  payload: z.strictObject({ userId: z.uuid(), day: z.string() }),
  maxAttempts: 6,
  backoffSeconds: 60,
  leaseSeconds: 120,
  async run({ tx, payload, now }) {
    const mail = mailContextFromEnv();
    if (!mail) return;
    await sendDigestMail(tx, mail, payload.userId, payload.day, now);
  },
});

/**
 * Every half hour of a working day, once its first working period has begun: one digest job per
 * person of the organisation who chose the digest and has something waiting. At most one a day.
 */
export const digestRoundJob = defineJob({
  name: "messages.digest-round",
  payload: z.strictObject({}),
  maxAttempts: 3,
  async run({ tx, job, now }) {
    const organisation = job.organisation;
    if (!organisation || !mailContextFromEnv()) return;
    const calendar = await loadCalendar(tx, organisation);
    const local = toLocal(now, calendar.timeZone);
    const firstPeriod = periodsOf(calendar)[0];
    if (!isWorkingDay(calendar, local.date) || !firstPeriod || local.minutes < firstPeriod.start) return;
    for (const userId of await listDigestRecipients(tx, organisation, now)) {
      await enqueueJob(tx, {
        job: sendDigestJob,
        payload: { userId, day: local.date },
        runAt: now,
        organisation,
        key: `digest:${userId}:${local.date}`,
      });
    }
  },
});

/** Attempts before a webhook delivery is given up; each retry waits twice as long (1 min to 4 h). */
export const WEBHOOK_ATTEMPTS = 6;
const WEBHOOK_FIRST_RETRY_SECONDS = 60;

export function webhookRetryDelaySeconds(attempt: number): number {
  return Math.min(WEBHOOK_FIRST_RETRY_SECONDS * 4 ** (attempt - 1), 4 * 3600);
}

/**
 * One attempt of one webhook delivery. A failing receiver does not fail the job: the attempt must
 * stay in the delivery log, which a failed job's rollback would erase; the next attempt is its own
 * job, enqueued with the backoff, and the last one gives up (and may disable the subscription).
 */
export const deliverWebhookJob = defineJob({
  name: "webhooks.deliver",
  payload: z.strictObject({ deliveryId: z.uuid(), attempt: z.number().int().min(1) }),
  // Retries by the runner are for what is not the receiver's fault (the database, a crash).
  maxAttempts: 3,
  leaseSeconds: 60,
  async run({ tx, job, payload, now }) {
    try {
      await attemptWebhookDelivery(tx, payload.deliveryId, now);
    } catch (error) {
      if (!(error instanceof WebhookRefused)) throw error;
      if (payload.attempt >= WEBHOOK_ATTEMPTS) {
        const notified = await giveUpWebhookDelivery(tx, payload.deliveryId, now);
        await enqueueEmails(tx, notified, job.organisation, now);
        return;
      }
      await enqueueJob(tx, {
        job: deliverWebhookJob,
        payload: { deliveryId: payload.deliveryId, attempt: payload.attempt + 1 },
        runAt: new Date(now.getTime() + webhookRetryDelaySeconds(payload.attempt) * 1000),
        organisation: job.organisation,
        key: `webhook:${payload.deliveryId}:${payload.attempt + 1}`,
      });
    }
  },
});

async function enqueueEmails(
  tx: Parameters<typeof enqueueJob>[0],
  notificationIds: string[],
  organisation: string | null,
  now: Date,
): Promise<void> {
  for (const notificationId of notificationIds) {
    await enqueueJob(tx, {
      job: sendEmailJob,
      payload: { notificationId },
      runAt: now,
      organisation,
      key: `email:${notificationId}`,
    });
  }
}

export const messageJobHandlers = [sendEmailJob, sendDigestJob, digestRoundJob, deliverWebhookJob];
