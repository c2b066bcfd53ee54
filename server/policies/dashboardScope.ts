import type { DashboardScope } from "../../shared/api/oversight.js";
import { directoryOf } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import { proceduresOverseenBy } from "../db/queries/caseAccess.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { organisationToday } from "../orgChart/organisationToday.js";

/** What a person's dashboard counts, following the org chart (the widest that applies). */
export interface DashboardView {
  kind: DashboardScope;
  organisation: string;
  /** `procedures`: those the person's roles oversee. */
  procedures: string[];
  /** `units`: the units they head and every unit below. */
  units: string[];
  /** Themselves and, today, those they stand in for: their own work. */
  people: string[];
}

/**
 * An administrator, or the head of a unit at the top of the org chart (the director), sees the
 * whole organisation; a procedure overseer, the procedures they oversee; the head of a unit, that
 * unit and those below; anyone else, the tasks named to them.
 */
export async function dashboardViewOf(db: Db, user: UserRow, now: Date): Promise<DashboardView> {
  const directory = await directoryOf(db, user.organisation);
  const people = [user.id, ...directory.standingInFor(user.id, organisationToday(directory.calendar, now))];
  const headed = new Set<string>();
  const roles = new Set<string>();
  let headsTop = false;
  for (const personId of people) {
    for (const m of directory.membershipsOf(personId)) {
      roles.add(m.roleCode);
      const unit = directory.unit(m.unitId);
      if (unit?.headRole !== m.roleCode) continue;
      if (!unit.parentId) headsTop = true;
      headed.add(unit.id);
      for (const below of directory.unitsBelow(unit.id)) headed.add(below);
    }
  }
  const base = { organisation: user.organisation, people, procedures: [], units: [] };
  if (user.isAdmin || headsTop) return { ...base, kind: "organisation" };
  const overseen = await proceduresOverseenBy(db, user.organisation, [...roles]);
  if (overseen.length > 0) return { ...base, kind: "procedures", procedures: overseen };
  if (headed.size > 0) return { ...base, kind: "units", units: [...headed] };
  return { ...base, kind: "own" };
}
