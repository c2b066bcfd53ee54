import type { Db } from "../db/database.js";
import { emailFrequencies, insertNotificationsReturning } from "../db/queries/notifications.js";
import type { notifications } from "../db/schema.js";
import { enqueueJob } from "../jobs/queue.js";
import { ALWAYS_EMAILED } from "./emailSender.js";
import { emailEnabled } from "./mailContext.js";
import { deliverWebhookJob, sendEmailJob } from "./messageJobs.js";
import { recordWebhookEvent, type WebhookEventType } from "./webhookDelivery.js";

/**
 * What leaves a change for people and other systems, written in the change's own transaction:
 * the notifications (and the jobs that e-mail them) and the webhook deliveries (and their jobs).
 * Nothing is sent if the change rolls back; everything is sent, by the job runner, if it commits.
 */

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
