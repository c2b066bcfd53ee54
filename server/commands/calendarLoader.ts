import type { WorkingCalendar } from "../../engine/calendar/workingCalendar.js";
import { directoryOf } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";

/** An organisation's working calendar (its country's holidays plus its own closures), as kept in its directory. */
export async function loadCalendar(db: Db, organisation: string): Promise<WorkingCalendar> {
  return (await directoryOf(db, organisation)).calendar;
}
