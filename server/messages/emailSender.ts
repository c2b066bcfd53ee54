import type { Db } from "../db/database.js";
import {
  findNotificationForMail,
  findNotificationPreferences,
  listNotificationsToDigest,
  markNotificationsEmailed,
} from "../db/queries/notifications.js";
import { findUserById } from "../db/queries/orgChart.js";
import { renderDigestMail, renderNotificationMail } from "./emailTemplates.js";
import type { Mailer } from "./mailer.js";

/** Kinds that reach the person by e-mail at once whatever they chose: they cannot wait a day. */
export const ALWAYS_EMAILED = new Set(["escalation", "account_locked"]);

export interface MailContext {
  mailer: Mailer;
  /** Domain of Message-IDs (the From address's). */
  domain: string;
  /** The web app's address, for links to cases (PUBLIC_URL); null: no links. */
  baseUrl: string | null;
}

/**
 * The Message-ID of a notification's e-mail: derived from its id, so a retry after a crash (the
 * server accepted the message but the process died before recording it) sends the same message,
 * which mail systems recognise as a duplicate, rather than a second one.
 */
export function notificationMessageId(notificationId: string, domain: string): string {
  return `<notification.${notificationId}@${domain}>`;
}

export function digestMessageId(userId: string, day: string, domain: string): string {
  return `<digest.${userId}.${day}@${domain}>`;
}

export type MailOutcome = "sent" | "already_sent" | "no_address" | "not_wanted" | "waits_for_digest";

/**
 * Sends one notification by e-mail if its reader wants it now. Throws when the SMTP server refuses
 * or cannot be reached, so the job is retried; records the sending only once the server accepted.
 */
export async function sendNotificationMail(
  db: Db,
  mail: MailContext,
  notificationId: string,
  now: Date,
): Promise<MailOutcome> {
  const found = await findNotificationForMail(db, notificationId);
  if (!found || found.notification.emailedAt) return "already_sent";
  const { notification, email } = found;
  if (!email) return "no_address";
  const frequency = found.frequency ?? "immediate";
  if (!ALWAYS_EMAILED.has(notification.kind)) {
    if (frequency === "none") return "not_wanted";
    if (frequency === "digest") return "waits_for_digest";
  }
  const rendered = renderNotificationMail(notification, found.language ?? "fr", mail.baseUrl);
  await mail.mailer.send({
    to: [email],
    ...rendered,
    messageId: notificationMessageId(notification.id, mail.domain),
  });
  await markNotificationsEmailed(db, [notification.id], now);
  return "sent";
}

/**
 * A person's daily digest: everything not e-mailed yet in one message, then marked e-mailed. The
 * Message-ID names the person and the day, so a digest retried after a crash is the same message.
 */
export async function sendDigestMail(
  db: Db,
  mail: MailContext,
  userId: string,
  day: string,
  now: Date,
): Promise<MailOutcome> {
  const user = await findUserById(db, userId);
  if (!user?.email) return "no_address";
  const prefs = await findNotificationPreferences(db, userId);
  if (prefs.email !== "digest") return "not_wanted";
  const items = await listNotificationsToDigest(db, userId, now);
  if (items.length === 0) return "already_sent";
  const rendered = renderDigestMail(items, prefs.language, mail.baseUrl);
  await mail.mailer.send({
    to: [user.email],
    ...rendered,
    messageId: digestMessageId(userId, day, mail.domain),
  });
  await markNotificationsEmailed(
    db,
    items.map((n) => n.id),
    now,
  );
  return "sent";
}
