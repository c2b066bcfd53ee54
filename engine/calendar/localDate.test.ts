import { describe, expect, it } from "vitest";
import { addDays, addMonths, compareDates, isLocalDate, isoWeekday, localDate } from "./localDate.js";

describe("local dates", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("clamps months to the last day of a shorter month", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonths("2026-08-31", 18)).toBe("2028-02-29");
  });

  it("numbers weekdays the ISO way, Monday 1 to Sunday 7", () => {
    expect(isoWeekday("2026-03-02")).toBe(1);
    expect(isoWeekday("2026-03-07")).toBe(6);
    expect(isoWeekday("2026-03-08")).toBe(7);
  });

  it("rolls over out-of-range parts when building a date", () => {
    expect(localDate(2026, 13, 1)).toBe("2027-01-01");
    expect(localDate(2026, 3, 0)).toBe("2026-02-28");
  });

  it("compares dates and refuses impossible ones", () => {
    expect(compareDates("2026-03-02", "2026-12-01")).toBe(-1);
    expect(compareDates("2026-03-02", "2026-03-02")).toBe(0);
    expect(isLocalDate("2026-02-28")).toBe(true);
    expect(isLocalDate("2026-02-30")).toBe(false);
    expect(isLocalDate("2026-3-2")).toBe(false);
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });
});
