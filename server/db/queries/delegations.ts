import { and, desc, eq, gte, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "../database.js";
import { delegations, users } from "../schema.js";

export type DelegationRow = typeof delegations.$inferSelect;

/**
 * The delegations this user currently holds as deputy ("intérim"): not revoked, their inclusive
 * dates containing `today` (YYYY-MM-DD in the organisation's calendar), the absent person still
 * active. The inbox, the actor resolution and the session banner route through it.
 */
export async function delegationsInForce(
  db: Db,
  deputyId: string,
  today: string,
): Promise<Array<{ userId: string; name: string; until: string }>> {
  return db
    .select({ userId: delegations.userId, name: users.name, until: delegations.toDate })
    .from(delegations)
    .innerJoin(users, eq(users.id, delegations.userId))
    .where(
      and(
        eq(delegations.deputyId, deputyId),
        isNull(delegations.revokedAt),
        lte(delegations.fromDate, today),
        gte(delegations.toDate, today),
        eq(users.active, true),
      ),
    )
    .orderBy(delegations.userId, desc(delegations.toDate));
}

/** Ids of the people this user currently stands in for. */
export async function standingInFor(db: Db, userId: string, today: string): Promise<string[]> {
  return [...new Set((await delegationsInForce(db, userId, today)).map((d) => d.userId))];
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
