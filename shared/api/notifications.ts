import { z } from "zod";
import { pageOf, pageQuery } from "./pagination.js";

const localized = z.object({ fr: z.string(), en: z.string() });

export const notificationsQuery = pageQuery.extend({
  unread: z.enum(["true", "false"]).optional(),
  /** One kind only (`task_assigned`, `escalation`, `reminder`…). */
  kind: z.string().min(1).max(100).optional(),
});

export const notificationView = z.object({
  id: z.uuid(),
  kind: z.string(),
  subject: localized,
  body: localized,
  caseId: z.uuid().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const notificationList = pageOf(notificationView);

export const unreadCount = z.object({ unread: z.number().int() });

/** How a person receives their notifications by e-mail (escalations are always sent at once). */
export const notificationPreferences = z.strictObject({
  email: z.enum(["immediate", "digest", "none"]),
  language: z.enum(["fr", "en"]),
});

export type NotificationView = z.infer<typeof notificationView>;
export type NotificationPreferences = z.infer<typeof notificationPreferences>;
