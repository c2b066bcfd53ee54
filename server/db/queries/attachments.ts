import { eq, inArray } from "drizzle-orm";
import type { Db } from "../database.js";
import { attachments } from "../schema.js";

export type AttachmentRow = typeof attachments.$inferSelect;

export async function insertAttachment(db: Db, row: typeof attachments.$inferInsert): Promise<AttachmentRow> {
  const rows = await db.insert(attachments).values(row).returning();
  return rows[0]!;
}

export async function findAttachment(db: Db, id: string): Promise<AttachmentRow | null> {
  const rows = await db.select().from(attachments).where(eq(attachments.id, id));
  return rows[0] ?? null;
}

export async function findAttachments(db: Db, ids: string[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(attachments).where(inArray(attachments.id, ids));
}

export async function listCaseAttachments(db: Db, caseId: string): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(eq(attachments.caseId, caseId)).orderBy(attachments.uploadedAt);
}
