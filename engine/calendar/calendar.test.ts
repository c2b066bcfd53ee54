import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  addCalendarDays,
  addCalendarMonths,
  addWorkingHours,
  businessDaysBetween,
  calendarFor,
  computeDueDate,
  easterSunday,
  holidaysFor,
  isLate,
  isWorkingDay,
} from "./index.js";
import { fromLocal, toLocal } from "./timeZone.js";

const ci = calendarFor("CI");
const ma = calendarFor("MA");

describe("Easter and the holidays computed from it", () => {
  it.each([
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2030, "2030-04-21"],
  ])("puts Easter %i on %s", (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it("gives Côte d'Ivoire Easter Monday, Ascension and Whit Monday in 2026", () => {
    const dates = holidaysFor("CI", 2026).map((h) => h.date);
    expect(dates).toEqual(expect.arrayContaining(["2026-04-06", "2026-05-14", "2026-05-25", "2026-08-07"]));
  });

  it("gives Morocco its national days and two-day Eids, and no Easter holiday", () => {
    const holidays = holidaysFor("MA", 2026);
    const dates = holidays.map((h) => h.date);
    expect(dates).toEqual(
      expect.arrayContaining(["2026-01-11", "2026-07-30", "2026-11-18", "2026-03-20", "2026-03-21"]),
    );
    expect(dates).not.toContain("2026-04-06");
    expect(holidays.every((h) => h.name.fr.length > 0 && h.name.en.length > 0)).toBe(true);
  });
});

describe("working days", () => {
  it("excludes weekends, public holidays and the administration's closures", () => {
    expect(isWorkingDay(ci, "2026-08-06")).toBe(true);
    expect(isWorkingDay(ci, "2026-08-07")).toBe(false);
    expect(isWorkingDay(ci, "2026-08-08")).toBe(false);
    const closed = calendarFor("CI", {
      closures: [{ from: "2026-12-28", to: "2026-12-31", label: "Inventaire" }],
    });
    expect(isWorkingDay(closed, "2026-12-29")).toBe(false);
    expect(isWorkingDay(ci, "2026-12-29")).toBe(true);
  });
});

describe("due dates in business days", () => {
  it("does not count the start day and lands at the end of the working day", () => {
    // Monday 2 March 2026, 09:00 → Wednesday 4 March, 16:30 in Abidjan (UTC+0).
    expect(addBusinessDays(ci, new Date("2026-03-02T09:00:00Z"), 2).toISOString()).toBe(
      "2026-03-04T16:30:00.000Z",
    );
  });

  it("skips a weekend: Friday + 2 is Tuesday", () => {
    expect(addBusinessDays(ci, new Date("2026-03-06T15:00:00Z"), 2).toISOString()).toBe(
      "2026-03-10T16:30:00.000Z",
    );
  });

  it("skips a holiday: Thursday 6 August + 1 is Monday 10 August (7 August is Independence Day)", () => {
    expect(addBusinessDays(ci, new Date("2026-08-06T10:00:00Z"), 1).toISOString()).toBe(
      "2026-08-10T16:30:00.000Z",
    );
  });

  it("crosses the year end: Christmas on Friday and New Year on Friday", () => {
    // Thursday 24 Dec 2026 + 5 business days: 28, 29, 30, 31 Dec, (1 Jan holiday), 4 Jan.
    expect(addBusinessDays(ci, new Date("2026-12-24T10:00:00Z"), 5).toISOString()).toBe(
      "2027-01-04T16:30:00.000Z",
    );
  });

  it("skips the administration's closures", () => {
    const closed = calendarFor("CI", {
      closures: [{ from: "2026-03-03", to: "2026-03-04", label: "Séminaire" }],
    });
    expect(addBusinessDays(closed, new Date("2026-03-02T09:00:00Z"), 2).toISOString()).toBe(
      "2026-03-06T16:30:00.000Z",
    );
  });

  it("ends the day in Casablanca's local time", () => {
    // Casablanca is UTC+1 outside Ramadan: 16:30 local is 15:30 UTC.
    expect(addBusinessDays(ma, new Date("2026-06-01T09:00:00Z"), 1).toISOString()).toBe(
      "2026-06-02T15:30:00.000Z",
    );
  });
});

describe("due dates in working hours", () => {
  it("skips the lunch break", () => {
    // 11:00 + 2 working hours: 1 h until 12:00, then 14:30 → 15:30.
    expect(addWorkingHours(ci, new Date("2026-03-02T11:00:00Z"), 2).toISOString()).toBe(
      "2026-03-02T15:30:00.000Z",
    );
  });

  it("carries over the night and the weekend", () => {
    // Friday 16:00 + 1 h: 30 min on Friday, 30 min on Monday from 07:30.
    expect(addWorkingHours(ci, new Date("2026-03-06T16:00:00Z"), 1).toISOString()).toBe(
      "2026-03-09T08:00:00.000Z",
    );
  });

  it("starts at the next working period when started out of hours", () => {
    expect(addWorkingHours(ci, new Date("2026-03-07T10:00:00Z"), 0.5).toISOString()).toBe(
      "2026-03-09T08:00:00.000Z",
    );
  });
});

describe("due dates in calendar days and months", () => {
  it("clamps to the end of a shorter month and moves off a weekend", () => {
    // 31 Jan 2026 + 1 month = Saturday 28 Feb → Monday 2 March.
    expect(addCalendarMonths(ci, new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe(
      "2026-03-02T16:30:00.000Z",
    );
    expect(addCalendarMonths(ci, new Date("2026-03-02T10:00:00Z"), 6).toISOString()).toBe(
      "2026-09-02T16:30:00.000Z",
    );
  });

  it("counts calendar days, weekends included", () => {
    expect(addCalendarDays(ci, new Date("2026-03-02T10:00:00Z"), 10).toISOString()).toBe(
      "2026-03-12T16:30:00.000Z",
    );
  });

  it("leaves a délai set when acting without a due date", () => {
    expect(computeDueDate(ci, { setWhenActing: true }, new Date("2026-03-02T10:00:00Z"))).toBeNull();
    expect(computeDueDate(ci, { businessDays: 1 }, new Date("2026-03-02T10:00:00Z"))?.toISOString()).toBe(
      "2026-03-03T16:30:00.000Z",
    );
  });
});

describe("measuring durations", () => {
  it("counts working days elapsed across a weekend and a holiday", () => {
    expect(businessDaysBetween(ci, new Date("2026-08-05T10:00:00Z"), new Date("2026-08-11T10:00:00Z"))).toBe(
      3,
    );
  });

  it("judges lateness against the due date", () => {
    const due = new Date("2026-03-04T16:30:00Z");
    expect(isLate(due, new Date("2026-03-04T16:29:00Z"))).toBe(false);
    expect(isLate(due, new Date("2026-03-04T16:31:00Z"))).toBe(true);
    expect(isLate(null, new Date("2030-01-01T00:00:00Z"))).toBe(false);
  });
});

describe("time zones", () => {
  it("round-trips wall-clock times in Casablanca across the Ramadan change of offset", () => {
    // Morocco moves to UTC+0 during Ramadan 2026 (about 15 February – 22 March) and back to UTC+1.
    for (const iso of ["2026-02-10T09:00:00Z", "2026-03-01T09:00:00Z", "2026-04-01T09:00:00Z"]) {
      const instant = new Date(iso);
      expect(fromLocal(toLocal(instant, "Africa/Casablanca"), "Africa/Casablanca").toISOString()).toBe(
        instant.toISOString(),
      );
    }
    expect(toLocal(new Date("2026-04-01T09:00:00Z"), "Africa/Casablanca").minutes).toBe(600);
  });
});
