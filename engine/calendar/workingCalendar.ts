import { type Country, type Holiday, holidaysFor, lunarYearsCovered } from "./holidays.js";
import { compareDates, type LocalDate } from "./localDate.js";

export interface WorkingPeriod {
  /** Local "HH:MM". */
  start: string;
  end: string;
}

export interface Closure {
  /** Inclusive local dates. */
  from: LocalDate;
  to: LocalDate;
  label: string;
}

/** When an administration works: what due dates are computed on and lateness is judged by. */
export interface WorkingCalendar {
  code: string;
  /** IANA zone, e.g. "Africa/Abidjan". */
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  workingHours: WorkingPeriod[];
  holidays: Holiday[];
  closures: Closure[];
}

export interface CalendarOptions {
  years?: readonly number[];
  closures?: Closure[];
  workingHours?: WorkingPeriod[];
}

const defaults: Record<Country, { timeZone: string; workingHours: WorkingPeriod[] }> = {
  // The Ivorian public service works a morning and an afternoon session.
  CI: {
    timeZone: "Africa/Abidjan",
    workingHours: [
      { start: "07:30", end: "12:00" },
      { start: "14:30", end: "16:30" },
    ],
  },
  // The Moroccan public service works a continuous day.
  MA: { timeZone: "Africa/Casablanca", workingHours: [{ start: "08:30", end: "16:30" }] },
};

export function calendarFor(country: Country, options: CalendarOptions = {}): WorkingCalendar {
  const workingHours = options.workingHours ?? defaults[country].workingHours;
  const closures = options.closures ?? [];
  checkWorkingHours(workingHours);
  checkClosures(closures);
  // Holidays beyond the lunar table are still computable, but their absence is easier to notice
  // when the default window is exactly the table's.
  const years = options.years ?? lunarYearsCovered;
  return {
    code: country,
    timeZone: defaults[country].timeZone,
    workingDays: [1, 2, 3, 4, 5],
    workingHours: [...workingHours].sort((a, b) => minutesOf(a.start) - minutesOf(b.start)),
    holidays: years.flatMap((year) => holidaysFor(country, year)),
    closures,
  };
}

/** Minutes since local midnight of a "HH:MM" time. */
export function minutesOf(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

// Misconfigured hours would make every due date quietly wrong; refuse them when the calendar is built.
function checkWorkingHours(periods: WorkingPeriod[]): void {
  if (periods.length === 0) throw new RangeError("a working calendar needs at least one working period");
  const sorted = periods
    .map((p) => ({ start: minutesOf(p.start), end: minutesOf(p.end) }))
    .sort((a, b) => a.start - b.start);
  sorted.forEach((p, i) => {
    if (p.end <= p.start) throw new RangeError(`working period ends before it starts: ${JSON.stringify(p)}`);
    const previous = sorted[i - 1];
    if (previous && p.start < previous.end) throw new RangeError("working periods overlap");
  });
}

function checkClosures(closures: Closure[]): void {
  for (const c of closures) {
    if (compareDates(c.from, c.to) > 0) throw new RangeError(`closure "${c.label}" ends before it starts`);
  }
}
