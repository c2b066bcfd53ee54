import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { webhookDeliveries, webhookSubscriptions } from "../schema.js";

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export async function insertWebhookSubscription(
  db: Db,
  row: typeof webhookSubscriptions.$inferInsert,
): Promise<WebhookSubscriptionRow> {
  const [inserted] = await db.insert(webhookSubscriptions).values(row).returning();
  if (!inserted) throw new Error("webhook subscription not inserted");
  return inserted;
}

export async function listWebhookSubscriptions(
  db: Db,
  organisation: string,
): Promise<WebhookSubscriptionRow[]> {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.organisation, organisation))
    .orderBy(webhookSubscriptions.createdAt, webhookSubscriptions.id);
}

export async function findWebhookSubscription(db: Db, id: string): Promise<WebhookSubscriptionRow | null> {
  const [row] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  return row ?? null;
}

export async function updateWebhookSubscription(
  db: Db,
  id: string,
  changes: Partial<Pick<WebhookSubscriptionRow, "url" | "description" | "eventTypes" | "active" | "secret">>,
): Promise<WebhookSubscriptionRow | null> {
  // Turning a subscription back on forgets the failures that disabled it.
  const reset = changes.active === true ? { consecutiveFailures: 0, disabledAt: null } : {};
  const [row] = await db
    .update(webhookSubscriptions)
    .set({ ...changes, ...reset })
    .where(eq(webhookSubscriptions.id, id))
    .returning();
  return row ?? null;
}

export async function deleteWebhookSubscription(db: Db, id: string): Promise<void> {
  await db.delete(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id));
  await db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
}

/** Active subscriptions of an organisation that asked for this event type. */
export async function subscriptionsFor(
  db: Db,
  organisation: string,
  eventType: string,
): Promise<WebhookSubscriptionRow[]> {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.organisation, organisation),
        eq(webhookSubscriptions.active, true),
        sql`${webhookSubscriptions.eventTypes} @> ${JSON.stringify([eventType])}::jsonb`,
      ),
    );
}

export async function insertWebhookDeliveries(
  db: Db,
  rows: Array<typeof webhookDeliveries.$inferInsert>,
): Promise<WebhookDeliveryRow[]> {
  if (rows.length === 0) return [];
  return db.insert(webhookDeliveries).values(rows).returning();
}

export async function findWebhookDelivery(
  db: Db,
  id: string,
): Promise<{ delivery: WebhookDeliveryRow; subscription: WebhookSubscriptionRow } | null> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, subscription: webhookSubscriptions })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(eq(webhookDeliveries.id, id));
  return row ?? null;
}

export async function recordWebhookAttempt(
  db: Db,
  id: string,
  result: { statusCode: number | null; error: string | null; delivered: boolean },
  now: Date,
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastStatusCode: result.statusCode,
      lastError: result.error,
      lastAttemptAt: now,
      ...(result.delivered ? { status: "delivered" as const, deliveredAt: now } : {}),
    })
    .where(eq(webhookDeliveries.id, id));
}

export async function markWebhookDeliveryFailed(db: Db, id: string): Promise<void> {
  await db.update(webhookDeliveries).set({ status: "failed" }).where(eq(webhookDeliveries.id, id));
}

export async function resetWebhookFailures(db: Db, subscriptionId: string): Promise<void> {
  await db
    .update(webhookSubscriptions)
    .set({ consecutiveFailures: 0 })
    .where(eq(webhookSubscriptions.id, subscriptionId));
}

/**
 * Counts one more delivery given up on and disables the subscription at `limit`; returns the row
 * when this call is the one that disabled it (so its owner is told once).
 */
export async function countWebhookFailure(
  db: Db,
  subscriptionId: string,
  limit: number,
  now: Date,
): Promise<{ disabledNow: boolean; subscription: WebhookSubscriptionRow | null }> {
  const [row] = await db
    .update(webhookSubscriptions)
    .set({ consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1` })
    .where(eq(webhookSubscriptions.id, subscriptionId))
    .returning();
  if (!row?.active || row.consecutiveFailures < limit)
    return { disabledNow: false, subscription: row ?? null };
  const [disabled] = await db
    .update(webhookSubscriptions)
    .set({ active: false, disabledAt: now })
    .where(and(eq(webhookSubscriptions.id, subscriptionId), eq(webhookSubscriptions.active, true)))
    .returning();
  return { disabledNow: Boolean(disabled), subscription: disabled ?? row };
}

/** A subscription's delivery log, newest first, paged by (created_at, id). */
export async function listWebhookDeliveries(
  db: Db,
  subscriptionId: string,
  after: { createdAt: Date; id: string } | null,
  limit: number,
): Promise<WebhookDeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        after
          ? or(
              lt(webhookDeliveries.createdAt, after.createdAt),
              and(eq(webhookDeliveries.createdAt, after.createdAt), lt(webhookDeliveries.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
}
