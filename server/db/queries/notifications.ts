import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../database.js";
import { notifications } from "../schema.js";

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
  options: { unreadOnly: boolean; after: { createdAt: Date; id: string } | null; limit: number },
): Promise<NotificationRow[]> {
  const after = options.after;
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        options.unreadOnly ? isNull(notifications.readAt) : undefined,
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
