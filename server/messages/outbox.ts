import { randomUUID } from "node:crypto";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import { emailFrequencies, insertNotificationsReturning } from "../db/queries/notifications.js";
import type { Outgoing } from "../db/queries/transitions.js";
import type { notifications } from "../db/schema.js";
import { enqueueJob, jobRowOf } from "../jobs/queue.js";
import { ALWAYS_EMAILED } from "./emailSender.js";
import { emailEnabled } from "./mailContext.js";
import { deliverWebhookJob, sendEmailJob } from "./messageJobs.js";
import { recordWebhookEvent, type WebhookEventType } from "./webhookDelivery.js";

/**
 * What leaves a change for people and other systems, written in the change's own transaction:
 * the notifications (and the jobs that e-mail them) and the webhook deliveries (and their jobs).
 * Nothing is sent if the change rolls back; everything is sent, by the job runner, if it commits.
 */

export type { Outgoing };

export type NewNotification = Omit<typeof notifications.$inferInsert, "organisation">;

/** Notifies people in the app, and by e-mail at once those who want it (the others get the digest). */
export async function notify(
  tx: Db,
  organisation: string,
  rows: NewNotification[],
  now: Date,
): Promise<string[]> {
  const inserted = await insertNotificationsReturning(
    tx,
    rows.map((r) => ({ ...r, organisation })),
  );
  if (!emailEnabled() || inserted.length === 0) return inserted.map((n) => n.id);
  const frequencies = await emailFrequencies(tx, [...new Set(inserted.map((n) => n.userId))]);
  for (const n of inserted) {
    const frequency = frequencies.get(n.userId) ?? "immediate";
    if (frequency !== "immediate" && !ALWAYS_EMAILED.has(n.kind)) continue;
    await enqueueJob(tx, {
      job: sendEmailJob,
      payload: { notificationId: n.id },
      runAt: now,
      organisation,
      key: `email:${n.id}`,
    });
  }
  return inserted.map((n) => n.id);
}

/** Records an event for the organisation's webhooks that asked for it and enqueues each delivery. */
export async function publishWebhookEvent(
  tx: Db,
  organisation: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: Date,
): Promise<void> {
  for (const deliveryId of await recordWebhookEvent(tx, organisation, type, data, now)) {
    await enqueueJob(tx, {
      job: deliverWebhookJob,
      payload: { deliveryId, attempt: 1 },
      runAt: now,
      organisation,
      key: `webhook:${deliveryId}:1`,
    });
  }
}

/**
 * What a transition sends, planned in memory from the organisation's directory (who wants e-mail
 * at once, which webhooks asked for what) and written with the transition in its one statement.
 */
export function noOutgoing(): Outgoing {
  return { notifications: [], webhookDeliveries: [], jobs: [] };
}

/** `notify`, planned: the rows and their e-mail jobs are added to `out`. */
export function planNotifications(
  out: Outgoing,
  directory: OrganisationDirectory,
  rows: Array<NewNotification & { userId: string }>,
  now: Date,
): void {
  const emailing = emailEnabled();
  for (const row of rows) {
    const id = randomUUID();
    out.notifications.push({ ...row, id });
    if (!emailing) continue;
    if (directory.emailFrequency(row.userId) !== "immediate" && !ALWAYS_EMAILED.has(row.kind)) continue;
    out.jobs.push(
      jobRowOf({
        job: sendEmailJob,
        payload: { notificationId: id },
        runAt: now,
        organisation: directory.organisation,
        key: `email:${id}`,
      }),
    );
  }
}

/** `publishWebhookEvent`, planned: a delivery and its job per subscription that asked for it. */
export function planWebhookEvent(
  out: Outgoing,
  directory: OrganisationDirectory,
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: Date,
): void {
  const payload = { type, timestamp: now.toISOString(), data };
  for (const subscriptionId of directory.webhooksFor(type)) {
    const id = randomUUID();
    out.webhookDeliveries.push({ id, subscriptionId, eventType: type, payload });
    out.jobs.push(
      jobRowOf({
        job: deliverWebhookJob,
        payload: { deliveryId: id, attempt: 1 },
        runAt: now,
        organisation: directory.organisation,
        key: `webhook:${id}:1`,
      }),
    );
  }
}
