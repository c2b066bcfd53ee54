import { and, eq } from "drizzle-orm";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { startRuleOf } from "../../engine/definition/startRule.js";
import { hashPassword } from "../../server/auth/passwords.js";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import type { Database } from "../../server/db/database.js";
import { setPassword } from "../../server/db/queries/accounts.js";
import {
  addMembership,
  findUserById,
  holdersOfRole,
  listUnits,
  upsertUser,
} from "../../server/db/queries/orgChart.js";
import { users } from "../../server/db/schema.js";

export function holdersOf(database: Database, organisation: string, roleCode: string, unitId: string | null) {
  return holdersOfRole(database.db, organisation, roleCode, unitId);
}

/** Who can take an open task: its named assignee, or the first holder of its role in its unit. */
export async function takerOf(
  database: Database,
  organisation: string,
  task: { roleCode: string | null; unitId: string | null; assigneeId: string | null },
): Promise<string> {
  if (task.assigneeId) {
    const user = await findUserById(database.db, task.assigneeId);
    if (!user) throw new Error(`no user ${task.assigneeId}`);
    return user.matricule;
  }
  const holders = await holdersOfRole(database.db, organisation, task.roleCode ?? "", task.unitId);
  if (!holders[0]) throw new Error(`nobody holds ${task.roleCode} in unit ${task.unitId}`);
  return holders[0];
}

/**
 * The first person of the organisation by matricule; with `unitCode`, the first one in that unit
 * or below it (someone a start rule naming the unit lets open a case).
 */
export async function anyUserOf(
  database: Database,
  organisation: string,
  unitCode?: string,
): Promise<string> {
  const rows = await database.db
    .select({ matricule: users.matricule, unitId: users.unitId })
    .from(users)
    .where(and(eq(users.organisation, organisation), eq(users.active, true)))
    .orderBy(users.matricule);
  const units = unitCode ? await listUnits(database.db, organisation) : [];
  const named = units.find((u) => u.code === unitCode)?.id;
  const inUnit = (unitId: string | null): boolean => {
    const unit = units.find((u) => u.id === unitId);
    return unit !== undefined && (unit.id === named || inUnit(unit.parentId));
  };
  const found = unitCode ? rows.find((r) => inUnit(r.unitId)) : rows[0];
  if (!found) throw new Error(`no user in ${organisation}${unitCode ? ` unit ${unitCode}` : ""}`);
  return found.matricule;
}

/** Someone the procedure lets open a case (its start rule): a holder of the first actor, say. */
export async function starterOf(database: Database, def: ProcedureDefinition): Promise<string> {
  const rule = startRuleOf(def);
  if (rule.organisation) return anyUserOf(database, def.organisation);
  const units = await listUnits(database.db, def.organisation);
  for (const wanted of rule.roles) {
    const unitId = wanted.unit === null ? null : (units.find((u) => u.code === wanted.unit)?.id ?? null);
    const holders = await holdersOfRole(database.db, def.organisation, wanted.role, unitId);
    if (holders[0]) return holders[0];
  }
  // Anyone in a named unit or below it.
  const unitCode = rule.units[0];
  if (unitCode) return anyUserOf(database, def.organisation, unitCode);
  const admin = await database.db
    .select({ matricule: users.matricule })
    .from(users)
    .where(and(eq(users.organisation, def.organisation), eq(users.isAdmin, true)))
    .orderBy(users.matricule)
    .limit(1);
  if (!admin[0]) throw new Error(`nobody may open ${def.id}`);
  return admin[0].matricule;
}

/**
 * A new person of the organisation, with the demo password, in `unitCode` and holding `roles`
 * there: someone with exactly the part in the org chart a test needs, and no other.
 */
export async function newPerson(
  database: Database,
  organisation: string,
  person: { matricule: string; name: string; unitCode: string; roles?: string[] },
  now: Date,
): Promise<string> {
  const units = await listUnits(database.db, organisation);
  const unit = units.find((u) => u.code === person.unitCode);
  if (!unit) throw new Error(`no unit ${person.unitCode} in ${organisation}`);
  const id = await upsertUser(database.db, {
    organisation,
    matricule: person.matricule,
    name: person.name,
    email: null,
    phone: null,
    unitId: unit.id,
  });
  for (const roleCode of person.roles ?? [])
    await addMembership(database.db, { userId: id, roleCode, unitId: unit.id });
  await setPassword(database.db, id, await hashPassword(DEMO_PASSWORD), true, now);
  return person.matricule;
}
