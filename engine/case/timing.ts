import { computeDueDate } from "../calendar/deadlines.js";
import { addDays, addMonths, isLocalDate, type LocalDate } from "../calendar/localDate.js";
import { fromLocal, toLocal } from "../calendar/timeZone.js";
import { minutesOf, type WorkingCalendar } from "../calendar/workingCalendar.js";
import { endOfWorkingDay, isWorkingDay, nextWorkingDay, periodsOf } from "../calendar/workingDay.js";
import type { ProcedureDefinition, Recurrence, Step, TimeSpan } from "../definition/schema.js";
import type { Token } from "./state.js";

/**
 * When things happen to a waiting step without anyone acting: reminders before its due date,
 * escalations after it, the outcome the system takes at the end, a timer's wake-up, a message
 * step's sending. Pure: computed from the definition, the token and the working calendar, so the
 * shell can recompute the plan at any time and only stores how far along it it has gone.
 */
export type Milestone =
  | { kind: "reminder"; index: number; at: Date }
  | { kind: "escalation"; round: number; at: Date }
  | { kind: "outcome"; outcome: string; at: Date }
  | { kind: "wake"; at: Date }
  | { kind: "send"; at: Date };

/** A step the system does itself (a timer or a message): nobody's inbox receives it. */
export function isSystemStep(step: Pick<Step, "wait" | "notify" | "call">): boolean {
  return step.wait !== undefined || step.notify !== undefined || step.call !== undefined;
}

/** Whether a step has anything the clock triggers: the shell keeps a timer row only for these. */
export function isTimedStep(step: Step): boolean {
  // A call step waits for its called case, not for the clock.
  return (
    step.wait !== undefined ||
    step.notify !== undefined ||
    (step.reminders?.length ?? 0) > 0 ||
    step.escalation !== undefined
  );
}

/** The start of the first working period of a working day: when reminders and escalations go out. */
export function startOfWorkingDay(cal: WorkingCalendar, date: LocalDate): Date {
  const first = periodsOf(cal)[0];
  if (!first) throw new RangeError(`calendar ${cal.code} has no working hours`);
  return fromLocal({ date, minutes: first.start }, cal.timeZone);
}

/** The working day `n` working days after (n > 0) or before (n < 0) `date`, which itself does not count. */
export function workingDaysFrom(cal: WorkingCalendar, date: LocalDate, n: number): LocalDate {
  const step = n > 0 ? 1 : -1;
  let d = date;
  let counted = 0;
  // A calendar with no working day in a year is wrong: fail loudly rather than loop.
  for (let walked = 0; counted < Math.abs(n); walked++) {
    if (walked > 366 * Math.max(1, Math.abs(n))) {
      throw new RangeError(`calendar ${cal.code} has too few working days around ${date}`);
    }
    d = addDays(d, step);
    if (isWorkingDay(cal, d)) counted++;
  }
  return d;
}

/**
 * The instant a date entered in a form names: a date is due at the end of that working day (or of
 * the next one when it is not worked); a date and time is due then. Null when the field is empty
 * or not a date.
 */
