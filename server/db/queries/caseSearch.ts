import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { CaseFilters } from "../../../shared/api/cases.js";
import type { Db } from "../database.js";
import { cases, orgUnits, procedureDefinitions, users } from "../schema.js";
import { type CaseReader, caseReadableBy } from "./caseAccess.js";

export interface CaseSearch {
  filters: CaseFilters;
  /** Days of the date filters are read in this zone (the organisation's calendar). */
  timeZone: string;
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
  const localDay = sql`(${cases.createdAt} at time zone ${timeZone})::date`;
  return [
    f.registryNumber
      ? sql`${cases.registryNumber} like ${`${escapeLike(f.registryNumber)}%`} escape '\\'`
      : undefined,
    f.procedureId ? eq(cases.procedureId, f.procedureId) : undefined,
    f.status ? eq(cases.status, f.status) : undefined,
    f.unit
      ? sql`exists (select 1 from org_units fu where fu.organisation = ${cases.organisation} and fu.code = ${f.unit}
          and (fu.code = ${cases.state}->>'imputedUnit'
            or exists (select 1 from tasks ft where ft.case_id = ${cases.id} and ft.unit_id = fu.id)))`
      : undefined,
    f.requester
      ? sql`${cases.requesterId} = (select ru.id from users ru where ru.matricule = ${f.requester} and ru.organisation = ${cases.organisation})`
      : undefined,
    f.createdFrom ? sql`${localDay} >= ${f.createdFrom}::date` : undefined,
    f.createdTo ? sql`${localDay} <= ${f.createdTo}::date` : undefined,
    f.q ? sql`search @@ websearch_to_tsquery('french', ${f.q})` : undefined,
  ];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
