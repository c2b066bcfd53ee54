import { directoryOf } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import { organisationToday } from "./organisationToday.js";

/**
 * The people a user stands in for right now, one entry per absent person (the latest end date
 * when two delegations overlap). "Now" is read in the organisation's calendar time zone. Read
 * from the organisation's directory: one query when the process already holds it.
 */
export async function standingInNow(
  db: Db,
  user: { id: string; organisation: string },
  now: Date,
): Promise<Array<{ userId: string; name: string; until: string }>> {
  const directory = await directoryOf(db, user.organisation);
  return directory.delegationsOf(user.id, organisationToday(directory.calendar, now));
}
