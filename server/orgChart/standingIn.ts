import { loadCalendar } from "../commands/calendarLoader.js";
import type { Db } from "../db/database.js";
import { delegationsInForce } from "../db/queries/delegations.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { organisationToday } from "./organisationToday.js";

/**
 * The people a user stands in for right now, one entry per absent person (the latest end date
 * when two delegations overlap). "Now" is read in the organisation's calendar time zone.
 */
export async function standingInNow(
  db: Db,
  user: UserRow,
  now: Date,
): Promise<Array<{ userId: string; name: string; until: string }>> {
  const today = organisationToday(await loadCalendar(db, user.organisation), now);
  const seen = new Set<string>();
  return (await delegationsInForce(db, user.id, today)).filter((d) => {
    if (seen.has(d.userId)) return false;
    seen.add(d.userId);
    return true;
  });
}
