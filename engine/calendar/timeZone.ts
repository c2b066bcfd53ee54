import type { LocalDate } from "./localDate.js";

/** Wall-clock date and minute of the day in a time zone. */
export interface LocalTime {
  date: LocalDate;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(instant: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return out;
}

/** Minutes to add to UTC to get the zone's wall clock at that instant. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

export function toLocal(instant: Date, timeZone: string): LocalTime {
  const p = parts(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${p.year}-${pad(p.month!)}-${pad(p.day!)}`,
    minutes: p.hour! * 60 + p.minute! + p.second! / 60,
  };
}

/**
 * The instant a wall-clock time names in a zone. The offset is guessed, then corrected once with
 * the offset in force at the guess, which settles it even across a change of offset
 * (Casablanca moves its clock around Ramadan).
 */
export function fromLocal(local: LocalTime, timeZone: string): Date {
  const [y, m, d] = local.date.split("-").map(Number);
  const naive = Date.UTC(y!, m! - 1, d!) + Math.round(local.minutes * 60_000);
  let guess = naive - offsetMinutes(new Date(naive), timeZone) * 60_000;
  guess = naive - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}
