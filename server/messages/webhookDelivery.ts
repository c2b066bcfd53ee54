import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { insertNotificationsReturning } from "../db/queries/notifications.js";
import {
  countWebhookFailure,
  findWebhookDelivery,
  insertWebhookDeliveries,
  markWebhookDeliveryFailed,
  recordWebhookAttempt,
  resetWebhookFailures,
  subscriptionsFor,
} from "../db/queries/webhooks.js";
import { webhookHeaders } from "./webhookSignature.js";

/** The events an organisation may subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  "case.created",
  "step.completed",
  "task.opened",
  "task.late",
  "case.closed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Deliveries given up on in a row before the subscription is disabled and its owner told. */
export const FAILURES_BEFORE_DISABLE = 3;

/** A receiver that does not answer within this is counted as failing (and retried). */
const TIMEOUT_MS = 10_000;

export class WebhookRefused extends Error {}

/**
 * Records an event for every active subscription of the organisation that asked for it; returns
 * the delivery ids, each to be sent by a job enqueued in the same transaction.
 */
export async function recordWebhookEvent(
  tx: Db,
  organisation: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: Date,
): Promise<string[]> {
  const subscriptions = await subscriptionsFor(tx, organisation, type);
  const payload = { type, timestamp: now.toISOString(), data };
  const rows = await insertWebhookDeliveries(
    tx,
    subscriptions.map((s) => ({ subscriptionId: s.id, eventType: type, payload, createdAt: now })),
  );
  return rows.map((r) => r.id);
}

/**
 * One attempt to deliver: POST the payload signed per Standard Webhooks. A 2xx answer delivers it;
 * anything else (or no answer) is recorded in the log and thrown, so that the job is retried.
 */
export async function attemptWebhookDelivery(
  db: Db,
  deliveryId: string,
  now: Date,
): Promise<"delivered" | "skipped"> {
  const found = await findWebhookDelivery(db, deliveryId);
  if (found?.delivery.status !== "pending") return "skipped";
  const { delivery, subscription } = found;
  // Disabled meanwhile: nothing more is sent to it (its log keeps the delivery pending).
  if (!subscription.active) return "skipped";
  const body = JSON.stringify(delivery.payload);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(subscription.url, {
      method: "POST",
      headers: webhookHeaders(subscription.secret, `msg_${delivery.id}`, now, body),
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    statusCode = response.status;
    await response.body?.cancel();
    if (!response.ok) error = `HTTP ${response.status}`;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await recordWebhookAttempt(db, deliveryId, { statusCode, error, delivered: error === null }, now);
  if (error !== null) throw new WebhookRefused(`webhook ${subscription.url}: ${error}`);
  await resetWebhookFailures(db, subscription.id);
  return "delivered";
}

/**
 * The delivery's last retry failed: it is marked failed, and the subscription disabled after
 * FAILURES_BEFORE_DISABLE such deliveries in a row, its owner told in the app (and by e-mail).
 * Returns the owner's notification id when one was written.
 */
export async function giveUpWebhookDelivery(db: Db, deliveryId: string, now: Date): Promise<string[]> {
  const found = await findWebhookDelivery(db, deliveryId);
  if (found?.delivery.status !== "pending") return [];
  await markWebhookDeliveryFailed(db, deliveryId);
  const { disabledNow, subscription } = await countWebhookFailure(
    db,
    found.subscription.id,
    FAILURES_BEFORE_DISABLE,
    now,
  );
  if (!disabledNow || !subscription) return [];
  const notified = await insertNotificationsReturning(db, [
    {
      organisation: subscription.organisation,
      userId: subscription.ownerUserId,
      kind: "webhook_disabled",
      subject: message("Webhook désactivé", "Webhook disabled"),
      body: message(
        `Les ${FAILURES_BEFORE_DISABLE} derniers événements envoyés à ${subscription.url} ont échoué malgré les nouvelles tentatives : l'abonnement est désactivé. Réactivez-le dans l'administration une fois le destinataire réparé.`,
        `The last ${FAILURES_BEFORE_DISABLE} events sent to ${subscription.url} failed despite retries: the subscription is disabled. Turn it back on in the administration once the receiver is fixed.`,
      ),
      createdAt: now,
    },
  ]);
  return notified.map((n) => n.id);
}
