import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { memberships, organisations, orgUnits, procedureOverseers, roles, users } from "../schema.js";

/** Roles allowed to read every case of a procedure. */
export async function listOverseers(db: Db, organisation: string, procedureId: string) {
  return db
    .select({ roleCode: procedureOverseers.roleCode, title: roles.title })
    .from(procedureOverseers)
    .leftJoin(
      roles,
      and(
        eq(roles.organisation, procedureOverseers.organisation),
        eq(roles.code, procedureOverseers.roleCode),
      ),
    )
    .where(
      and(eq(procedureOverseers.organisation, organisation), eq(procedureOverseers.procedureId, procedureId)),
    )
    .orderBy(asc(procedureOverseers.roleCode));
}

export async function addOverseer(
  db: Db,
  row: { organisation: string; procedureId: string; roleCode: string },
) {
  await db.insert(procedureOverseers).values(row).onConflictDoNothing();
}

export async function removeOverseer(
  db: Db,
  row: { organisation: string; procedureId: string; roleCode: string },
): Promise<boolean> {
  const deleted = await db
    .delete(procedureOverseers)
    .where(
      and(
        eq(procedureOverseers.organisation, row.organisation),
        eq(procedureOverseers.procedureId, row.procedureId),
        eq(procedureOverseers.roleCode, row.roleCode),
      ),
    )
    .returning({ roleCode: procedureOverseers.roleCode });
  return deleted.length > 0;
}

/**
 * Whether a person holds an oversight role of their organisation: a role overseeing some
 * procedure, or the security officer's role (RSSI, CSSI).
 */
export async function holdsOversightRole(
  db: Db,
  user: { id: string; organisation: string },
): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(memberships)
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.unitId))
    .innerJoin(organisations, eq(organisations.code, orgUnits.organisation))
    .where(
      and(
        eq(memberships.userId, user.id),
        eq(orgUnits.organisation, user.organisation),
        or(
          eq(memberships.roleCode, organisations.securityOfficerRole),
          inArray(
            memberships.roleCode,
            db
              .select({ roleCode: procedureOverseers.roleCode })
              .from(procedureOverseers)
              .where(eq(procedureOverseers.organisation, user.organisation)),
          ),
        ),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Administrators and holders of privileged roles: the accounts the security policy watches. */
export async function pagePrivilegedAccounts(
  db: Db,
  organisation: string,
  page: { after: string | null; limit: number },
) {
  const privilegedRoles = db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.unitId))
    .innerJoin(
      roles,
      and(eq(roles.organisation, orgUnits.organisation), eq(roles.code, memberships.roleCode)),
    )
    .where(and(eq(orgUnits.organisation, organisation), eq(roles.privileged, true)));
  return db
    .select()
    .from(users)
    .where(
      and(
        eq(users.organisation, organisation),
        or(eq(users.isAdmin, true), inArray(users.id, privilegedRoles)),
        page.after ? sql`${users.matricule} > ${page.after}` : undefined,
      ),
    )
    .orderBy(asc(users.matricule))
    .limit(page.limit + 1);
}
