import { describe, expect, it } from "vitest";
import { easterSunday } from "./easter.js";

describe("easterSunday", () => {
  it.each([
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2030, "2030-04-21"],
  ])("puts Easter %i on %s", (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it("reaches the earliest and latest possible dates (22 March, 25 April)", () => {
    expect(easterSunday(2285)).toBe("2285-03-22");
    expect(easterSunday(2038)).toBe("2038-04-25");
  });
});
