/** A calendar date with no time and no zone, written "YYYY-MM-DD". Arithmetic is done in UTC. */
export type LocalDate = string;

function toUtc(date: LocalDate): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

function fromUtc(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function localDate(year: number, month: number, day: number): LocalDate {
  return fromUtc(Date.UTC(year, month - 1, day));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtc(toUtc(date) + days * 86_400_000);
}

/** Calendar months later, clamped to the month's last day (31 Jan + 1 month = 28 or 29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split("-").map(Number);
  const firstOfTarget = new Date(Date.UTC(y!, m! - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0),
  ).getUTCDate();
  return localDate(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, Math.min(d!, lastDay));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const day = new Date(toUtc(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
}
