import { sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { rowsOf } from "../rows.js";

export interface WorkloadTally {
  unitId: string;
  /** Null: the unit's queue, the tasks nobody has taken yet. */
  assigneeId: string | null;
  open: number;
  late: number;
}

/**
 * The open tasks of some units, counted per unit and per person holding them (null: still in the
 * queue), with how many are past their due date. Read from the partial index of open tasks by unit.
 */
export async function workloadOf(
  db: Db,
  search: { organisation: string; unitIds: string[]; now: Date },
): Promise<WorkloadTally[]> {
  if (search.unitIds.length === 0) return [];
  const result = await db.execute(sql`
    select t.unit_id as "unitId", t.assignee_id as "assigneeId", count(*)::int as open,
      (count(*) filter (where t.due_at < ${search.now.toISOString()}::timestamptz))::int as late
    from tasks t
    where t.organisation = ${search.organisation} and t.status = 'open'
      and t.unit_id in (${sql.join(
        search.unitIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
    group by t.unit_id, t.assignee_id`);
  return rowsOf<WorkloadTally>(result).map((r) => ({ ...r, open: Number(r.open), late: Number(r.late) }));
}
