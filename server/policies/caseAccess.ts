import { message } from "../../engine/messages.js";
import { directoryOf } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import {
  type CaseReader,
  isCaseReadableBy,
  procedureReader,
  proceduresOverseenBy,
  roleReader,
} from "../db/queries/caseAccess.js";
import { type CaseRow, findCase } from "../db/queries/cases.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { AppError, notFound } from "../errors.js";
import { organisationToday } from "../orgChart/organisationToday.js";

/**
 * The case read policy. The rule itself is one SQL condition (`caseReadableBy` in
 * server/db/queries/caseAccess.ts) so that search filters with exactly what this check allows.
 */
export async function mayReadCase(db: Db, reader: CaseReader, row: CaseRow): Promise<boolean> {
  return isCaseReadableBy(db, reader, row.id);
}

/**
 * The caller as a reader of cases, read from the organisation's directory: themselves and,
 * today, the people they stand in for; the units all of them belong to, and the units below those
 * they head (a head reads the cases of his unit and of the units under it); the roles they hold,
 * anywhere; the procedures those roles oversee.
 */
export async function caseReader(db: Db, user: UserRow, now: Date): Promise<CaseReader> {
  const directory = await directoryOf(db, user.organisation);
  const people = [user.id, ...directory.standingInFor(user.id, organisationToday(directory.calendar, now))];
  const ids = new Set<string>(people);
  const roles = new Set<string>();
  for (const personId of people) {
    const unitId = personId === user.id ? user.unitId : directory.person(personId)?.unitId;
    if (unitId) ids.add(unitId);
    for (const m of directory.membershipsOf(personId)) {
      ids.add(m.unitId);
      roles.add(m.roleCode);
      if (directory.unit(m.unitId)?.headRole === m.roleCode)
        for (const below of directory.unitsBelow(m.unitId)) ids.add(below);
    }
  }
  for (const role of roles) ids.add(roleReader(user.organisation, role));
  for (const procedureId of await proceduresOverseenBy(db, user.organisation, [...roles]))
    ids.add(procedureReader(user.organisation, procedureId));
  return { id: user.id, organisation: user.organisation, isAdmin: user.isAdmin, readerIds: [...ids] };
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
