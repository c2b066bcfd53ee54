import { addDays, isoWeekday, type LocalDate } from "./localDate.js";
import { fromLocal } from "./timeZone.js";
import { minutesOf, type WorkingCalendar } from "./workingCalendar.js";

/** A working period as minutes since local midnight. */
export interface Period {
  start: number;
  end: number;
}

/** Not a weekend, not a public holiday, not one of the administration's own closures. */
export function isWorkingDay(cal: WorkingCalendar, date: LocalDate): boolean {
  return (
    cal.workingDays.includes(isoWeekday(date)) &&
    !cal.holidays.some((h) => h.date === date) &&
    !cal.closures.some((c) => c.from <= date && date <= c.to)
  );
}

export function periodsOf(cal: WorkingCalendar): Period[] {
  return cal.workingHours
    .map((p) => ({ start: minutesOf(p.start), end: minutesOf(p.end) }))
    .sort((a, b) => a.start - b.start);
}

/** When the last working period of that day ends: the moment a délai counted in days expires. */
export function endOfWorkingDay(cal: WorkingCalendar, date: LocalDate): Date {
  const last = periodsOf(cal).at(-1);
  if (!last) throw new RangeError(`calendar ${cal.code} has no working hours`);
  return fromLocal({ date, minutes: last.end }, cal.timeZone);
}

// Searching further than this means the calendar itself is wrong (no working day at all), which
// must fail loudly rather than loop.
const SEARCH_LIMIT_DAYS = 366;

/** The date itself if it is a working day, otherwise the next one. */
export function nextWorkingDay(cal: WorkingCalendar, date: LocalDate): LocalDate {
  let d = date;
  for (let i = 0; i <= SEARCH_LIMIT_DAYS; i++) {
    if (isWorkingDay(cal, d)) return d;
    d = addDays(d, 1);
  }
  throw new RangeError(`calendar ${cal.code} has no working day within a year after ${date}`);
}
