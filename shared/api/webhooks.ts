import { z } from "zod";
import { pageOf } from "./pagination.js";

/** Mirrors server/messages/webhookDelivery.ts WEBHOOK_EVENT_TYPES. */
export const webhookEventTypes = [
  "case.created",
  "step.completed",
  "task.opened",
  "task.late",
  "case.closed",
] as const;

const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe("Adresse du destinataire (http ou https) / The receiver's address (http or https)");

export const createWebhookBody = z.strictObject({
  url: webhookUrl,
  description: z.string().trim().max(500).default(""),
  eventTypes: z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length),
});

export const updateWebhookBody = z.strictObject({
  url: webhookUrl.optional(),
  description: z.string().trim().max(500).optional(),
  eventTypes: z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length).optional(),
  /** true turns a disabled subscription back on (its failure count starts again from zero). */
  active: z.boolean().optional(),
  /** true replaces the signing secret; the new one is returned once. */
  rotateSecret: z.boolean().optional(),
});

export const webhookParams = z.object({ webhookId: z.uuid() });

export const webhookView = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  consecutiveFailures: z.number().int(),
  disabledAt: z.string().nullable(),
  ownerUserId: z.uuid(),
  createdAt: z.string(),
});

/** Creation (and a rotation) answers the secret, once: `whsec_…`, to verify signatures with. */
export const webhookWithSecret = z.object({ webhook: webhookView, secret: z.string().nullable() });

export const webhookList = z.object({ items: z.array(webhookView) });

export const webhookDeliveryView = z.object({
  id: z.uuid(),
  eventType: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});

export const webhookDeliveryList = pageOf(webhookDeliveryView);

export type WebhookView = z.infer<typeof webhookView>;
