import { describe, expect, it } from "vitest";
import { calendarFor } from "./workingCalendar.js";
import { isWorkingDay } from "./workingDay.js";

describe("calendarFor", () => {
  it("gives Côte d'Ivoire two sessions a day in Abidjan time, Monday to Friday", () => {
    const ci = calendarFor("CI");
    expect(ci).toMatchObject({
      code: "CI",
      timeZone: "Africa/Abidjan",
      workingDays: [1, 2, 3, 4, 5],
      workingHours: [
        { start: "07:30", end: "12:00" },
        { start: "14:30", end: "16:30" },
      ],
      closures: [],
    });
  });

  it("gives Morocco a continuous day in Casablanca time", () => {
    const ma = calendarFor("MA");
    expect(ma.timeZone).toBe("Africa/Casablanca");
    expect(ma.workingHours).toEqual([{ start: "08:30", end: "16:30" }]);
  });

  it("loads the holidays of 2024 to 2030 by default, or of the years asked for", () => {
    const years = new Set(calendarFor("CI").holidays.map((h) => h.date.slice(0, 4)));
    expect([...years].sort()).toEqual(["2024", "2025", "2026", "2027", "2028", "2029", "2030"]);
    const only2031 = calendarFor("CI", { years: [2031] });
    expect(only2031.holidays.every((h) => h.date.startsWith("2031-"))).toBe(true);
  });

  it("takes the administration's own hours, in order", () => {
    const cal = calendarFor("CI", {
      workingHours: [
        { start: "14:00", end: "17:00" },
        { start: "08:00", end: "12:00" },
      ],
    });
    expect(cal.workingHours.map((p) => p.start)).toEqual(["08:00", "14:00"]);
  });

  it("refuses working hours that are empty, inverted, overlapping or malformed", () => {
    expect(() => calendarFor("CI", { workingHours: [] })).toThrow(RangeError);
    expect(() => calendarFor("CI", { workingHours: [{ start: "12:00", end: "08:00" }] })).toThrow(RangeError);
    expect(() =>
      calendarFor("CI", {
        workingHours: [
          { start: "08:00", end: "12:00" },
          { start: "11:00", end: "15:00" },
        ],
      }),
    ).toThrow(RangeError);
    expect(() => calendarFor("CI", { workingHours: [{ start: "8h", end: "12:00" }] })).toThrow(RangeError);
  });

  it("refuses closures that end before they start or name impossible dates", () => {
    expect(() =>
      calendarFor("CI", { closures: [{ from: "2026-03-05", to: "2026-03-04", label: "x" }] }),
    ).toThrow(RangeError);
    expect(() =>
      calendarFor("CI", { closures: [{ from: "2026-02-30", to: "2026-03-04", label: "x" }] }),
    ).toThrow(RangeError);
  });
});

describe("isWorkingDay", () => {
  const ci = calendarFor("CI", { closures: [{ from: "2026-12-28", to: "2026-12-30", label: "Inventaire" }] });

  it("is true on an ordinary weekday", () => {
    expect(isWorkingDay(ci, "2026-08-06")).toBe(true);
  });

  it("is false on weekends and public holidays", () => {
    expect(isWorkingDay(ci, "2026-08-08")).toBe(false);
    expect(isWorkingDay(ci, "2026-08-09")).toBe(false);
    expect(isWorkingDay(ci, "2026-08-07")).toBe(false);
  });

  it("is false on both ends of a closure and true just after it", () => {
    expect(isWorkingDay(ci, "2026-12-28")).toBe(false);
    expect(isWorkingDay(ci, "2026-12-30")).toBe(false);
    expect(isWorkingDay(ci, "2026-12-31")).toBe(true);
    expect(isWorkingDay(calendarFor("CI"), "2026-12-28")).toBe(true);
  });
});
