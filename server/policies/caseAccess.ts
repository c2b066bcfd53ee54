import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { type CaseReader, isCaseReadableBy } from "../db/queries/caseAccess.js";
import { type CaseRow, findCase } from "../db/queries/cases.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { AppError, notFound } from "../errors.js";
import { standingInNow } from "../orgChart/standingIn.js";

/**
 * The case read policy. The rule itself is one SQL condition (`caseReadableBy` in
 * server/db/queries/caseAccess.ts) so that search filters with exactly what this check allows.
 */
export async function mayReadCase(db: Db, reader: CaseReader, row: CaseRow): Promise<boolean> {
  return isCaseReadableBy(db, reader, row.id);
}

/** The caller as a reader of cases: themselves and, today, the people they stand in for. */
export async function caseReader(db: Db, user: UserRow, now: Date): Promise<CaseReader> {
  return { ...user, standsInFor: (await standingInNow(db, user, now)).map((d) => d.userId) };
}

export const forbiddenCase = () =>
  new AppError(403, "forbidden", message("vous n'avez pas accès à ce dossier", "you may not read this case"));

/**
 * The case, if the caller may read it: 404 when it does not exist, 403 when it exists but they
 * took no part in it and oversee nothing that reaches it. Every case endpoint starts here,
 * actions included: nobody acts on a case they may not read.
 */
export async function readableCase(db: Db, reader: CaseReader, caseId: string): Promise<CaseRow> {
  const row = await findCase(db, caseId);
  // Another organisation's case is not confirmed to exist (see DECISIONS).
  if (!row || row.organisation !== reader.organisation) throw notFound({ fr: "dossier", en: "case" });
  if (!(await mayReadCase(db, reader, row))) throw forbiddenCase();
  return row;
}
