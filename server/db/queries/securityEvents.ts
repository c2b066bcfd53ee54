import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { securityEvents } from "../schema.js";

export type SecurityEventRow = typeof securityEvents.$inferSelect;

/**
 * Serialises appends to one organisation's chain until the transaction ends, so that two
 * concurrent logins cannot both chain from the same previous hash.
 */
export async function lockSecurityChain(db: Db, organisation: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`security:${organisation}`}))`);
}

export async function lastSecurityHash(db: Db, organisation: string): Promise<string | null> {
  const rows = await db
    .select({ hash: securityEvents.hash })
    .from(securityEvents)
    .where(eq(securityEvents.organisation, organisation))
    .orderBy(desc(securityEvents.id))
    .limit(1);
  return rows[0]?.hash ?? null;
}

export async function insertSecurityEvent(db: Db, row: typeof securityEvents.$inferInsert): Promise<void> {
  await db.insert(securityEvents).values(row);
}

export async function listSecurityEvents(db: Db, organisation: string): Promise<SecurityEventRow[]> {
  return db
    .select()
    .from(securityEvents)
    .where(eq(securityEvents.organisation, organisation))
    .orderBy(securityEvents.id);
}

/** Every organisation's trail in append order, for verification. */
export async function listAllSecurityEvents(db: Db): Promise<SecurityEventRow[]> {
  return db.select().from(securityEvents).orderBy(securityEvents.id);
}
