import { describe, expect, it } from "vitest";
import { valuesMaking } from "../definition/coveragePaths.js";
import type { Condition } from "../definition/schema.js";
import { evaluate } from "./conditions.js";

const workstation: Condition = {
  all: [
    { field: "os_version", gte: 10 },
    { field: "ram_go", gte: 4 },
  ],
};

describe("rule conditions", () => {
  it("holds for a workstation with Windows 10 and 4 GB, and not with 2 GB", () => {
    expect(evaluate(workstation, { os_version: 10, ram_go: 4 })).toBe(true);
    expect(evaluate(workstation, { os_version: 11, ram_go: 2 })).toBe(false);
    expect(evaluate(workstation, { os_version: 7, ram_go: 16 })).toBe(false);
  });

  it("never holds on a missing or non-numeric value", () => {
    expect(evaluate(workstation, { os_version: 10 })).toBe(false);
    expect(evaluate(workstation, { os_version: "dix", ram_go: 8 })).toBe(false);
  });

  it("combines any, not, equals and in", () => {
    const c: Condition = {
      any: [{ field: "type", equals: "creation" }, { not: { field: "n", in: [1, 2] } }],
    };
    expect(evaluate(c, { type: "creation", n: 1 })).toBe(true);
    expect(evaluate(c, { type: "modification", n: 3 })).toBe(true);
    expect(evaluate(c, { type: "modification", n: 2 })).toBe(false);
  });

  it("finds values that make a condition come out either way", () => {
    for (const want of [true, false]) {
      expect(evaluate(workstation, valuesMaking(workstation, want))).toBe(want);
      const c: Condition = { any: [{ field: "a", lt: 3 }, { not: { field: "b", equals: "x" } }] };
      expect(evaluate(c, valuesMaking(c, want))).toBe(want);
    }
  });
});
