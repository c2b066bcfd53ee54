import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { rebuildOversight } from "../../server/commands/oversightRebuilder.js";
import {
  readCaseStepInstances,
  readMonthCounts,
  readStepCounts,
} from "../../server/db/queries/oversightReadModel.js";
import { enqueueJob } from "../../server/jobs/queue.js";
import { refreshOversightJob } from "../../server/jobs/refreshOversight.js";
import { jobHandlers } from "../../server/jobs/registry.js";
import { JobRunner } from "../../server/jobs/runner.js";
import { proceduresFolder } from "../../server/paths.js";
import type { Dashboard, Durations } from "../../shared/api/oversight.js";
import { starterOf } from "../support/people.js";
import { completeStep } from "../support/steps.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

const catalog = loadCatalog([proceduresFolder()]);
const def = catalog.definitions.find((d) => d.definition.id === "mffe-courrier-interne")!
  .definition as ProcedureDefinition;

/**
 * The oversight read model follows a walk of « courrier interne » whose every act happens at a
 * moment the test sets (Abidjan, UTC+0, a Monday-to-Friday calendar): the working days of each
 * step, the NON loop taken once, the registration step going late two working days after it
 * opened, and the figures rebuilt from the audit trail equal to those the job kept.
 */
describe("oversight read model: counters and durations kept from the audit trail", {
  timeout: 120_000,
}, () => {
  let t: TestApp;
  let first: CaseView;
  let second: CaseView;
  /** What the read model said on Friday morning, the registration late. */
  let friday: {
    counts: Awaited<ReturnType<typeof counts>>;
    steps: Awaited<ReturnType<typeof readCaseStepInstances>>;
    /** The dashboards of the administrator, the head of the cabinet (the top unit) and the DSI's director. */
    dashboards: Record<"admin" | "cabinet" | "dsi", Dashboard>;
    /** The cases behind the late count and behind the waiting count, as the cabinet's head lists them. */
    lateCases: string[];
    waitingCases: string[];
  };

  const at = (iso: string) => {
    t.clock.advanceSeconds((new Date(iso).getTime() - t.clock.now().getTime()) / 1000);
  };
  const refresh = async () => {
    await enqueueJob(t.database.db, {
      job: refreshOversightJob,
      payload: {},
      runAt: t.clock.now(),
      organisation: "mffe",
    });
    const runner = new JobRunner({ db: t.database.db, handlers: jobHandlers, clock: t.clock.now });
    const report = await runner.runDueJobs(t.clock.now());
    expect(report.dead).toEqual([]);
  };
  const step = async (
    view: CaseView,
    stepId: string,
    when: string,
    options: Parameters<typeof completeStep>[4] = {},
  ) => {
    at(when);
    const done = await completeStep(t, def, view, stepId, options);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return done.body;
  };
  const counts = async () =>
    Object.fromEntries(
      (await readStepCounts(t.database.db, "mffe", def.id)).map((c) => [
        c.stepId,
        { waiting: c.waiting, late: c.late, done: c.done },
      ]),
    );

  beforeAll(async () => {
    t = await createTestApp({ start: new Date("2026-03-02T09:00:00Z") });
    const requester = await starterOf(t.database, def);
    const started = await t.as(requester).post<CaseView>("/api/cases", { procedureId: def.id });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    first = started.body;
    first = await step(first, "demande-acte", "2026-03-02T10:00:00Z", {
      form: { type_acte: "note_service", objet: "Horaires du service" },
    });
    // The job runs between acts: what it keeps must not depend on when it ran.
    await refresh();
    first = await step(first, "redaction", "2026-03-04T10:00:00Z");
    first = await step(first, "appreciation-directeur", "2026-03-05T10:00:00Z", { outcome: "non" });
    await refresh();
    first = await step(first, "redaction", "2026-03-09T10:00:00Z");
    first = await step(first, "appreciation-directeur", "2026-03-09T11:00:00Z", { outcome: "oui" });
    first = await step(first, "transmission", "2026-03-10T10:00:00Z", { outcome: "autre-direction" });
    await refresh();
    at("2026-03-10T15:00:00Z");
    const again = await t.as(requester).post<CaseView>("/api/cases", { procedureId: def.id });
    expect(again.status).toBe(201);
    second = again.body;
    // Friday morning: the registration (due Thursday 16:30, two working days) is late.
    at("2026-03-13T09:00:00Z");
    await refresh();
    const dashboardOf = async (matricule: string) => {
      const response = await t.as(matricule).get<Dashboard>("/api/oversight/dashboard");
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    };
    const listed = async (filters: string) => {
      const response = await t
        .as("MFFE0002")
        .get<{ items: Array<{ registryNumber: string }> }>(`/api/cases?${filters}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.items.map((i) => i.registryNumber);
    };
    friday = {
      counts: await counts(),
      steps: await readCaseStepInstances(t.database.db, "mffe", [first.id]),
      dashboards: {
        admin: await dashboardOf("MFFE0099"),
        cabinet: await dashboardOf("MFFE0002"),
        dsi: await dashboardOf("MFFE0019"),
      },
      lateCases: await listed(`procedureId=${def.id}&step=enregistrement&due=late`),
      waitingCases: await listed(`procedureId=${def.id}&due=onTime`),
    };
    first = await step(first, "enregistrement", "2026-03-16T08:00:00Z", {
      form: { numero_note: "NS-2026-014", date_enregistrement: "2026-03-16" },
    });
    await refresh();
  });
  afterAll(async () => {
    await t.close();
  });

  it("counts each step's instances waiting, late and done", async () => {
    expect(friday.counts).toEqual({
      "demande-acte": { waiting: 1, late: 0, done: 1 },
      redaction: { waiting: 0, late: 0, done: 2 },
      "appreciation-directeur": { waiting: 0, late: 0, done: 2 },
      transmission: { waiting: 0, late: 0, done: 1 },
      enregistrement: { waiting: 0, late: 1, done: 0 },
    });
  });

  it("measures each passage in working days of the organisation's calendar", async () => {
    const rows = friday.steps;
    expect(rows.map((r) => [r.stepId, r.workingDays, r.waitingDays, r.ending, r.outcome, r.onTime])).toEqual([
      ["demande-acte", 0, 0, "completed", null, null],
      // Monday to Wednesday.
      ["redaction", 2, 0, "completed", null, null],
      ["appreciation-directeur", 1, 0, "completed", "non", null],
      // Thursday to Monday: Friday and Monday, not the weekend.
      ["redaction", 2, 0, "completed", null, null],
      ["appreciation-directeur", 0, 0, "completed", "oui", null],
      ["transmission", 1, 0, "completed", "autre-direction", null],
      ["enregistrement", null, 0, null, null, null],
    ]);
    expect(rows.at(-1)!.dueAt?.toISOString()).toBe("2026-03-12T16:30:00.000Z");
  });

  it("shows the organisation what waits where and what is late, a unit's head only his units", async () => {
    const { admin, cabinet, dsi } = friday.dashboards;
    expect(cabinet).toEqual(admin);
    expect(admin.scope).toBe("organisation");
    expect(admin.totals).toEqual({ waiting: 1, late: 1, dueThisWeek: 0 });
    expect(admin.units.map((u) => [u.code, u.waiting, u.late, u.dueThisWeek])).toEqual([
      ["COURRIER", 0, 1, 0],
      ["DSI", 1, 0, 0],
    ]);
    expect(admin.steps.find((s) => s.stepId === "enregistrement")).toMatchObject({
      procedureId: def.id,
      stepTitle: "Enregistrement",
      waiting: 0,
      late: 1,
      done: 0,
    });
    expect(admin.months).toEqual([{ month: "2026-03", opened: 2, closed: 0 }]);
    expect(admin.asOf).toBe("2026-03-13T09:00:00.000Z");
    // The DSI's director heads a unit under the cabinet: the request waiting in the DSI, not the
    // registration late at the mail service.
    expect(dsi.scope).toBe("units");
    expect(dsi.totals).toEqual({ waiting: 1, late: 0, dueThisWeek: 0 });
    expect(dsi.steps.map((s) => [s.stepId, s.waiting, s.late, s.done])).toEqual([
      ["demande-acte", 1, 0, null],
    ]);
    expect(dsi.months).toEqual([]);
  });

  it("lists the cases behind a dashboard's number", () => {
    expect(friday.lateCases).toEqual([first.registryNumber]);
    expect(friday.waitingCases).toEqual([second.registryNumber]);
  });

  it("moves a late step to done on time or not when it is finished", async () => {
    const rows = await readCaseStepInstances(t.database.db, "mffe", [first.id]);
    const registration = rows.find((r) => r.stepId === "enregistrement")!;
    // Tuesday 10 to Monday 16: Wednesday, Thursday, Friday, Monday.
    expect([registration.workingDays, registration.onTime]).toEqual([4, false]);
    expect((await counts()).enregistrement).toEqual({ waiting: 0, late: 0, done: 1 });
    expect((await counts())["transmission-ce"]).toEqual({ waiting: 1, late: 0, done: 0 });
  });

  it("counts cases opened and closed per month of the organisation", async () => {
    expect(await readMonthCounts(t.database.db, "mffe", def.id)).toEqual([
      { procedureId: def.id, procedureVersion: def.version, month: "2026-03", opened: 2, closed: 0 },
    ]);
  });

  it("measures each step against its délai, the NON loop taken, per period", async () => {
    const all = await t.as("MFFE0099").get<Durations>(`/api/oversight/durations?procedureId=${def.id}`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(
      all.body.steps.map((s) => [
        s.stepId,
        s.finished,
        s.p50WorkingDays,
        s.p90WorkingDays,
        s.p50WaitingDays,
        s.delaiBusinessDays,
        s.onTimeShare,
        s.sentBack,
      ]),
    ).toEqual([
      ["appreciation-directeur", 2, 0.5, 0.9, 0, null, null, 0],
      ["demande-acte", 1, 0, 0, 0, null, null, 0],
      ["enregistrement", 1, 4, 4, 0, 2, 0, 0],
      ["redaction", 2, 2, 2, 0, null, null, 0],
      ["transmission", 1, 1, 1, 0, null, null, 0],
    ]);
    expect(all.body.loops).toEqual([
      {
        procedureVersion: def.version,
        stepId: "appreciation-directeur",
        outcomeId: "non",
        to: "redaction",
        decided: 2,
        taken: 1,
        rate: 0.5,
      },
      {
        procedureVersion: def.version,
        stepId: "appreciation-cabinet",
        outcomeId: "non",
        to: "redaction",
        decided: 0,
        taken: 0,
        rate: null,
      },
    ]);
    const lastWeeks = await t
      .as("MFFE0099")
      .get<Durations>(`/api/oversight/durations?procedureId=${def.id}&from=2026-03-10&to=2026-03-31`);
    expect(lastWeeks.body.steps.map((s) => [s.stepId, s.finished])).toEqual([
      ["enregistrement", 1],
      ["transmission", 1],
    ]);
    // A unit's head sees his units' queues, not the organisation's measures.
    expect((await t.as("MFFE0019").get(`/api/oversight/durations?procedureId=${def.id}`)).status).toBe(403);
  });

  it("rebuilds from the audit trail the same figures the job kept", async () => {
    const kept = {
      counts: await readStepCounts(t.database.db, "mffe"),
      months: await readMonthCounts(t.database.db, "mffe"),
      steps: await readCaseStepInstances(t.database.db, "mffe", [first.id, second.id]),
    };
    // Seven passages of the first case and one of the second so far, plus the step now open.
    expect(kept.steps.length).toBe(9);
    await rebuildOversight(t.database.db, t.clock.now(), ["mffe"]);
    expect({
      counts: await readStepCounts(t.database.db, "mffe"),
      months: await readMonthCounts(t.database.db, "mffe"),
      steps: await readCaseStepInstances(t.database.db, "mffe", [first.id, second.id]),
    }).toEqual(kept);
  });
});
