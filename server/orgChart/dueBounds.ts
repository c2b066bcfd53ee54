import { addDays } from "../../engine/calendar/localDate.js";
import { fromLocal, toLocal } from "../../engine/calendar/timeZone.js";
import type { DueBounds } from "../db/queries/inbox.js";

/** "Today" and "this week" are days of the organisation's calendar, not of the server. */
export function dueBoundsIn(timeZone: string, now: Date): DueBounds {
  const today = toLocal(now, timeZone).date;
  return {
    now,
    endOfToday: fromLocal({ date: addDays(today, 1), minutes: 0 }, timeZone),
    endOfWeek: fromLocal({ date: addDays(today, 7), minutes: 0 }, timeZone),
  };
}
