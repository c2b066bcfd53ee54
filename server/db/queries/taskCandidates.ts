import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { taskCandidates, tasks } from "../schema.js";

/**
 * Tasks offered to several roles (an actor with alternatives, « CB / CS »). The task row keeps
 * the first candidate, so every rule written for one role and unit still holds; the rules that
 * route (the inbox) and read (`caseReadableBy`) also accept any row of `task_candidates`.
 */

export interface Candidate {
  roleCode: string;
  unitId: string | null;
}

/** Records the candidates of the task just opened for a case's token (none: nothing to record). */
export async function offerTaskToCandidates(
  db: Db,
  caseId: string,
  tokenId: string,
  candidates: Candidate[],
): Promise<void> {
  if (candidates.length === 0) return;
  const [task] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.caseId, caseId), eq(tasks.tokenId, tokenId)));
  if (!task) throw new Error(`no task for token ${tokenId} of case ${caseId}`);
  await db.insert(taskCandidates).values(candidates.map((c) => ({ taskId: task.id, ...c })));
}

/**
 * SQL condition: one of `people` (a parenthesised list of uuids) holds a candidate role of the
 * task whose id is `taskId`, in the candidate's unit when it names one.
 */
export function heldCandidateOf(taskId: SQL | typeof tasks.id, people: SQL): SQL {
  return sql`exists (select 1 from task_candidates tc join memberships mc on mc.role_code = tc.role_code
      and (tc.unit_id is null or mc.unit_id = tc.unit_id)
      where tc.task_id = ${taskId} and mc.user_id in ${people})`;
}
