import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { memberships, orgUnits, procedureDefinitions, users } from "../schema.js";

/** Who holds which role in which unit, across an organisation. */
export async function roleHolders(db: Db, organisation: string) {
  return db
    .select({
      roleCode: memberships.roleCode,
      userId: users.id,
      matricule: users.matricule,
      name: users.name,
      unitCode: orgUnits.code,
      active: users.active,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.unitId))
    .where(eq(orgUnits.organisation, organisation))
    .orderBy(asc(memberships.roleCode), asc(orgUnits.code), asc(users.matricule));
}

/** The versions in force of an organisation's procedures. */
export async function versionsInForce(db: Db, organisation: string) {
  return db
    .select({ id: procedureDefinitions.id, version: procedureDefinitions.version })
    .from(procedureDefinitions)
    .where(
      and(eq(procedureDefinitions.organisation, organisation), eq(procedureDefinitions.status, "in_force")),
    )
    .orderBy(asc(procedureDefinitions.id), asc(procedureDefinitions.version));
}
