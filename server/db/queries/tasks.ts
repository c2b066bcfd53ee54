import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../database.js";
import { tasks } from "../schema.js";

export type TaskRow = typeof tasks.$inferSelect;

export async function openTasks(db: Db, rows: Array<typeof tasks.$inferInsert>): Promise<void> {
  if (rows.length > 0) await db.insert(tasks).values(rows);
}

/** Closes the tasks of consumed tokens; returns how many were still open. */
export async function closeTasks(
  db: Db,
  caseId: string,
  tokenIds: string[],
  status: "done" | "cancelled",
  by: string | null,
  now: Date,
): Promise<number> {
  if (tokenIds.length === 0) return 0;
  const rows = await db
    .update(tasks)
    .set({ status, closedAt: now, closedBy: by })
    .where(and(eq(tasks.caseId, caseId), inArray(tasks.tokenId, tokenIds), eq(tasks.status, "open")))
    .returning({ id: tasks.id });
  return rows.length;
}

export async function reassignTask(
  db: Db,
  caseId: string,
  tokenId: string,
  assigneeId: string,
): Promise<void> {
  await db
    .update(tasks)
    .set({ assigneeId })
    .where(and(eq(tasks.caseId, caseId), eq(tasks.tokenId, tokenId), eq(tasks.status, "open")));
}

export async function setTaskDueDate(db: Db, caseId: string, tokenId: string, dueAt: Date): Promise<void> {
  await db
    .update(tasks)
    .set({ dueAt })
    .where(and(eq(tasks.caseId, caseId), eq(tasks.tokenId, tokenId), eq(tasks.status, "open")));
}

export async function findTask(db: Db, id: string): Promise<TaskRow | null> {
  const rows = await db.select().from(tasks).where(eq(tasks.id, id));
  return rows[0] ?? null;
}

export async function findTaskByToken(db: Db, caseId: string, tokenId: string): Promise<TaskRow | null> {
  const rows = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.caseId, caseId), eq(tasks.tokenId, tokenId)));
  return rows[0] ?? null;
}

export async function listCaseTasks(db: Db, caseId: string): Promise<TaskRow[]> {
  return db.select().from(tasks).where(eq(tasks.caseId, caseId)).orderBy(asc(tasks.createdAt));
}
