import { type SQL, sql } from "drizzle-orm";
import type { InboxFilters } from "../../../shared/api/tasks.js";
import type { Db } from "../database.js";
import { rowsOf } from "../rows.js";

/** Instants the due-date filters compare with, computed by the caller in the organisation's zone. */
export interface DueBounds {
  now: Date;
  /** Start of tomorrow, local time. */
  endOfToday: Date;
  /** Start of the day a week from today, local time. */
  endOfWeek: Date;
}

/**
 * The queues an inbox reads (server/orgChart/inboxScope.ts): the tasks named to one of `people`
 * (the caller, then those they stand in for); the unassigned tasks of a role held in its unit
 * (`queues`) or offered anywhere (`roles`), or to one of those as a candidate; every open task of
 * the units below those the caller heads (`unitsBelow`).
 */
export interface InboxScope {
  organisation: string;
  people: string[];
  queues: Array<{ roleCode: string; unitId: string }>;
  roles: string[];
  unitsBelow: string[];
}

export interface InboxSearch {
  scope: InboxScope;
  filters: InboxFilters;
  bounds: DueBounds;
}

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

function dueCondition(due: InboxFilters["due"], b: DueBounds): SQL | null {
  switch (due) {
    case "late":
      return sql`t.due_at < ${at(b.now)}`;
    case "today":
      return sql`t.due_at >= ${at(b.now)} and t.due_at < ${at(b.endOfToday)}`;
    case "week":
      return sql`t.due_at >= ${at(b.now)} and t.due_at < ${at(b.endOfWeek)}`;
    case "none":
      return sql`t.due_at is null`;
    default:
      return null;
  }
}

/** Sort key of the inbox: due date (none last), then creation, then id. */
export interface InboxKey {
  dueAt: Date | null;
  createdAt: Date;
  id: string;
}

function afterKey(k: InboxKey): SQL {
  const rest = sql`(t.created_at, t.id) > (${at(k.createdAt)}, ${k.id}::uuid)`;
  if (k.dueAt === null) return sql`(t.due_at is null and ${rest})`;
  const due = at(k.dueAt);
  return sql`(t.due_at is null or t.due_at > ${due} or (t.due_at = ${due} and ${rest}))`;
}

/**
 * Which tasks of the scope, as one condition per queue: each is read on its own from a partial
 * index in inbox order (tasks_open_queue, tasks_open_assignee, tasks_open_unit), so an inbox costs
 * what it shows, not what the database holds.
 */
function queueConditions(scope: InboxScope, which: InboxFilters["scope"]): SQL[] {
  const mine = scope.people.map((id) => sql`t.assignee_id = ${id}::uuid`);
  if (which === "mine") return mine;
  const units: SQL[] = [
    ...scope.queues.map(
      (q) => sql`t.assignee_id is null and t.role_code = ${q.roleCode} and t.unit_id = ${q.unitId}::uuid`,
    ),
    ...scope.roles.map((role) => sql`t.assignee_id is null and t.role_code = ${role} and t.unit_id is null`),
  ];
  if (scope.roles.length > 0) {
    // Tasks offered to several roles: the task row names the first; the others are candidates.
    const pairs = scope.queues.map((q) => `${q.roleCode}/${q.unitId}`);
    units.push(sql`t.assignee_id is null and t.id in (select c.task_id from task_candidates c
      where c.role_code in (${sql.join(
        scope.roles.map((r) => sql`${r}`),
        sql`, `,
      )})
        and (c.unit_id is null or c.role_code || '/' || c.unit_id::text in (${sql.join(
          pairs.length > 0 ? pairs.map((p) => sql`${p}`) : [sql`''`],
          sql`, `,
        )})))`);
  }
  if (which === "all") return [...mine, ...units];
  // « Mes unités » also oversees the units below the ones the person heads: what waits and what is
  // late there, without filling the inbox they work from.
  return [...units, ...scope.unitsBelow.map((unitId) => sql`t.unit_id = ${unitId}::uuid`)];
}

/** The filters every queue's read shares. */
function sharedConditions(search: InboxSearch): SQL {
  const f = search.filters;
  const parts = [
    sql`t.organisation = ${search.scope.organisation}`,
    sql`t.status = 'open'`,
    f.procedureId ? sql`t.procedure_id = ${f.procedureId}` : null,
    f.stepId ? sql`t.step_id = ${f.stepId}` : null,
    dueCondition(f.due, search.bounds),
  ].filter((p): p is SQL => p !== null);
  return sql.join(parts, sql` and `);
}

export interface InboxRow {
  id: string;
  caseId: string;
  stepId: string;
  actorCode: string;
  dueAt: Date | null;
  createdAt: Date;
  registryNumber: string;
  caseTitle: string;
  caseVersion: number;
  procedureId: string;
  procedureVersion: number;
  procedureTitle: string;
  /** The definition version's content hash: its step titles come from the copy kept in memory. */
  definitionHash: string;
  requesterName: string;
  taskUnit: string | null;
  caseCreatedAt: Date;
  returnReason: string | null;
  returnFromStepId: string | null;
  returnAt: Date | null;
  returnByName: string | null;
}

const INBOX_ORDER = sql`due_at asc nulls last, created_at, id`;

