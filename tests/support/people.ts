import { eq } from "drizzle-orm";
import type { Database } from "../../server/db/database.js";
import { findUserById, holdersOfRole } from "../../server/db/queries/orgChart.js";
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

export async function anyUserOf(database: Database, organisation: string): Promise<string> {
  const rows = await database.db
    .select({ matricule: users.matricule })
    .from(users)
    .where(eq(users.organisation, organisation))
    .orderBy(users.matricule)
    .limit(1);
  if (!rows[0]) throw new Error(`no user in ${organisation}`);
  return rows[0].matricule;
}
