import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "./handler.js";

describe("the delay before a failed job's next attempt", () => {
  it("doubles from the job's base delay at each attempt, and never exceeds an hour", () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds({}, n))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds({ backoffSeconds: 5 }, 2)).toBe(10);
    expect(retryDelaySeconds({}, 20)).toBe(3600);
  });
});
