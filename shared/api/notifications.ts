import { z } from "zod";
import { pageOf, pageQuery } from "./pagination.js";

const localized = z.object({ fr: z.string(), en: z.string() });

export const notificationsQuery = pageQuery.extend({ unread: z.enum(["true", "false"]).optional() });

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

export type NotificationView = z.infer<typeof notificationView>;
