import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { cases, memberships, orgUnits, users } from "../schema.js";

/** Active people holding a role in a unit (or anywhere in the organisation): who may take a task. */
export async function activeHolderIds(
  db: Db,
  organisation: string,
  roleCode: string,
  unitId: string | null,
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.unitId))
    .where(
      and(
        eq(memberships.roleCode, roleCode),
        eq(orgUnits.organisation, organisation),
        sql`${users.active} = true`,
        unitId ? eq(memberships.unitId, unitId) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

/** What a message about a case names it by. */
export async function caseLabel(
  db: Db,
  caseId: string,
): Promise<{ registryNumber: string; title: string; procedureId: string } | null> {
  const [row] = await db
    .select({ registryNumber: cases.registryNumber, title: cases.title, procedureId: cases.procedureId })
    .from(cases)
    .where(eq(cases.id, caseId));
  return row ?? null;
}
