import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { coveragePaths } from "../../engine/definition/coveragePaths.js";
import { proceduresFolder } from "../../server/paths.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { walkPath } from "../support/walker.js";

const catalog = loadCatalog([proceduresFolder()]);

describe("every procedure of the catalog runs through the API", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("has a catalog without problems", () => {
    expect(catalog.problems).toEqual([]);
  });

  describe.each(catalog.definitions.map((e) => [e.definition.id, e.definition] as const))(
    "%s",
    (_id, def) => {
      const paths = coveragePaths(def);

      it("has a path to an end and takes every decision outcome", () => {
        const outcomes = def.steps.flatMap((s) => (s.decision?.outcomes ?? []).map((o) => `${s.id}:${o.id}`));
        const taken = new Set(paths.flatMap((p) => p.moves.map((m) => `${m.stepId}:${m.outcomeId}`)));
        expect(paths.length).toBeGreaterThan(0);
        expect(outcomes.filter((o) => !taken.has(o))).toEqual([]);
      });

      it.each(
        paths.map((p) => [p.covers ? `${p.covers.stepId} → ${p.covers.outcomeId}` : "main path", p] as const),
      )("walks %s to its end", async (_label, path) => {
        await walkPath(t, def, path);
      });
    },
  );
});
