import { calendarFor } from "../../engine/calendar/index.js";
import type { WorkingCalendar } from "../../engine/calendar/workingCalendar.js";
import type { Db } from "../db/database.js";
import { findCalendarSettings } from "../db/queries/organisations.js";

/** An organisation's working calendar: its country's holidays plus its own closures. */
export async function loadCalendar(db: Db, organisation: string): Promise<WorkingCalendar> {
  const settings = await findCalendarSettings(db, organisation);
  return calendarFor(settings.calendar === "MA" ? "MA" : "CI", { closures: settings.closures });
}
