import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { coveragePaths } from "../../engine/definition/coveragePaths.js";
import { findUserById } from "../../server/db/queries/orgChart.js";
import { cases } from "../../server/db/schema.js";
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

  it("cancels the integration (Q) a project (I) waits for when the project is cancelled", async () => {
    const projects = catalog.definitions.find(
      (e) => e.definition.id === "douanes-i-gestion-projets",
    )!.definition;
    const main = coveragePaths(projects).find((p) => p.covers === null)!;
    const waiting = await walkPath(t, projects, main, {}, "demande-integration-production");
    expect(waiting.status).toBe("active");
    const [called] = await t.database.db
      .select()
      .from(cases)
      .where(
        and(eq(cases.parentCaseId, waiting.id), eq(cases.procedureId, "douanes-q-integration-sources-sydam")),
      );
    expect(called?.status).toBe("active");
    const requester = (await findUserById(t.database.db, (await caseRow(waiting.id)).requesterId!))!
      .matricule;
    const cancelled = await t.as(requester).post(`/api/cases/${waiting.id}/actions`, {
      type: "cancel",
      reason: "Projet abandonné",
      expectedVersion: waiting.version,
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect((await caseRow(called!.id)).status).toBe("cancelled");
  });

  const caseRow = async (id: string) =>
    (await t.database.db.select().from(cases).where(eq(cases.id, id)))[0]!;

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
