import { type Country, type Holiday, holidaysFor, lunarYearsCovered } from "./holidays.js";
import type { LocalDate } from "./localDate.js";

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
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  workingHours: WorkingPeriod[];
  holidays: Holiday[];
  closures: Closure[];
}

const defaults: Record<Country, { timeZone: string; workingHours: WorkingPeriod[] }> = {
  // Ivorian public service: morning and afternoon sessions.
  CI: {
    timeZone: "Africa/Abidjan",
    workingHours: [
      { start: "07:30", end: "12:00" },
      { start: "14:30", end: "16:30" },
    ],
  },
  // Moroccan public service: continuous day.
  MA: { timeZone: "Africa/Casablanca", workingHours: [{ start: "08:30", end: "16:30" }] },
};

export interface CalendarOptions {
  years?: number[];
  closures?: Closure[];
  workingHours?: WorkingPeriod[];
}

export function calendarFor(country: Country, options: CalendarOptions = {}): WorkingCalendar {
  const years = options.years ?? lunarYearsCovered;
  return {
    code: country,
    timeZone: defaults[country].timeZone,
    workingDays: [1, 2, 3, 4, 5],
    workingHours: options.workingHours ?? defaults[country].workingHours,
    holidays: years.flatMap((y) => holidaysFor(country, y)),
    closures: options.closures ?? [],
  };
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}
