import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { memberships, orgUnits, recoveryCodes, roles, securityEvents, users } from "../schema.js";

/** Keeps the secret being enrolled; it is not used at sign-in until confirmed. */
export async function setPendingTotpSecret(db: Db, userId: string, secret: string): Promise<void> {
  await db.update(users).set({ totpSecret: secret, totpEnabled: false }).where(eq(users.id, userId));
}

export async function enableTotp(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ totpEnabled: true }).where(eq(users.id, userId));
}

export async function disableTotp(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ totpSecret: null, totpEnabled: false }).where(eq(users.id, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** The person's recovery codes become these (hashes); the old ones stop working. */
export async function replaceRecoveryCodes(db: Db, userId: string, codeHashes: string[]): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

/** Marks an unused recovery code used; false when it does not exist or was already used. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, codeHash),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ codeHash: recoveryCodes.codeHash });
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return rows[0]?.n ?? 0;
}

/**
 * The last TOTP time step accepted from this person. Every accepted code is recorded in the
 * security trail with its step (`payload.totpStep`); the trail is append-only, so it doubles as
 * the replay guard without a column of its own.
 */
export async function lastAcceptedTotpStep(db: Db, userId: string): Promise<number | null> {
  const rows = await db
    .select({ step: sql<string | null>`max((${securityEvents.payload}->>'totpStep')::bigint)` })
    .from(securityEvents)
    .where(and(eq(securityEvents.userId, userId), sql`${securityEvents.payload}->>'totpStep' is not null`));
  const step = rows[0]?.step;
  return step === null || step === undefined ? null : Number(step);
}

/** Whether the person holds a role their organisation marked privileged, in any unit. */
export async function holdsPrivilegedRole(db: Db, userId: string): Promise<boolean> {
  const rows = await db
    .select({ code: memberships.roleCode })
    .from(memberships)
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.unitId))
    .innerJoin(
      roles,
      and(
        eq(roles.organisation, orgUnits.organisation),
        eq(roles.code, memberships.roleCode),
        eq(roles.privileged, true),
      ),
    )
    .where(eq(memberships.userId, userId))
    .limit(1);
  return rows.length > 0;
}
