import { eq } from "drizzle-orm";
import { calendarFor } from "../../engine/calendar/index.js";
import type { WorkingCalendar } from "../../engine/calendar/workingCalendar.js";
import type { Db } from "../db/database.js";
import { findOrganisation } from "../db/queries/organisations.js";
import { calendarClosures } from "../db/schema.js";

/** An organisation's working calendar: its country's holidays plus its own closures. */
export async function loadCalendar(db: Db, organisation: string): Promise<WorkingCalendar> {
  const org = await findOrganisation(db, organisation);
  const closures = await db
    .select({ from: calendarClosures.fromDate, to: calendarClosures.toDate, label: calendarClosures.label })
    .from(calendarClosures)
    .where(eq(calendarClosures.organisation, organisation));
  return calendarFor(org?.calendar === "MA" ? "MA" : "CI", { closures });
}
