import { and, eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { taskCandidates, tasks } from "../schema.js";

/**
 * Tasks offered to several roles (an actor with alternatives, « CB / CS »). The task row keeps
 * the first candidate, so every rule written for one role and unit still holds; the inbox also
 * reads the candidates' queues, and triggers give the candidates' units and roles read access
 * (`case_access`, migration 0014).
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
