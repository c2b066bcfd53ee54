import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { rowsOf } from "../rows.js";
import { cases, portalKeys, portalMessages, portalRatings, signInThrottles } from "../schema.js";
import type { CaseRow } from "./cases.js";

export type PortalMessageRow = typeof portalMessages.$inferSelect;
export type PortalRatingRow = typeof portalRatings.$inferSelect;

/** The case a tracking secret opens (by its hash), whatever the organisation: the secret is global. */
export async function findCaseByTrackingHash(db: Db, hash: string): Promise<CaseRow | null> {
  const rows = await db.select().from(cases).where(eq(cases.trackingSecretHash, hash));
  return rows[0] ?? null;
}

/** The same, locked for a change (a message, a document, a rating, a reopening). */
export async function lockCaseByTrackingHash(db: Db, hash: string): Promise<CaseRow | null> {
  const rows = await db.select().from(cases).where(eq(cases.trackingSecretHash, hash)).for("update");
  return rows[0] ?? null;
}

/** A reopened case takes the tracking secret over: the requester follows the new one. */
export async function moveTrackingHash(db: Db, fromCaseId: string, toCaseId: string, hash: string) {
  await db.update(cases).set({ trackingSecretHash: null }).where(eq(cases.id, fromCaseId));
  await db.update(cases).set({ trackingSecretHash: hash }).where(eq(cases.id, toCaseId));
}

export async function insertPortalMessage(
  db: Db,
  row: typeof portalMessages.$inferInsert,
): Promise<PortalMessageRow> {
  const rows = await db.insert(portalMessages).values(row).returning();
  return rows[0]!;
}

export async function listPortalMessages(db: Db, organisation: string, caseId: string) {
  return db
    .select()
    .from(portalMessages)
    .where(and(eq(portalMessages.organisation, organisation), eq(portalMessages.caseId, caseId)))
    .orderBy(asc(portalMessages.createdAt), asc(portalMessages.id));
}

export async function findPortalRating(db: Db, caseId: string): Promise<PortalRatingRow | null> {
  const rows = await db.select().from(portalRatings).where(eq(portalRatings.caseId, caseId));
  return rows[0] ?? null;
}

/** Once per case: a second rating is refused (returns false). */
export async function insertPortalRating(db: Db, row: PortalRatingRow): Promise<boolean> {
  const rows = await db
    .insert(portalRatings)
    .values(row)
    .onConflictDoNothing()
    .returning({ caseId: portalRatings.caseId });
  return rows.length === 1;
}

/** The portal's key, created by the first server that needs it (every server then reads the same). */
export async function portalSecret(db: Db, fresh: string): Promise<string> {
  await db.insert(portalKeys).values({ id: 1, secret: fresh }).onConflictDoNothing();
  const rows = await db.select({ secret: portalKeys.secret }).from(portalKeys).where(eq(portalKeys.id, 1));
  return rows[0]!.secret;
}

/**
 * Marks a one-time value (a solved challenge) as spent until `until`; false when it already was.
 * Kept in the throttle table, whose rows all expire.
 */
export async function spendOnce(db: Db, key: string, until: Date): Promise<boolean> {
  const rows = await db
    .insert(signInThrottles)
    .values({ key, failures: 0, windowEndsAt: until })
    .onConflictDoNothing()
    .returning({ key: signInThrottles.key });
  return rows.length === 1;
}

/** How many attempts a throttle key counts in its current window (0 when none or expired). */
export async function throttleCount(db: Db, key: string, now: Date): Promise<number> {
  const rows = await db
    .select({ failures: signInThrottles.failures, windowEndsAt: signInThrottles.windowEndsAt })
    .from(signInThrottles)
    .where(eq(signInThrottles.key, key));
  const row = rows[0];
  return row && row.windowEndsAt > now ? row.failures : 0;
}

export interface ProcedureCounter {
  procedureId: string;
  received: number;
  inProgress: number;
  closed: number;
  /** Mean hours from opening to closure of the closed ones; null when none closed. */
  averageHours: number | null;
}

/** Received, in progress, closed and mean handling time per procedure of an organisation. */
export async function procedureCounters(
  db: Db,
  organisation: string,
  procedureIds: string[],
): Promise<ProcedureCounter[]> {
  if (procedureIds.length === 0) return [];
  const rows = rowsOf<{
    procedure_id: string;
    received: string | number;
    in_progress: string | number;
    closed: string | number;
    average_hours: string | number | null;
  }>(
    await db.execute(sql`
      select procedure_id,
        count(*) as received,
        count(*) filter (where status = 'active') as in_progress,
        count(*) filter (where status <> 'active') as closed,
        avg(extract(epoch from (closed_at - created_at)) / 3600)
          filter (where status <> 'active' and closed_at is not null) as average_hours
      from cases
      where organisation = ${organisation}
        and procedure_id in (${sql.join(
          procedureIds.map((id) => sql`${id}`),
          sql`, `,
        )})
      group by procedure_id`),
  );
  return procedureIds.map((procedureId) => {
    const row = rows.find((r) => r.procedure_id === procedureId);
    return {
      procedureId,
      received: Number(row?.received ?? 0),
      inProgress: Number(row?.in_progress ?? 0),
      closed: Number(row?.closed ?? 0),
      averageHours: row?.average_hours == null ? null : Math.round(Number(row.average_hours) * 10) / 10,
    };
  });
}
