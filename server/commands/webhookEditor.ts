import type { Db } from "../db/database.js";
import {
  deleteWebhookSubscription,
  findWebhookSubscription,
  insertWebhookSubscription,
  updateWebhookSubscription,
  type WebhookSubscriptionRow,
} from "../db/queries/webhooks.js";
import { notFound } from "../errors.js";
import { newWebhookSecret } from "../messages/webhookSignature.js";
import { type AdminContext, adminChange } from "./adminChange.js";

const WHAT = { fr: "abonnement webhook", en: "webhook subscription" };

/** Creates a subscription owned by the administrator; the secret is returned this once. */
export async function createWebhook(
  db: Db,
  ctx: AdminContext,
  input: { url: string; description: string; eventTypes: string[] },
): Promise<{ webhook: WebhookSubscriptionRow; secret: string }> {
  const secret = newWebhookSecret();
  const webhook = await adminChange(
    db,
    ctx,
    (tx) =>
      insertWebhookSubscription(tx, {
        organisation: ctx.admin.organisation,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        secret,
        ownerUserId: ctx.admin.id,
        createdAt: ctx.now,
      }),
    (w) => ({ type: "webhook_created", payload: { webhookId: w.id, url: w.url, eventTypes: w.eventTypes } }),
  );
  return { webhook, secret };
}

async function ownWebhook(db: Db, ctx: AdminContext, id: string): Promise<WebhookSubscriptionRow> {
  const row = await findWebhookSubscription(db, id);
  if (!row || row.organisation !== ctx.admin.organisation) throw notFound(WHAT);
  return row;
}

export async function updateWebhook(
  db: Db,
  ctx: AdminContext,
  id: string,
  input: {
    url?: string;
    description?: string;
    eventTypes?: string[];
    active?: boolean;
    rotateSecret?: boolean;
  },
): Promise<{ webhook: WebhookSubscriptionRow; secret: string | null }> {
  await ownWebhook(db, ctx, id);
  const { rotateSecret, ...changes } = input;
  const secret = rotateSecret ? newWebhookSecret() : null;
  const webhook = await adminChange(
    db,
    ctx,
    async (tx) => {
      const row = await updateWebhookSubscription(tx, id, { ...changes, ...(secret ? { secret } : {}) });
      if (!row) throw notFound(WHAT);
      return row;
    },
    (w) => ({
      type: "webhook_updated",
      payload: { webhookId: w.id, changed: Object.keys(changes), secretRotated: secret !== null },
    }),
  );
  return { webhook, secret };
}

export async function deleteWebhook(db: Db, ctx: AdminContext, id: string): Promise<void> {
  const row = await ownWebhook(db, ctx, id);
  await adminChange(
    db,
    ctx,
    (tx) => deleteWebhookSubscription(tx, id),
    () => ({ type: "webhook_deleted", payload: { webhookId: row.id, url: row.url } }),
  );
}
