import { addDays, addMonths } from "./localDate.js";
import { fromLocal, toLocal } from "./timeZone.js";
import type { WorkingCalendar } from "./workingCalendar.js";
import { endOfWorkingDay, isWorkingDay, nextWorkingDay, periodsOf } from "./workingDay.js";

export { isWorkingDay } from "./workingDay.js";

/** How long a step may take, as a procedure states it. */
export type Deadline =
  | { businessDays: number }
  | { hours: number }
  | { calendarDays: number }
  | { months: number }
  | { setWhenActing: true };

function requireCount(value: number, what: string, integer: boolean): void {
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${what} must be a non-negative ${integer ? "integer" : "number"}, got ${value}`);
  }
}

/**
 * Due at the end of the N-th working day after the day it starts: the start day never counts,
 * whatever the hour or whether it is worked, so a request on Friday with 2 business days is due
 * Tuesday evening. Zero days means the end of the start day, or of the next working day.
 */
export function addBusinessDays(cal: WorkingCalendar, start: Date, days: number): Date {
  requireCount(days, "business days", true);
  let date = toLocal(start, cal.timeZone).date;
  if (days === 0) return endOfWorkingDay(cal, nextWorkingDay(cal, date));
  for (let counted = 0; counted < days; counted++) {
    date = nextWorkingDay(cal, addDays(date, 1));
  }
  return endOfWorkingDay(cal, date);
}

/** Consumes only working time: evenings, lunch breaks, weekends, holidays and closures do not count. */
export function addWorkingHours(cal: WorkingCalendar, start: Date, hours: number): Date {
  requireCount(hours, "working hours", false);
  const periods = periodsOf(cal);
  let remaining = Math.round(hours * 60);
  let { date, minutes } = toLocal(start, cal.timeZone);
  for (;;) {
    if (!isWorkingDay(cal, date)) {
      date = nextWorkingDay(cal, date);
      minutes = 0;
    }
    for (const p of periods) {
      if (minutes >= p.end) continue;
      const from = Math.max(minutes, p.start);
      const available = p.end - from;
      if (remaining <= available) return fromLocal({ date, minutes: from + remaining }, cal.timeZone);
      remaining -= available;
      minutes = p.end;
    }
    date = addDays(date, 1);
    minutes = 0;
  }
}

/** Calendar days later, due at the end of that day, or of the next working day if it is not one. */
export function addCalendarDays(cal: WorkingCalendar, start: Date, days: number): Date {
  requireCount(days, "calendar days", true);
  const date = addDays(toLocal(start, cal.timeZone).date, days);
  return endOfWorkingDay(cal, nextWorkingDay(cal, date));
}

/** Calendar months later (31 January + 1 month is the last day of February), then as for days. */
export function addCalendarMonths(cal: WorkingCalendar, start: Date, months: number): Date {
  requireCount(months, "months", true);
  const date = addMonths(toLocal(start, cal.timeZone).date, months);
  return endOfWorkingDay(cal, nextWorkingDay(cal, date));
}

/**
 * Working days elapsed between two instants, counted like `addBusinessDays`: the start day does
 * not count, the end day does. So a step done by its due date never measures more than its délai.
 * Zero when `to` is not after `from`.
 */
export function businessDaysBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const end = toLocal(to, cal.timeZone).date;
  let count = 0;
  for (let d = addDays(toLocal(from, cal.timeZone).date, 1); d <= end; d = addDays(d, 1)) {
    if (isWorkingDay(cal, d)) count++;
  }
  return count;
}

/** Late only strictly after the due instant; a step with no due date is never late. */
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
