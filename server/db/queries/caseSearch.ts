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
    f.q ? sql`search @@ websearch_to_tsquery('french', ${f.q})` : undefined,
  ];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
