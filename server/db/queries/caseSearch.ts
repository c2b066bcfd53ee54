import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { addDays } from "../../../engine/calendar/localDate.js";
import { fromLocal } from "../../../engine/calendar/timeZone.js";
import type { CaseFilters } from "../../../shared/api/cases.js";
import type { Db } from "../database.js";
import { cases, orgUnits, procedureDefinitions, users } from "../schema.js";
import { type CaseReader, caseReadableBy } from "./caseAccess.js";

export interface CaseSearch {
  filters: CaseFilters;
  /** Days of the date filters are read in this zone (the organisation's calendar). */
  timeZone: string;
  /** What `due` compares with: now, and the start of the day a week from today (local). */
  bounds: { now: Date; endOfWeek: Date };
  /** The key of the last row of the previous page: (created_at, id), newest first. */
  after: { createdAt: Date; id: string } | null;
  limit: number;
}

/** Cases matching the filters that the reader may read, newest first; `limit` rows at most. */
export async function searchCases(db: Db, reader: CaseReader, search: CaseSearch) {
  const { after } = search;
  return db
    .select({
      case: cases,
      procedureTitle: procedureDefinitions.title,
      definitionHash: procedureDefinitions.contentHash,
      requesterName: sql<string>`coalesce(${users.name}, ${cases.externalRequester}->>'name'
        || coalesce(' (' || (${cases.externalRequester}->>'company') || ')', ''), '')`,
      imputedUnitName: orgUnits.name,
    })
    .from(cases)
    .innerJoin(
      procedureDefinitions,
      and(
        eq(procedureDefinitions.organisation, cases.organisation),
        eq(procedureDefinitions.id, cases.procedureId),
        eq(procedureDefinitions.version, cases.procedureVersion),
      ),
    )
    .leftJoin(users, eq(users.id, cases.requesterId))
    .leftJoin(
      orgUnits,
      and(
        eq(orgUnits.organisation, cases.organisation),
        eq(orgUnits.code, sql`${cases.state}->>'imputedUnit'`),
      ),
    )
    .where(
      and(
        caseReadableBy(reader),
        ...filterConditions(search.filters, search.timeZone),
        openTaskCondition(search.filters, search.bounds),
        search.filters.passedStep
          ? sql`exists (select 1 from oversight_steps fs where fs.case_id = ${cases.id}
              and fs.step_id = ${search.filters.passedStep} and fs.ending in ('completed', 'sent_back'))`
          : undefined,
        after
          ? sql`(${cases.createdAt}, ${cases.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(search.limit);
}

export type CaseSearchRow = Awaited<ReturnType<typeof searchCases>>[number];

function filterConditions(f: CaseFilters, timeZone: string): Array<SQL | undefined> {
  // A day of the organisation's calendar as a range of instants: the index on created_at serves it.
  const startOf = (day: string) => fromLocal({ date: day, minutes: 0 }, timeZone).toISOString();
  return [
    f.registryNumber
      ? sql`${cases.registryNumber} like ${`${escapeLike(f.registryNumber)}%`} escape '\\'`
      : undefined,
    f.procedureId ? eq(cases.procedureId, f.procedureId) : undefined,
    f.procedureVersion ? eq(cases.procedureVersion, f.procedureVersion) : undefined,
    f.status ? eq(cases.status, f.status) : undefined,
    // The units a case passed through (its tasks, candidates, imputation) are among its readers.
    f.unit
      ? sql`exists (select 1 from case_access fa join org_units fu on fu.id = fa.reader_id
          where fa.case_id = ${cases.id} and fu.organisation = ${cases.organisation} and fu.code = ${f.unit})`
      : undefined,
    f.requester
      ? sql`${cases.requesterId} = (select ru.id from users ru where ru.matricule = ${f.requester} and ru.organisation = ${cases.organisation})`
      : undefined,
    f.createdFrom ? sql`${cases.createdAt} >= ${startOf(f.createdFrom)}::timestamptz` : undefined,
    f.createdTo ? sql`${cases.createdAt} < ${startOf(addDays(f.createdTo, 1))}::timestamptz` : undefined,
    f.closedFrom ? sql`${cases.closedAt} >= ${startOf(f.closedFrom)}::timestamptz` : undefined,
    f.closedTo ? sql`${cases.closedAt} < ${startOf(addDays(f.closedTo, 1))}::timestamptz` : undefined,
    f.q ? sql`search @@ websearch_to_tsquery('french', ${f.q})` : undefined,
  ];
}

/**
 * One open task of the case matching every task filter given: the cases behind a dashboard's
 * number (tasks carry the organisation, so the condition stays on the case's own tasks).
 */
function openTaskCondition(f: CaseFilters, bounds: CaseSearch["bounds"]): SQL | undefined {
  const parts: SQL[] = [];
  if (f.step) parts.push(sql`ft.step_id = ${f.step}`);
  if (f.waitingUnit)
    parts.push(
      sql`ft.unit_id = (select wu.id from org_units wu where wu.organisation = ft.organisation and wu.code = ${f.waitingUnit})`,
    );
  if (f.waitingFor)
    parts.push(
      sql`ft.assignee_id = (select wp.id from users wp where wp.organisation = ft.organisation and wp.matricule = ${f.waitingFor})`,
    );
  const now = sql`${bounds.now.toISOString()}::timestamptz`;
  if (f.due === "late") parts.push(sql`ft.due_at < ${now}`);
  if (f.due === "week")
    parts.push(sql`ft.due_at >= ${now} and ft.due_at < ${bounds.endOfWeek.toISOString()}::timestamptz`);
  if (f.due === "onTime") parts.push(sql`(ft.due_at is null or ft.due_at >= ${now})`);
  if (parts.length === 0) return undefined;
  return sql`exists (select 1 from tasks ft where ft.case_id = ${cases.id} and ft.status = 'open'
    and ${sql.join(parts, sql` and `)})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
