import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  addCalendarDays,
  addCalendarMonths,
  addWorkingHours,
  businessDaysBetween,
  computeDueDate,
  isLate,
} from "./deadlines.js";
import { calendarFor } from "./workingCalendar.js";

// Abidjan is UTC+0 all year, so local and UTC times read the same in the Ivorian cases.
const ci = calendarFor("CI");
const ma = calendarFor("MA");
const iso = (d: Date | null) => d?.toISOString();

describe("addBusinessDays", () => {
  it("does not count the start day and lands at the end of the working day", () => {
    expect(iso(addBusinessDays(ci, new Date("2026-03-02T09:00:00Z"), 2))).toBe("2026-03-04T16:30:00.000Z");
  });

  it("skips a weekend: Friday + 2 is Tuesday", () => {
    expect(iso(addBusinessDays(ci, new Date("2026-03-06T15:00:00Z"), 2))).toBe("2026-03-10T16:30:00.000Z");
  });

  it("treats a start on a weekend like a start on the Friday before", () => {
    const fromFriday = iso(addBusinessDays(ci, new Date("2026-03-06T10:00:00Z"), 1));
    expect(iso(addBusinessDays(ci, new Date("2026-03-07T10:00:00Z"), 1))).toBe(fromFriday);
    expect(iso(addBusinessDays(ci, new Date("2026-03-08T10:00:00Z"), 1))).toBe(fromFriday);
    expect(fromFriday).toBe("2026-03-09T16:30:00.000Z");
  });

  it("skips a Monday holiday: Friday + 2 before Easter Monday is Wednesday", () => {
    expect(iso(addBusinessDays(ci, new Date("2026-04-03T10:00:00Z"), 2))).toBe("2026-04-08T16:30:00.000Z");
  });

  it("skips Independence Day: Thursday 6 August + 1 is Monday 10 August", () => {
    expect(iso(addBusinessDays(ci, new Date("2026-08-06T10:00:00Z"), 1))).toBe("2026-08-10T16:30:00.000Z");
  });

  it("crosses the year end over Christmas and New Year, both on a Friday in 2026", () => {
    expect(iso(addBusinessDays(ci, new Date("2026-12-24T10:00:00Z"), 1))).toBe("2026-12-28T16:30:00.000Z");
    expect(iso(addBusinessDays(ci, new Date("2026-12-31T10:00:00Z"), 1))).toBe("2027-01-04T16:30:00.000Z");
    // 28, 29, 30, 31 December, then 4 January.
    expect(iso(addBusinessDays(ci, new Date("2026-12-24T10:00:00Z"), 5))).toBe("2027-01-04T16:30:00.000Z");
  });

  it("skips the administration's closures", () => {
    const closed = calendarFor("CI", {
      closures: [{ from: "2026-03-03", to: "2026-03-04", label: "Séminaire" }],
    });
    expect(iso(addBusinessDays(closed, new Date("2026-03-02T09:00:00Z"), 2))).toBe(
      "2026-03-06T16:30:00.000Z",
    );
  });

  it("ends the day in Casablanca's local time, whichever offset is in force", () => {
    // UTC+1 in June: 16:30 local is 15:30 UTC.
    expect(iso(addBusinessDays(ma, new Date("2026-06-01T09:00:00Z"), 1))).toBe("2026-06-02T15:30:00.000Z");
    // UTC+0 during Ramadan 2026.
    expect(iso(addBusinessDays(ma, new Date("2026-03-02T09:00:00Z"), 1))).toBe("2026-03-03T16:30:00.000Z");
    // From Thursday 19 March: Friday 20 counts, the Eid takes Saturday and Sunday, the clock moves
    // forward on Sunday 22, and Monday 23 ends at 16:30 UTC+1.
    expect(iso(addBusinessDays(ma, new Date("2026-03-19T09:00:00Z"), 2))).toBe("2026-03-23T15:30:00.000Z");
  });

  it("takes the start day in local time: 00:30 in Casablanca is already the next day", () => {
    expect(iso(addBusinessDays(ma, new Date("2026-06-01T23:30:00Z"), 1))).toBe("2026-06-03T15:30:00.000Z");
  });

  it("reads zero days as the end of the start day, or of the next working day", () => {
    expect(iso(addBusinessDays(ci, new Date("2026-03-02T09:00:00Z"), 0))).toBe("2026-03-02T16:30:00.000Z");
    expect(iso(addBusinessDays(ci, new Date("2026-03-07T09:00:00Z"), 0))).toBe("2026-03-09T16:30:00.000Z");
  });

  it("refuses negative or fractional counts", () => {
    expect(() => addBusinessDays(ci, new Date("2026-03-02T09:00:00Z"), -1)).toThrow(RangeError);
    expect(() => addBusinessDays(ci, new Date("2026-03-02T09:00:00Z"), 1.5)).toThrow(RangeError);
  });
});

