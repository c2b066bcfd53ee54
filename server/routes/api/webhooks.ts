import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { pageQuery } from "../../../shared/api/pagination.js";
import { commonProblems } from "../../../shared/api/problem.js";
import {
  createWebhookBody,
  updateWebhookBody,
  webhookDeliveryList,
  webhookList,
  webhookParams,
  webhookWithSecret,
} from "../../../shared/api/webhooks.js";
import { createWebhook, deleteWebhook, updateWebhook } from "../../commands/webhookEditor.js";
import type { Db } from "../../db/database.js";
import {
  findWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  type WebhookSubscriptionRow,
} from "../../db/queries/webhooks.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { currentUser } from "../../identity.js";
import { requireAdmin, sameOrganisation } from "../../policies/admin.js";

/** The organisation's webhooks and their delivery logs; administrators only. */
export function webhookRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["webhooks"];

  api.post(
    "/api/webhooks",
    { schema: { tags, body: createWebhookBody, response: { 201: webhookWithSecret, ...commonProblems } } },
    async (request, reply) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const { webhook, secret } = await createWebhook(
        db,
        { admin, ip: request.ip, now: app.clock() },
        request.body,
      );
      return reply.code(201).send({ webhook: presentWebhook(webhook), secret });
    },
  );

  api.get(
    "/api/webhooks",
    { schema: { tags, response: { 200: webhookList, ...commonProblems } } },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const rows = await listWebhookSubscriptions(db, admin.organisation);
      return { items: rows.map(presentWebhook) };
    },
  );

  api.patch(
    "/api/webhooks/:webhookId",
    {
      schema: {
        tags,
        params: webhookParams,
        body: updateWebhookBody,
        response: { 200: webhookWithSecret, ...commonProblems },
      },
    },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const { webhook, secret } = await updateWebhook(
        db,
        { admin, ip: request.ip, now: app.clock() },
        request.params.webhookId,
        request.body,
      );
      return { webhook: presentWebhook(webhook), secret };
    },
  );

  api.delete(
    "/api/webhooks/:webhookId",
    { schema: { tags, params: webhookParams } },
    async (request, reply) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      await deleteWebhook(db, { admin, ip: request.ip, now: app.clock() }, request.params.webhookId);
      return reply.code(204).send();
    },
  );

  api.get(
    "/api/webhooks/:webhookId/deliveries",
    {
      schema: {
        tags,
        params: webhookParams,
        querystring: pageQuery,
        response: { 200: webhookDeliveryList, ...commonProblems },
      },
    },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const webhook = sameOrganisation(admin, await findWebhookSubscription(db, request.params.webhookId), {
        fr: "abonnement webhook",
        en: "webhook subscription",
      });
      const { cursor, limit } = request.query;
      const key = cursor ? decodeCursor(cursor, ["date", "uuid"]) : null;
      const rows = await listWebhookDeliveries(
        db,
        webhook.id,
        key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : null,
        limit,
      );
      const page = cutPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((d) => ({
          id: d.id,
          eventType: d.eventType,
          status: d.status,
          attempts: d.attempts,
          lastStatusCode: d.lastStatusCode,
          lastError: d.lastError,
          createdAt: d.createdAt.toISOString(),
          lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
          deliveredAt: d.deliveredAt?.toISOString() ?? null,
          payload: d.payload,
        })),
      };
    },
  );
}

/** Never the secret: it is shown once, at creation or rotation. */
function presentWebhook(w: WebhookSubscriptionRow) {
  return {
    id: w.id,
    url: w.url,
    description: w.description,
    eventTypes: w.eventTypes,
    active: w.active,
    consecutiveFailures: w.consecutiveFailures,
    disabledAt: w.disabledAt?.toISOString() ?? null,
    ownerUserId: w.ownerUserId,
    createdAt: w.createdAt.toISOString(),
  };
}