/**
 * The inbox of one person (and of those they stand in for): one page, `limit` rows at most. One
 * ordered `limit` read per queue, merged; then the page's cases and names, for its rows only.
 * Step titles come from the definitions, which the caller holds.
 */
export async function inboxOf(
  db: Db,
  search: InboxSearch & { after: InboxKey | null; limit: number },
): Promise<InboxRow[]> {
  const conditions = queueConditions(search.scope, search.filters.scope);
  if (conditions.length === 0) return [];
  const shared = sharedConditions(search);
  const after = search.after ? sql` and ${afterKey(search.after)}` : sql``;
  const reads = conditions.map(
    (queue) => sql`(select t.id, t.due_at, t.created_at from tasks t
      where ${shared} and ${queue}${after} order by t.due_at asc nulls last, t.created_at, t.id limit ${search.limit})`,
  );
  const result = await db.execute(sql`
    select t.id, t.case_id as "caseId", t.step_id as "stepId", t.actor_code as "actorCode",
      t.due_at as "dueAt", t.created_at as "createdAt", c.registry_number as "registryNumber",
      c.title as "caseTitle", c.version as "caseVersion", t.procedure_id as "procedureId",
      t.procedure_version as "procedureVersion", d.title as "procedureTitle",
      d.content_hash as "definitionHash", coalesce(r.name, c.external_requester ->> 'name', '') as "requesterName", ou.name as "taskUnit",
      c.created_at as "caseCreatedAt", ret.reason as "returnReason", ret.step_before as "returnFromStepId",
      ret.occurred_at as "returnAt", ru.name as "returnByName"
    from (select id, due_at, created_at from (${sql.join(reads, sql` union `)}) q
      order by ${INBOX_ORDER} limit ${search.limit}) q
    join tasks t on t.id = q.id
    join cases c on c.id = t.case_id
    join procedure_definitions d on d.organisation = t.organisation and d.id = t.procedure_id
      and d.version = t.procedure_version
    left join users r on r.id = c.requester_id
    left join org_units ou on ou.id = t.unit_id
    -- Returned to this step: the event before the task's entry (other entries aside) carries a motif.
    left join lateral (select e.payload ->> 'reason' as reason, e.step_before, e.occurred_at, e.actor_user_id
      from events e
      where e.case_id = t.case_id and e.type <> 'step_entered'
        and e.seq < (select max(se.seq) from events se where se.case_id = t.case_id
          and se.type = 'step_entered' and se.payload ->> 'tokenId' = t.token_id)
      order by e.seq desc limit 1) ret on true
    left join users ru on ru.id = ret.actor_user_id and ret.reason is not null
    order by q.due_at asc nulls last, q.created_at, q.id`);
  return rowsOf<InboxRow>(result).map((r) => ({
    ...r,
    dueAt: r.dueAt === null ? null : new Date(r.dueAt),
    createdAt: new Date(r.createdAt),
    caseCreatedAt: new Date(r.caseCreatedAt),
    returnAt: r.returnAt === null ? null : new Date(r.returnAt),
    caseVersion: Number(r.caseVersion),
    procedureVersion: Number(r.procedureVersion),
  }));
}

export interface InboxTally {
  procedureId: string;
  procedureVersion: number;
  procedureTitle: string;
  definitionHash: string;
  stepId: string;
  total: number;
  none: number;
  late: number;
  today: number;
  week: number;
}

/**
 * The same inbox counted per procedure version and step, each count split by due state: the
 * queues' tasks read from their indexes (each task once), grouped; no case is read.
 */
export async function inboxTallies(db: Db, search: InboxSearch): Promise<InboxTally[]> {
  const conditions = queueConditions(search.scope, search.filters.scope);
  if (conditions.length === 0) return [];
  const shared = sharedConditions(search);
  const reads = conditions.map(
    (queue) => sql`(select t.id, t.procedure_id, t.procedure_version, t.step_id, t.due_at from tasks t
      where ${shared} and ${queue})`,
  );
  const b = search.bounds;
  const countWhere = (condition: SQL) => sql`(count(*) filter (where ${condition}))::int`;
  const result = await db.execute(sql`
    select q.procedure_id as "procedureId", q.procedure_version as "procedureVersion",
      d.title as "procedureTitle", d.content_hash as "definitionHash", q.step_id as "stepId",
      count(*)::int as total,
      ${countWhere(sql`q.due_at is null`)} as none,
      ${countWhere(sql`q.due_at < ${at(b.now)}`)} as late,
      ${countWhere(sql`q.due_at >= ${at(b.now)} and q.due_at < ${at(b.endOfToday)}`)} as today,
      ${countWhere(sql`q.due_at >= ${at(b.now)} and q.due_at < ${at(b.endOfWeek)}`)} as week
    from (${sql.join(reads, sql` union `)}) q
    join procedure_definitions d on d.organisation = ${search.scope.organisation}
      and d.id = q.procedure_id and d.version = q.procedure_version
    group by q.procedure_id, q.procedure_version, d.title, d.content_hash, q.step_id
    order by q.procedure_id, q.procedure_version, q.step_id`);
  return rowsOf<InboxTally>(result).map((r) => ({
    ...r,
    procedureVersion: Number(r.procedureVersion),
    total: Number(r.total),
    none: Number(r.none),
    late: Number(r.late),
    today: Number(r.today),
    week: Number(r.week),
  }));
}
