import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "../database.js";
import { notificationPreferences, notifications, users } from "../schema.js";

export type NotificationRow = typeof notifications.$inferSelect;

export async function insertNotifications(
  db: Db,
  rows: Array<typeof notifications.$inferInsert>,
): Promise<void> {
  if (rows.length > 0) await db.insert(notifications).values(rows);
}

/** A person's notifications, newest first, paged by (created_at, id). */
export async function listNotifications(
  db: Db,
  userId: string,
  options: {
    unreadOnly: boolean;
    kind?: string | undefined;
    after: { createdAt: Date; id: string } | null;
    limit: number;
  },
): Promise<NotificationRow[]> {
  const after = options.after;
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        options.unreadOnly ? isNull(notifications.readAt) : undefined,
        options.kind ? eq(notifications.kind, options.kind) : undefined,
        after
          ? or(
              lt(notifications.createdAt, after.createdAt),
              and(eq(notifications.createdAt, after.createdAt), lt(notifications.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit + 1);
}

export async function markNotificationRead(db: Db, userId: string, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length === 1;
}

export async function insertNotificationsReturning(
  db: Db,
  rows: Array<typeof notifications.$inferInsert>,
): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  return db.insert(notifications).values(rows).returning();
}

export async function countUnreadNotifications(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function markAllNotificationsRead(db: Db, userId: string, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** A notification with what e-mailing it needs: the address and the person's choices. */
export async function findNotificationForMail(db: Db, id: string) {
  const [row] = await db
    .select({
      notification: notifications,
      email: users.email,
      frequency: notificationPreferences.email,
      language: notificationPreferences.language,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, notifications.userId))
    .where(eq(notifications.id, id));
  return row ?? null;
}

/** Marks notifications e-mailed, only those not marked yet; returns the ones this call marked. */
export async function markNotificationsEmailed(db: Db, ids: string[], now: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(notifications)
    .set({ emailedAt: now })
    .where(and(inArray(notifications.id, ids), isNull(notifications.emailedAt)))
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

/** What a person's daily digest holds: notifications not e-mailed yet, oldest first. */
export async function listNotificationsToDigest(
  db: Db,
  userId: string,
  until: Date,
): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.emailedAt),
        lte(notifications.createdAt, until),
      ),
    )
    .orderBy(asc(notifications.createdAt), asc(notifications.id))
    .limit(200);
}

/** The people of an organisation who chose the daily digest and have something waiting for it. */
export async function listDigestRecipients(db: Db, organisation: string, until: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: notifications.userId })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .innerJoin(notificationPreferences, eq(notificationPreferences.userId, notifications.userId))
    .where(
      and(
        eq(users.organisation, organisation),
        eq(notificationPreferences.email, "digest"),
        isNull(notifications.emailedAt),
        lte(notifications.createdAt, until),
      ),
    );
  return rows.map((r) => r.userId);
}

export type EmailFrequency = "immediate" | "digest" | "none";
export type MailLanguage = "fr" | "en";

export async function findNotificationPreferences(
  db: Db,
  userId: string,
): Promise<{ email: EmailFrequency; language: MailLanguage }> {
  const [row] = await db
    .select({ email: notificationPreferences.email, language: notificationPreferences.language })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  return row ?? { email: "immediate", language: "fr" };
}

export async function saveNotificationPreferences(
  db: Db,
  userId: string,
  prefs: { email: EmailFrequency; language: MailLanguage },
  now: Date,
): Promise<void> {
  await db
    .insert(notificationPreferences)
    .values({ userId, ...prefs, updatedAt: now })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: { ...prefs, updatedAt: now } });
}

/** The e-mail choice of each of these people who made one (the others: immediately). */
export async function emailFrequencies(db: Db, userIds: string[]): Promise<Map<string, EmailFrequency>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: notificationPreferences.userId, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(inArray(notificationPreferences.userId, userIds));
  return new Map(rows.map((r) => [r.userId, r.email]));
}
