import { and, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { InboxFilters } from "../../../shared/api/tasks.js";
import type { Db } from "../database.js";
import { cases, orgUnits, procedureDefinitions, tasks, users } from "../schema.js";
import { heldCandidateOf } from "./taskCandidates.js";

/** Instants the due-date filters compare with, computed by the caller in the organisation's zone. */
export interface DueBounds {
  now: Date;
  /** Start of tomorrow, local time. */
  endOfToday: Date;
  /** Start of the day a week from today, local time. */
  endOfWeek: Date;
}

export interface InboxSearch {
  /**
   * Whose inbox: the caller, then the people they stand in for (delegations). The tasks of all of
   * them are listed together.
   */
  userIds: string[];
  filters: InboxFilters;
  bounds: DueBounds;
}

/** Open tasks of the scope: by name (mine), of a role held in the task's unit (units), or both. */
function inScope(userIds: string[], scope: InboxFilters["scope"]): SQL | undefined {
  const mine = inArray(tasks.assigneeId, userIds);
  const people = sql`(${sql.join(
    userIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
  const units = and(
    isNull(tasks.assigneeId),
    or(
      sql`exists (select 1 from memberships m where m.user_id in ${people} and m.role_code = ${tasks.roleCode} and (${tasks.unitId} is null or m.unit_id = ${tasks.unitId}))`,
      heldCandidateOf(tasks.id, people),
    ),
  );
  if (scope === "mine") return mine;
  if (scope === "units") return units;
  return or(mine, units);
}

function dueCondition(due: InboxFilters["due"], b: DueBounds): SQL | undefined {
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  switch (due) {
    case "late":
      return sql`${tasks.dueAt} < ${at(b.now)}`;
    case "today":
      return sql`${tasks.dueAt} >= ${at(b.now)} and ${tasks.dueAt} < ${at(b.endOfToday)}`;
    case "week":
      return sql`${tasks.dueAt} >= ${at(b.now)} and ${tasks.dueAt} < ${at(b.endOfWeek)}`;
    case "none":
      return isNull(tasks.dueAt);
    default:
      return undefined;
  }
}

function inboxWhere(search: InboxSearch, extra?: SQL): SQL | undefined {
  const f = search.filters;
  return and(
    eq(tasks.status, "open"),
    inScope(search.userIds, f.scope),
    f.procedureId ? eq(cases.procedureId, f.procedureId) : undefined,
    f.stepId ? eq(tasks.stepId, f.stepId) : undefined,
    dueCondition(f.due, search.bounds),
    extra,
  );
}

/** Sort key of the inbox: due date (none last), then creation, then id. */
export interface InboxKey {
  dueAt: Date | null;
  createdAt: Date;
  id: string;
}

function afterKey(k: InboxKey): SQL {
  const created = sql`${k.createdAt.toISOString()}::timestamptz`;
  const id = sql`${k.id}::uuid`;
  const rest = sql`(${tasks.createdAt}, ${tasks.id}) > (${created}, ${id})`;
  if (k.dueAt === null) return sql`(${tasks.dueAt} is null and ${rest})`;
  const due = sql`${k.dueAt.toISOString()}::timestamptz`;
  return sql`(${tasks.dueAt} is null or ${tasks.dueAt} > ${due} or (${tasks.dueAt} = ${due} and ${rest}))`;
}

/**
 * The inbox of one person (and of those they stand in for): one page, `limit` rows at most.
 * Step titles come from the definitions, which the caller holds.
 */
export async function inboxOf(db: Db, search: InboxSearch & { after: InboxKey | null; limit: number }) {
  return db
    .select({
      id: tasks.id,
      caseId: tasks.caseId,
      stepId: tasks.stepId,
      actorCode: tasks.actorCode,
      dueAt: tasks.dueAt,
      createdAt: tasks.createdAt,
      registryNumber: cases.registryNumber,
      caseTitle: cases.title,
      caseVersion: cases.version,
      procedureId: cases.procedureId,
      procedureVersion: cases.procedureVersion,
      procedureTitle: procedureDefinitions.title,
      requesterName: sql<string>`coalesce(${users.name}, ${cases.externalRequester}->>'name', '')`,
      taskUnit: orgUnits.name,
    })
    .from(tasks)
    .innerJoin(cases, eq(cases.id, tasks.caseId))
    .innerJoin(
      procedureDefinitions,
      and(
        eq(procedureDefinitions.organisation, cases.organisation),
        eq(procedureDefinitions.id, cases.procedureId),
        eq(procedureDefinitions.version, cases.procedureVersion),
      ),
    )
    .leftJoin(users, eq(users.id, cases.requesterId))
    .leftJoin(orgUnits, eq(orgUnits.id, tasks.unitId))
    .where(inboxWhere(search, search.after ? afterKey(search.after) : undefined))
    .orderBy(sql`${tasks.dueAt} asc nulls last`, tasks.createdAt, tasks.id)
    .limit(search.limit);
}

export type InboxRow = Awaited<ReturnType<typeof inboxOf>>[number];

/** The same inbox counted per procedure version and step, each count split by due state. */
export async function inboxTallies(db: Db, search: InboxSearch) {
  const b = search.bounds;
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const countWhere = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;
  return db
    .select({
      procedureId: cases.procedureId,
      procedureVersion: cases.procedureVersion,
      procedureTitle: procedureDefinitions.title,
      stepId: tasks.stepId,
      total: sql<number>`count(*)::int`,
      none: countWhere(sql`${tasks.dueAt} is null`),
      late: countWhere(sql`${tasks.dueAt} < ${at(b.now)}`),
      today: countWhere(sql`${tasks.dueAt} >= ${at(b.now)} and ${tasks.dueAt} < ${at(b.endOfToday)}`),
      week: countWhere(sql`${tasks.dueAt} >= ${at(b.now)} and ${tasks.dueAt} < ${at(b.endOfWeek)}`),
    })
    .from(tasks)
    .innerJoin(cases, eq(cases.id, tasks.caseId))
    .innerJoin(
      procedureDefinitions,
      and(
        eq(procedureDefinitions.organisation, cases.organisation),
        eq(procedureDefinitions.id, cases.procedureId),
        eq(procedureDefinitions.version, cases.procedureVersion),
      ),
    )
    .where(inboxWhere(search))
    .groupBy(cases.procedureId, cases.procedureVersion, procedureDefinitions.title, tasks.stepId)
    .orderBy(cases.procedureId, cases.procedureVersion, tasks.stepId);
}
