import { toLocal } from "../../engine/calendar/timeZone.js";
import type { WorkingCalendar } from "../../engine/calendar/workingCalendar.js";

/**
 * The date it is in the organisation's calendar time zone: delegations' inclusive dates are
 * read there, not in UTC nor in the server's zone.
 */
export function organisationToday(calendar: WorkingCalendar, now: Date): string {
  return toLocal(now, calendar.timeZone).date;
}
