import { describe, expect, it } from "vitest";
import { fromLocal, offsetMinutes, toLocal } from "./timeZone.js";

const CASABLANCA = "Africa/Casablanca";

describe("time zones", () => {
  it("reads Abidjan as UTC all year", () => {
    expect(offsetMinutes(new Date("2026-01-15T12:00:00Z"), "Africa/Abidjan")).toBe(0);
    expect(offsetMinutes(new Date("2026-07-15T12:00:00Z"), "Africa/Abidjan")).toBe(0);
  });

  it("reads Casablanca as UTC+1, except UTC+0 during Ramadan", () => {
    // In 2026 the clock goes back on Sunday 15 February and forward on Sunday 22 March.
    expect(toLocal(new Date("2026-02-10T09:00:00Z"), CASABLANCA)).toEqual({
      date: "2026-02-10",
      minutes: 600,
    });
    expect(toLocal(new Date("2026-03-01T09:00:00Z"), CASABLANCA)).toEqual({
      date: "2026-03-01",
      minutes: 540,
    });
    expect(toLocal(new Date("2026-04-01T09:00:00Z"), CASABLANCA)).toEqual({
      date: "2026-04-01",
      minutes: 600,
    });
  });

  it("takes the local date, not the UTC one, near midnight", () => {
    const instant = new Date("2026-06-01T23:30:00Z");
    expect(toLocal(instant, CASABLANCA).date).toBe("2026-06-02");
    expect(toLocal(instant, "Africa/Abidjan").date).toBe("2026-06-01");
  });

  it("turns a wall-clock time back into the instant, with the offset in force that day", () => {
    expect(fromLocal({ date: "2026-03-01", minutes: 510 }, CASABLANCA).toISOString()).toBe(
      "2026-03-01T08:30:00.000Z",
    );
    expect(fromLocal({ date: "2026-04-01", minutes: 510 }, CASABLANCA).toISOString()).toBe(
      "2026-04-01T07:30:00.000Z",
    );
  });

  it("round-trips instants either side of both Ramadan changes, to the millisecond", () => {
    // Only the hour shown twice on 15 February cannot round-trip: its second occurrence is left out.
    for (const iso of [
      "2026-02-15T01:59:59.999Z",
      "2026-02-15T03:00:00.000Z",
      "2026-03-01T09:00:00.123Z",
      "2026-03-22T01:59:59.999Z",
      "2026-03-22T02:00:00.000Z",
      "2026-04-01T09:00:00.000Z",
    ]) {
      const instant = new Date(iso);
      expect(fromLocal(toLocal(instant, CASABLANCA), CASABLANCA).toISOString()).toBe(iso);
    }
  });

  it("reads a time shown twice when the clock falls back as its first occurrence", () => {
    // 02:30 on 15 February 2026 happens at 01:30 UTC (UTC+1), then again at 02:30 UTC (UTC+0).
    expect(fromLocal({ date: "2026-02-15", minutes: 150 }, CASABLANCA).toISOString()).toBe(
      "2026-02-15T01:30:00.000Z",
    );
  });

  it("moves a time skipped when the clock springs forward to just after the jump", () => {
    // 02:30 on 22 March 2026 never shows: the clock jumps from 02:00 to 03:00, so it lands at 03:30.
    const instant = fromLocal({ date: "2026-03-22", minutes: 150 }, CASABLANCA);
    expect(instant.toISOString()).toBe("2026-03-22T02:30:00.000Z");
    expect(toLocal(instant, CASABLANCA).minutes).toBe(210);
  });
});
