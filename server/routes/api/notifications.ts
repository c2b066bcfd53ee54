import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  notificationList,
  notificationPreferences,
  notificationsQuery,
  unreadCount,
} from "../../../shared/api/notifications.js";
import { commonProblems } from "../../../shared/api/problem.js";
import type { Db } from "../../db/database.js";
import {
  countUnreadNotifications,
  findNotificationPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  saveNotificationPreferences,
} from "../../db/queries/notifications.js";
import { notFound } from "../../errors.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { currentUser } from "../../identity.js";

/** A person's own notifications: account locks, failed access attempts on accounts they watch… */
export function notificationRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["notifications"];

  api.get(
    "/api/notifications",
    { schema: { tags, querystring: notificationsQuery, response: { 200: notificationList } } },
    async (request) => {
      const user = await currentUser(db, request);
      const { cursor, limit, unread, kind } = request.query;
      const key = cursor ? decodeCursor(cursor, ["date", "uuid"]) : null;
      const rows = await listNotifications(db, user.id, {
        unreadOnly: unread === "true",
        kind,
        after: key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : null,
        limit,
      });
      const page = cutPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((n) => ({
          id: n.id,
          kind: n.kind,
          subject: n.subject,
          body: n.body,
          caseId: n.caseId,
          createdAt: n.createdAt.toISOString(),
          readAt: n.readAt?.toISOString() ?? null,
        })),
      };
    },
  );

  api.post(
    "/api/notifications/:notificationId/read",
    { schema: { tags, params: z.object({ notificationId: z.uuid() }) } },
    async (request, reply) => {
      const user = await currentUser(db, request);
      if (!(await markNotificationRead(db, user.id, request.params.notificationId, app.clock()))) {
        throw notFound({ fr: "notification", en: "notification" });
      }
      return reply.code(204).send();
    },
  );

  // The bell in the header asks this on every screen: a count, not a page.
  api.get(
    "/api/notifications/unread-count",
    { schema: { tags, response: { 200: unreadCount, ...commonProblems } } },
    async (request) => {
      const user = await currentUser(db, request);
      return { unread: await countUnreadNotifications(db, user.id) };
    },
  );

  api.post(
    "/api/notifications/read-all",
    { schema: { tags, response: { 200: unreadCount, ...commonProblems } } },
    async (request) => {
      const user = await currentUser(db, request);
      await markAllNotificationsRead(db, user.id, app.clock());
      return { unread: 0 };
    },
  );

  api.get(
    "/api/notifications/preferences",
    { schema: { tags, response: { 200: notificationPreferences, ...commonProblems } } },
    async (request) => {
      const user = await currentUser(db, request);
      return findNotificationPreferences(db, user.id);
    },
  );

  api.put(
    "/api/notifications/preferences",
    {
      schema: {
        tags,
        body: notificationPreferences,
        response: { 200: notificationPreferences, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      await saveNotificationPreferences(db, user.id, request.body, app.clock());
      return findNotificationPreferences(db, user.id);
    },
  );
}
