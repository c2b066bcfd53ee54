import { describe, expect, it } from "vitest";
import { currentPeriod } from "./schedules.js";

describe("a schedule's current period", () => {
  it("reads the cron expression in the organisation's time zone", () => {
    const now = new Date("2026-06-10T01:30:00Z");
    // 02:00 in Rabat (UTC+1 in June) has passed; 02:00 in Abidjan (UTC+0) has not.
    expect(currentPeriod("0 2 * * *", "Africa/Casablanca", now)).toEqual(new Date("2026-06-10T01:00:00Z"));
    expect(currentPeriod("0 2 * * *", "Africa/Abidjan", now)).toEqual(new Date("2026-06-09T02:00:00Z"));
  });

  it("counts a time reached exactly as reached", () => {
    const at = new Date("2026-06-10T02:00:00Z");
    expect(currentPeriod("0 2 * * *", "UTC", at)).toEqual(at);
    expect(currentPeriod("0 2 * * *", "UTC", new Date(at.getTime() - 1))).toEqual(
      new Date("2026-06-09T02:00:00Z"),
    );
  });
});
