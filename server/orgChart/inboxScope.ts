import { directoryOf } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import type { InboxScope } from "../db/queries/inbox.js";
import { organisationToday } from "./organisationToday.js";

/**
 * The queues a person's inbox reads, from the organisation's directory: theirs and, today, those
 * of the people they stand in for — tasks named to them; the unassigned tasks of each role they
 * hold, in its unit or anywhere; and, for a head, every open task of the units below the ones
 * they head (« Mes unités » shows what is late there).
 */
export async function inboxScopeOf(
  db: Db,
  user: { id: string; organisation: string },
  now: Date,
): Promise<InboxScope> {
  const directory = await directoryOf(db, user.organisation);
  const people = [user.id, ...directory.standingInFor(user.id, organisationToday(directory.calendar, now))];
  const queues = new Map<string, { roleCode: string; unitId: string }>();
  const roles = new Set<string>();
  const unitsBelow = new Set<string>();
  for (const personId of people) {
    for (const m of directory.membershipsOf(personId)) {
      queues.set(`${m.roleCode}/${m.unitId}`, { roleCode: m.roleCode, unitId: m.unitId });
      roles.add(m.roleCode);
      if (directory.unit(m.unitId)?.headRole === m.roleCode)
        for (const below of directory.unitsBelow(m.unitId)) unitsBelow.add(below);
    }
  }
  return {
    organisation: user.organisation,
    people,
    queues: [...queues.values()],
    roles: [...roles],
    unitsBelow: [...unitsBelow],
  };
}
