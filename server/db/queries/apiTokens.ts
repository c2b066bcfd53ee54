import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "../database.js";
import { apiTokens } from "../schema.js";

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertApiToken(db: Db, row: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const rows = await db.insert(apiTokens).values(row).returning();
  return rows[0]!;
}

export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | null> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
  return rows[0] ?? null;
}

export async function findApiToken(db: Db, organisation: string, id: string): Promise<ApiTokenRow | null> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.organisation, organisation), eq(apiTokens.id, id)));
  return rows[0] ?? null;
}

/** An organisation's tokens, newest first, `limit + 1` rows after the cursor's key. */
export async function listApiTokens(
  db: Db,
  organisation: string,
  options: { after: { createdAt: Date; id: string } | null; limit: number },
): Promise<ApiTokenRow[]> {
  const { after } = options;
  return db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.organisation, organisation),
        after
          ? or(
              lt(apiTokens.createdAt, after.createdAt),
              and(eq(apiTokens.createdAt, after.createdAt), lt(apiTokens.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(options.limit + 1);
}

export async function revokeApiToken(db: Db, id: string, now: Date): Promise<ApiTokenRow | null> {
  const rows = await db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).returning();
  return rows[0] ?? null;
}

export async function touchApiToken(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}
