import { and, desc, eq, gte, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "../database.js";
import { delegations, users } from "../schema.js";

export type DelegationRow = typeof delegations.$inferSelect;

/**
 * Ids of the people this user currently stands in for ("intérim"): delegations not revoked whose
 * inclusive dates contain `today` (YYYY-MM-DD in the organisation's calendar), whose absent
 * person is still active. The inbox and the actor resolution route through it.
 */
export async function standingInFor(db: Db, userId: string, today: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: delegations.userId })
    .from(delegations)
    .innerJoin(users, eq(users.id, delegations.userId))
    .where(
      and(
        eq(delegations.deputyId, userId),
        isNull(delegations.revokedAt),
        lte(delegations.fromDate, today),
        gte(delegations.toDate, today),
        eq(users.active, true),
      ),
    )
    .orderBy(delegations.userId);
  return rows.map((r) => r.id);
}

export async function insertDelegation(
  db: Db,
  row: {
    organisation: string;
    userId: string;
    deputyId: string;
    fromDate: string;
    toDate: string;
    reason: string | null;
    createdBy: string;
  },
): Promise<DelegationRow> {
  const rows = await db.insert(delegations).values(row).returning();
  return rows[0]!;
}

export async function findDelegation(db: Db, id: string): Promise<DelegationRow | null> {
  const rows = await db.select().from(delegations).where(eq(delegations.id, id));
  return rows[0] ?? null;
}

/** Marks a delegation revoked; false when it already was. */
export async function revokeDelegation(db: Db, id: string, now: Date): Promise<DelegationRow | null> {
  const rows = await db
    .update(delegations)
    .set({ revokedAt: now })
    .where(and(eq(delegations.id, id), isNull(delegations.revokedAt)))
    .returning();
  return rows[0] ?? null;
}

/**
 * One page of an organisation's delegations, newest first; `involving` keeps those where the
 * person is absent, deputy or author; `inForceOn` those in force that day.
 */
export async function pageDelegations(
  db: Db,
  organisation: string,
  filter: { involving: string | null; inForceOn: string | null },
  page: { after: { createdAt: Date; id: string } | null; limit: number },
): Promise<DelegationRow[]> {
  const { involving, inForceOn } = filter;
  const after = page.after;
  return db
    .select()
    .from(delegations)
    .where(
      and(
        eq(delegations.organisation, organisation),
        involving
          ? or(
              eq(delegations.userId, involving),
              eq(delegations.deputyId, involving),
              eq(delegations.createdBy, involving),
            )
          : undefined,
        inForceOn
          ? and(
              isNull(delegations.revokedAt),
              lte(delegations.fromDate, inForceOn),
              gte(delegations.toDate, inForceOn),
            )
          : undefined,
        after
          ? or(
              lt(delegations.createdAt, after.createdAt),
              and(eq(delegations.createdAt, after.createdAt), lt(delegations.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(delegations.createdAt), desc(delegations.id))
    .limit(page.limit + 1);
}
