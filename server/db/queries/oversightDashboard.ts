import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { oversightProgress, tasks } from "../schema.js";

/** Which open tasks a dashboard counts (server/policies/dashboardScope.ts). */
export interface OpenTaskScope {
  organisation: string;
  procedures?: string[];
  units?: string[];
  people?: string[];
  procedureId?: string;
}

/**
 * The open tasks in scope, counted per procedure version, step, unit and assignee: waiting (not
 * past due), late (strictly past due at `now`) and due within the week (from now to `endOfWeek`).
 */
export async function countOpenTasks(db: Db, scope: OpenTaskScope, bounds: { now: Date; endOfWeek: Date }) {
  const now = sql`${bounds.now.toISOString()}::timestamptz`;
  return db
    .select({
      procedureId: tasks.procedureId,
      procedureVersion: tasks.procedureVersion,
      stepId: tasks.stepId,
      unitId: tasks.unitId,
      assigneeId: tasks.assigneeId,
      late: sql<number>`count(*) filter (where ${tasks.dueAt} < ${now})::int`,
      waiting: sql<number>`count(*) filter (where ${tasks.dueAt} is null or ${tasks.dueAt} >= ${now})::int`,
      dueThisWeek: sql<number>`count(*) filter (where ${tasks.dueAt} >= ${now}
        and ${tasks.dueAt} < ${bounds.endOfWeek.toISOString()}::timestamptz)::int`,
    })
    .from(tasks)
    .where(
      and(
        eq(tasks.organisation, scope.organisation),
        eq(tasks.status, "open"),
        scope.procedureId ? eq(tasks.procedureId, scope.procedureId) : undefined,
        scope.procedures ? inArray(tasks.procedureId, scope.procedures) : undefined,
        scope.units ? inArray(tasks.unitId, scope.units) : undefined,
        scope.people ? inArray(tasks.assigneeId, scope.people) : undefined,
      ),
    )
    .groupBy(tasks.procedureId, tasks.procedureVersion, tasks.stepId, tasks.unitId, tasks.assigneeId);
}

/** When the organisation's oversight figures were last brought up to date; null if never. */
export async function readModelAsOf(db: Db, organisation: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: oversightProgress.lateCheckedAt })
    .from(oversightProgress)
    .where(eq(oversightProgress.organisation, organisation));
  return row?.at ?? null;
}
