import { createHash } from "node:crypto";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { cases, procedureOverseers } from "../schema.js";

/**
 * Who asks, as the readers they count as: themselves and the people they stand in for, the units
 * they belong to or head (with the units below), the roles they hold anywhere, the procedures
 * they oversee. Built by `caseReader` (server/policies/caseAccess.ts).
 */
export interface CaseReader {
  id: string;
  organisation: string;
  isAdmin: boolean;
  /** Reader ids as `case_access` holds them (uuids of people and units, derived ids of roles and procedures). */
  readerIds: string[];
}

/** A uuid derived from text, as `md5(text)::uuid` gives it in SQL (migration 0014). */
function derivedUuid(text: string): string {
  const h = createHash("md5").update(text, "utf8").digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The reader id of the holders of a role anywhere in an organisation (SQL: `role_reader`). */
export const roleReader = (organisation: string, roleCode: string) =>
  derivedUuid(`role/${organisation}/${roleCode}`);

/** The reader id of the overseers of a procedure (SQL: `procedure_reader`). */
export const procedureReader = (organisation: string, procedureId: string) =>
  derivedUuid(`procedure/${organisation}/${procedureId}`);

/** The procedures that one of these roles oversees in the organisation. */
export async function proceduresOverseenBy(
  db: Db,
  organisation: string,
  roleCodes: string[],
): Promise<string[]> {
  if (roleCodes.length === 0) return [];
  const rows = await db
    .selectDistinct({ procedureId: procedureOverseers.procedureId })
    .from(procedureOverseers)
    .where(
      and(eq(procedureOverseers.organisation, organisation), inArray(procedureOverseers.roleCode, roleCodes)),
    );
  return rows.map((r) => r.procedureId);
}

/** A list of uuids as one SQL array parameter (both drivers pass it as text). */
export function uuidArray(ids: string[]): SQL {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/**
 * THE case read rule, as an SQL condition on `cases`: the single-case check and the search both
 * use it, so a case is never listed to someone who could not open it (and the reverse).
 * A person reads a case of their organisation when one of their reader ids is among its readers
 * (`case_access`): they (or someone they stand in for) took part in it — requester, author of an
 * event, assignee or closer of a task; they belong to a unit it passed through (the unit of one of
 * its tasks or candidates, the unit it is imputed to), or head a unit above it; they hold a role
 * offered one of its open tasks anywhere in the organisation; they hold a role overseeing its
 * procedure. An administrator reads every case of the organisation.
 * One indexed semi-join: PostgreSQL walks the readers or the cases, whichever is fewer.
 */
export function caseReadableBy(reader: CaseReader): SQL {
  const ofOrganisation = sql`${cases.organisation} = ${reader.organisation}`;
  if (reader.isAdmin) return ofOrganisation;
  if (reader.readerIds.length === 0) return sql`false`;
  return sql`(${ofOrganisation} and exists (select 1 from case_access a
    where a.case_id = ${cases.id} and a.reader_id = any(${uuidArray(reader.readerIds)})))`;
}

export async function isCaseReadableBy(db: Db, reader: CaseReader, caseId: string): Promise<boolean> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.id, caseId), caseReadableBy(reader)));
  return rows.length === 1;
}
