import { asc, eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { comments } from "../schema.js";

export type CommentRow = typeof comments.$inferSelect;

export async function insertComment(db: Db, row: typeof comments.$inferInsert): Promise<void> {
  await db.insert(comments).values(row);
}

export async function listCaseComments(db: Db, caseId: string): Promise<CommentRow[]> {
  return db.select().from(comments).where(eq(comments.caseId, caseId)).orderBy(asc(comments.createdAt));
}
