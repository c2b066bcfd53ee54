import type { Deadline } from "../definition/schema.js";
import { addDays, addMonths, isoWeekday, type LocalDate } from "./localDate.js";
import { fromLocal, toLocal } from "./timeZone.js";
import { minutesOf, type WorkingCalendar } from "./workingCalendar.js";

export function isWorkingDay(cal: WorkingCalendar, date: LocalDate): boolean {
  return (
    cal.workingDays.includes(isoWeekday(date)) &&
    !cal.holidays.some((h) => h.date === date) &&
    !cal.closures.some((c) => c.from <= date && date <= c.to)
  );
}

function periods(cal: WorkingCalendar): Array<{ start: number; end: number }> {
  return cal.workingHours
    .map((p) => ({ start: minutesOf(p.start), end: minutesOf(p.end) }))
    .sort((a, b) => a.start - b.start);
}

function endOfWorkingDay(cal: WorkingCalendar, date: LocalDate): Date {
  const last = periods(cal).at(-1)!;
  return fromLocal({ date, minutes: last.end }, cal.timeZone);
}

function nextWorkingDay(cal: WorkingCalendar, date: LocalDate): LocalDate {
  let d = date;
  // A year of closures would be a calendar error; stop rather than loop forever.
  for (let i = 0; i < 366; i++) {
    if (isWorkingDay(cal, d)) return d;
    d = addDays(d, 1);
  }
  throw new Error(`no working day within a year after ${date}`);
}

/**
 * Due at the end of the N-th working day after the day it starts (the start day never counts,
 * whatever the hour): a request on Friday with 2 business days is due Tuesday evening.
 */
export function addBusinessDays(cal: WorkingCalendar, start: Date, days: number): Date {
  let date = toLocal(start, cal.timeZone).date;
  for (let counted = 0; counted < days; ) {
    date = addDays(date, 1);
    if (isWorkingDay(cal, date)) counted++;
  }
  return endOfWorkingDay(cal, date);
}

/** Consumes only working time: evenings, lunch breaks, weekends and holidays do not count. */
export function addWorkingHours(cal: WorkingCalendar, start: Date, hours: number): Date {
  let remaining = Math.round(hours * 60);
  let { date, minutes } = toLocal(start, cal.timeZone);
  for (let guard = 0; guard < 100_000; guard++) {
    if (isWorkingDay(cal, date)) {
      for (const p of periods(cal)) {
        if (minutes >= p.end) continue;
        const from = Math.max(minutes, p.start);
        const available = p.end - from;
        if (remaining <= available) return fromLocal({ date, minutes: from + remaining }, cal.timeZone);
        remaining -= available;
        minutes = p.end;
      }
    }
    date = addDays(date, 1);
    minutes = 0;
  }
  throw new Error("working hours could not be placed: the calendar has no working time");
}

/** Calendar days later, due at the end of that day, or of the next working day if it is not one. */
export function addCalendarDays(cal: WorkingCalendar, start: Date, days: number): Date {
  const date = addDays(toLocal(start, cal.timeZone).date, days);
  return endOfWorkingDay(cal, nextWorkingDay(cal, date));
}

/** Calendar months later (clamped to the month's end), then as for calendar days. */
export function addCalendarMonths(cal: WorkingCalendar, start: Date, months: number): Date {
  const date = addMonths(toLocal(start, cal.timeZone).date, months);
  return endOfWorkingDay(cal, nextWorkingDay(cal, date));
}

/** Working days elapsed from one instant to another: the measure of a real duration against a délai. */
export function businessDaysBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const start = toLocal(from, cal.timeZone).date;
  const end = toLocal(to, cal.timeZone).date;
  let count = 0;
  for (let d = addDays(start, 1); d <= end; d = addDays(d, 1)) {
    if (isWorkingDay(cal, d)) count++;
  }
  return count;
}

export function isLate(dueAt: Date | null, now: Date): boolean {
  return dueAt !== null && now.getTime() > dueAt.getTime();
}

/** The due date of a step entered at `start`, or null when the actor sets it when acting. */
export function computeDueDate(cal: WorkingCalendar, deadline: Deadline, start: Date): Date | null {
  if ("businessDays" in deadline) return addBusinessDays(cal, start, deadline.businessDays);
  if ("hours" in deadline) return addWorkingHours(cal, start, deadline.hours);
  if ("calendarDays" in deadline) return addCalendarDays(cal, start, deadline.calendarDays);
  if ("months" in deadline) return addCalendarMonths(cal, start, deadline.months);
  return null;
}