describe("addWorkingHours", () => {
  it("skips the lunch break", () => {
    // 11:00 + 2 h: 1 h until 12:00, then 14:30 → 15:30.
    expect(iso(addWorkingHours(ci, new Date("2026-03-02T11:00:00Z"), 2))).toBe("2026-03-02T15:30:00.000Z");
  });

  it("ends at the close of a session rather than at the start of the next", () => {
    expect(iso(addWorkingHours(ci, new Date("2026-03-02T11:00:00Z"), 1))).toBe("2026-03-02T12:00:00.000Z");
  });

  it("starts after lunch when started during it", () => {
    expect(iso(addWorkingHours(ci, new Date("2026-03-02T13:00:00Z"), 1))).toBe("2026-03-02T15:30:00.000Z");
  });

  it("carries over the night", () => {
    // Monday 16:00 + 1 h: 30 min on Monday, 30 min on Tuesday from 07:30.
    expect(iso(addWorkingHours(ci, new Date("2026-03-02T16:00:00Z"), 1))).toBe("2026-03-03T08:00:00.000Z");
  });

  it("carries over the weekend", () => {
    expect(iso(addWorkingHours(ci, new Date("2026-03-06T16:00:00Z"), 1))).toBe("2026-03-09T08:00:00.000Z");
  });

  it("carries over a holiday", () => {
    expect(iso(addWorkingHours(ci, new Date("2026-08-06T16:00:00Z"), 1))).toBe("2026-08-10T08:00:00.000Z");
  });

  it("starts at the next working period when started out of hours", () => {
    expect(iso(addWorkingHours(ci, new Date("2026-03-07T10:00:00Z"), 0.5))).toBe("2026-03-09T08:00:00.000Z");
    expect(iso(addWorkingHours(ci, new Date("2026-03-02T05:00:00Z"), 0.5))).toBe("2026-03-02T08:00:00.000Z");
  });

  it("spans several days of a continuous Moroccan day", () => {
    // Monday 08:30 local (07:30 UTC): 8 h fill the day, the 9th ends Tuesday 09:30 local.
    expect(iso(addWorkingHours(ma, new Date("2026-06-01T07:30:00Z"), 8))).toBe("2026-06-01T15:30:00.000Z");
    expect(iso(addWorkingHours(ma, new Date("2026-06-01T07:30:00Z"), 9))).toBe("2026-06-02T08:30:00.000Z");
  });
});

describe("addCalendarDays and addCalendarMonths", () => {
  it("counts calendar days, weekends included", () => {
    expect(iso(addCalendarDays(ci, new Date("2026-03-02T10:00:00Z"), 10))).toBe("2026-03-12T16:30:00.000Z");
  });

  it("moves a due date that falls on a holiday to the next working day", () => {
    // 28 July + 10 days is Friday 7 August, Independence Day.
    expect(iso(addCalendarDays(ci, new Date("2026-07-28T10:00:00Z"), 10))).toBe("2026-08-10T16:30:00.000Z");
  });

  it("clamps to the end of a shorter month and moves off a weekend", () => {
    // 31 January 2026 + 1 month = Saturday 28 February → Monday 2 March.
    expect(iso(addCalendarMonths(ci, new Date("2026-01-31T10:00:00Z"), 1))).toBe("2026-03-02T16:30:00.000Z");
    // 2028 is a leap year: Tuesday 29 February.
    expect(iso(addCalendarMonths(ci, new Date("2028-01-31T10:00:00Z"), 1))).toBe("2028-02-29T16:30:00.000Z");
  });

  it("keeps the day of the month when it exists", () => {
    expect(iso(addCalendarMonths(ci, new Date("2026-03-02T10:00:00Z"), 6))).toBe("2026-09-02T16:30:00.000Z");
  });
});

describe("computeDueDate", () => {
  const start = new Date("2026-03-02T10:00:00Z");

  it("dispatches each kind of délai", () => {
    expect(iso(computeDueDate(ci, { businessDays: 1 }, start))).toBe("2026-03-03T16:30:00.000Z");
    expect(iso(computeDueDate(ci, { hours: 3 }, start))).toBe("2026-03-02T15:30:00.000Z");
    expect(iso(computeDueDate(ci, { calendarDays: 10 }, start))).toBe("2026-03-12T16:30:00.000Z");
    expect(iso(computeDueDate(ci, { months: 1 }, start))).toBe("2026-04-02T16:30:00.000Z");
  });

  it("leaves the due date to the actor when the délai is set when acting", () => {
    expect(computeDueDate(ci, { setWhenActing: true }, start)).toBeNull();
  });
});

describe("businessDaysBetween", () => {
  it("counts working days elapsed across a weekend and a holiday", () => {
    // Thursday 6 and Monday 10 and Tuesday 11 August; Friday 7 is Independence Day.
    expect(businessDaysBetween(ci, new Date("2026-08-05T10:00:00Z"), new Date("2026-08-11T10:00:00Z"))).toBe(
      3,
    );
  });

  it("is zero within a day and when the end comes first", () => {
    expect(businessDaysBetween(ci, new Date("2026-03-02T08:00:00Z"), new Date("2026-03-02T16:00:00Z"))).toBe(
      0,
    );
    expect(businessDaysBetween(ci, new Date("2026-03-10T08:00:00Z"), new Date("2026-03-02T16:00:00Z"))).toBe(
      0,
    );
  });

  it("measures exactly the délai of a step done at its due date", () => {
    const start = new Date("2026-12-23T10:00:00Z");
    for (const days of [1, 2, 5, 10, 20]) {
      expect(businessDaysBetween(ci, start, addBusinessDays(ci, start, days))).toBe(days);
    }
  });
});

describe("isLate", () => {
  it("is late only strictly after the due instant, and never without a due date", () => {
    const due = new Date("2026-03-04T16:30:00Z");
    expect(isLate(due, new Date("2026-03-04T16:29:00Z"))).toBe(false);
    expect(isLate(due, new Date("2026-03-04T16:30:00Z"))).toBe(false);
    expect(isLate(due, new Date("2026-03-04T16:31:00Z"))).toBe(true);
    expect(isLate(null, new Date("2030-01-01T00:00:00Z"))).toBe(false);
  });
});
