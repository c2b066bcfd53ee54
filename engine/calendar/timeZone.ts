import type { LocalDate } from "./localDate.js";

/** A wall-clock reading in some zone: the local date and the minutes since local midnight. */
export interface LocalTime {
  date: LocalDate;
  /** May be fractional: seconds and milliseconds survive a round trip. */
  minutes: number;
}

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

// Building a formatter is costly and due-date loops convert many instants: one per zone is enough.
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

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const clock: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type in clock) clock[part.type as keyof WallClock] = Number(part.value);
  }
  return clock;
}

/** Minutes to add to UTC to read the zone's wall clock at that instant (60 for UTC+1). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const c = wallClock(instant, timeZone);
  const wallAsUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallAsUtc - wholeSeconds) / MINUTE_MS);
}

export function toLocal(instant: Date, timeZone: string): LocalTime {
  const c = wallClock(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  const millis = ((instant.getTime() % 1000) + 1000) % 1000;
  return {
    date: `${String(c.year).padStart(4, "0")}-${pad(c.month)}-${pad(c.day)}`,
    minutes: c.hour * 60 + c.minute + (c.second + millis / 1000) / 60,
  };
}

/**
 * The instant a wall-clock time names in a zone. The offset is unknown until the instant is, so
 * it is guessed and corrected until it names the wall clock asked for. Two starting guesses (the
 * offsets a day before and a day after) find both readings of a time the clock shows twice, when
 * Casablanca falls back before Ramadan; the earlier is kept. A time the clock skips, when it
 * springs forward after Ramadan, is read with the offset before the jump, so lands just after it.
 */
export function fromLocal(local: LocalTime, timeZone: string): Date {
  const [y, m, d] = local.date.split("-").map(Number) as [number, number, number];
  const wallAsUtc = new Date(0).setUTCFullYear(y, m - 1, d) + Math.round(local.minutes * MINUTE_MS);
  const offsetBefore = offsetMinutes(new Date(wallAsUtc - 86_400_000), timeZone);
  const offsetAfter = offsetMinutes(new Date(wallAsUtc + 86_400_000), timeZone);
  const readings = [offsetBefore, offsetAfter]
    .map((guess) => settle(wallAsUtc, guess, timeZone))
    .filter((instant): instant is number => instant !== null);
  if (readings.length > 0) return new Date(Math.min(...readings));
  return new Date(wallAsUtc - offsetBefore * MINUTE_MS);
}

/** The instant reached by correcting the offset from `guess`, or null if it never names `wallAsUtc`. */
function settle(wallAsUtc: number, guess: number, timeZone: string): number | null {
  let offset = guess;
  // A zone changes offset at most once around a given time, so two corrections settle any real one.
  for (let i = 0; i < 3; i++) {
    const instant = wallAsUtc - offset * MINUTE_MS;
    const actual = offsetMinutes(new Date(instant), timeZone);
    if (actual === offset) return instant;
    offset = actual;
  }
  return null;
}
