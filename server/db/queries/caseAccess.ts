import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { cases } from "../schema.js";
import { heldCandidateOf } from "./taskCandidates.js";

/** Who asks: enough of a user row to decide what they may read. */
export interface CaseReader {
  id: string;
  organisation: string;
  isAdmin: boolean;
  unitId: string | null;
  /** The people this reader stands in for today ("intérim"): they read what those people read. */
  standsInFor?: string[];
}

/**
 * THE case read rule, as an SQL condition on `cases`: the single-case check and the search both
 * use it, so a case is never listed to someone who could not open it (and the reverse).
 * A person reads a case when they:
 * - took part in it: requester, author of an event, assignee or closer of one of its tasks;
 * - belong (a membership's unit, or their own unit) to a unit it passed through: the unit of one
 *   of its tasks, or the unit it is imputed to;
 * - hold a role that may take one of its open tasks (the inbox rule);
 * - hold a role overseeing its procedure in its organisation;
 * - administer its organisation.
 */
export function caseReadableBy(reader: CaseReader): SQL {
  // The reader and the people they stand in for, as a list of uuids.
  const people = sql`(${sql.join(
    [reader.id, ...(reader.standsInFor ?? [])].map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
  const myUnits = sql`(select m.unit_id from memberships m where m.user_id in ${people}
      union select u.unit_id from users u where u.id in ${people} and u.unit_id is not null)`;
  const rules = [
    sql`${cases.requesterId} in ${people}`,
    sql`exists (select 1 from events e where e.case_id = ${cases.id}
        and (e.actor_user_id in ${people} or e.on_behalf_of_user_id in ${people}))`,
    sql`exists (select 1 from tasks t where t.case_id = ${cases.id}
        and (t.assignee_id in ${people} or t.closed_by in ${people} or t.unit_id in ${myUnits}))`,
    sql`exists (select 1 from org_units iu where iu.organisation = ${cases.organisation}
        and iu.code = ${cases.state}->>'imputedUnit' and iu.id in ${myUnits})`,
    sql`exists (select 1 from tasks t join memberships m on m.role_code = t.role_code
        where t.case_id = ${cases.id} and t.status = 'open' and m.user_id in ${people}
        and (t.unit_id is null or m.unit_id = t.unit_id))`,
    sql`exists (select 1 from tasks t where t.case_id = ${cases.id} and t.status = 'open'
        and ${heldCandidateOf(sql`t.id`, people)})`,
    sql`exists (select 1 from procedure_overseers po join memberships m on m.role_code = po.role_code
        join org_units mu on mu.id = m.unit_id
        where po.organisation = ${cases.organisation} and po.procedure_id = ${cases.procedureId}
        and m.user_id in ${people} and mu.organisation = ${cases.organisation})`,
  ];
  if (reader.isAdmin) rules.push(sql`${cases.organisation} = ${reader.organisation}`);
  return sql`(${sql.join(rules, sql` or `)})`;
}

export async function isCaseReadableBy(db: Db, reader: CaseReader, caseId: string): Promise<boolean> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.id, caseId), caseReadableBy(reader)));
  return rows.length === 1;
}
