/**
 * A calendar date with no time and no zone, written "YYYY-MM-DD". Strings rather than objects so
 * that dates compare with `<` and serialise as they are; arithmetic goes through UTC midnight,
 * where no day is ever 23 or 25 hours long.
 */
export type LocalDate = string;

const DAY_MS = 86_400_000;
const shape = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(date: LocalDate): number {
  const match = shape.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  // Date.UTC silently rolls "2026-02-30" into March; a typo in a closure must not move it.
  if (fromUtc(ms) !== date) throw new RangeError(`no such date: ${date}`);
  return ms;
}

function fromUtc(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isLocalDate(value: string): boolean {
  try {
    toUtc(value);
    return true;
  } catch {
    return false;
  }
}

/** Out-of-range parts roll over (month 13 is next January), which the month arithmetic relies on. */
export function localDate(year: number, month: number, day: number): LocalDate {
  const ms = new Date(0).setUTCFullYear(year, month - 1, day);
  return fromUtc(ms);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Calendar months later, clamped to the month's last day (31 Jan + 1 month = 28 or 29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const start = new Date(toUtc(date));
  const day = start.getUTCDate();
  const firstOfTarget = localDate(start.getUTCFullYear(), start.getUTCMonth() + 1 + months, 1);
  const [year, month] = firstOfTarget.split("-").map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return localDate(year, month, Math.min(day, lastDay));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const day = new Date(toUtc(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Negative, zero or positive, for sorting; validates both sides, unlike a bare string comparison. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return Math.sign(toUtc(a) - toUtc(b));
}