export function instantFromField(cal: WorkingCalendar, value: unknown): Date | null {
  if (typeof value !== "string" || value === "") return null;
  if (isLocalDate(value)) return endOfWorkingDay(cal, nextWorkingDay(cal, value));
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

function afterSpan(cal: WorkingCalendar, span: TimeSpan, start: Date): Date {
  return computeDueDate(cal, span, start)!;
}

/**
 * The due date of a step entered at `now`: its délai, a date entered earlier, the wake-up of a
 * timer, or `now` for a message the system sends at once. Null when it has none (or it is set
 * when acting).
 */
export function stepDueDate(
  cal: WorkingCalendar,
  step: Step,
  data: Record<string, unknown>,
  now: Date,
): Date | null {
  if (step.notify) return now;
  if (step.wait) {
    if ("untilField" in step.wait) return instantFromField(cal, data[step.wait.untilField]) ?? now;
    return afterSpan(cal, step.wait, now);
  }
  const deadline = step.deadline;
  if (!deadline) return null;
  if ("fromField" in deadline) return instantFromField(cal, data[deadline.fromField]);
  return computeDueDate(cal, deadline, now);
}

/** The milestones of a waiting step, in time order. Reminders already past when it was entered are dropped. */
export function stepMilestones(cal: WorkingCalendar, step: Step, token: Token): Milestone[] {
  if (step.notify) return [{ kind: "send", at: new Date(token.enteredAt) }];
  if (step.wait) return token.dueAt ? [{ kind: "wake", at: new Date(token.dueAt) }] : [];
  if (!token.dueAt) return [];
  const due = new Date(token.dueAt);
  const dueDay = toLocal(due, cal.timeZone).date;
  const entered = new Date(token.enteredAt).getTime();
  const milestones: Milestone[] = [];
  (step.reminders ?? []).forEach((r, index) => {
    const at = startOfWorkingDay(cal, workingDaysFrom(cal, dueDay, -r.before.businessDays));
    if (at.getTime() > entered && at.getTime() < due.getTime())
      milestones.push({ kind: "reminder", index, at });
  });
  const escalation = step.escalation;
  if (escalation) {
    const every = escalation.after.businessDays;
    const rounds = escalation.to || escalation.message ? escalation.times : 0;
    for (let round = 1; round <= rounds; round++) {
      milestones.push({
        kind: "escalation",
        round,
        at: startOfWorkingDay(cal, workingDaysFrom(cal, dueDay, round * every)),
      });
    }
    if (escalation.outcome) {
      milestones.push({
        kind: "outcome",
        outcome: escalation.outcome,
        at: startOfWorkingDay(cal, workingDaysFrom(cal, dueDay, (rounds + 1) * every)),
      });
    }
  }
  return milestones.sort((a, b) => a.at.getTime() - b.at.getTime());
}

// A recurrence is looked for this far back: a year and a little, for dates of the year.
const RECURRENCE_LOOKBACK_DAYS = 370;

function occursOn(rec: Recurrence, cal: WorkingCalendar, date: LocalDate): boolean {
  const month = Number(date.slice(5, 7));
  if (rec.months && !rec.months.includes(month)) return false;
  if (rec.every === "day") return true;
  if (rec.every === "working_day") return isWorkingDay(cal, date);
  if (rec.every === "first_working_day_of_month") {
    return nextWorkingDay(cal, `${date.slice(0, 8)}01`) === date;
  }
  const year = Number(date.slice(0, 4));
  return (rec.dates ?? []).some((md) =>
    [year - 1, year].some((y) => {
      const named = `${y}-${md}`;
      return isLocalDate(named) && nextWorkingDay(cal, named) === date;
    }),
  );
}

/**
 * The latest time a recurrence named at or before `now`, in the calendar's time zone; null when
 * none did within a year. Runs are told apart by this instant.
 */
export function latestOccurrence(rec: Recurrence, cal: WorkingCalendar, now: Date): Date | null {
  const today = toLocal(now, cal.timeZone).date;
  const minutes = minutesOf(rec.at);
  for (let back = 0; back <= RECURRENCE_LOOKBACK_DAYS; back++) {
    const date = addDays(today, -back);
    if (!occursOn(rec, cal, date)) continue;
    const at = fromLocal({ date, minutes }, cal.timeZone);
    if (at.getTime() <= now.getTime()) return at;
  }
  return null;
}

/** When the owner is told and the revision starts: `noticeMonths` before the revision date, at the start of that working day. */
export function revisionNotice(def: ProcedureDefinition, cal: WorkingCalendar): Date | null {
  if (!def.revisionDate || !def.revision) return null;
  const day = addMonths(def.revisionDate, -def.revision.noticeMonths);
  return startOfWorkingDay(cal, nextWorkingDay(cal, day));
}

/**
 * Past its revision date a definition is « expirée »: still usable, not archived (the ministry's
 * §7). `today` is the organisation's local date.
 */
export function isExpired(
  def: Pick<ProcedureDefinition, "revisionDate" | "status">,
  today: LocalDate,
): boolean {
  return def.status === "expired" || (def.revisionDate !== undefined && def.revisionDate < today);
}
