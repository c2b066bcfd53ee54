import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proceduresFolder, projectRoot } from "../../server/paths.js";
import type { CaseView } from "../../shared/api/cases.js";
import type { InboxItem } from "../../shared/api/tasks.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { createTestDatabase } from "../support/testDatabase.js";

type Inbox = { items: InboxItem[]; nextCursor: string | null };
type CaseList = { items: Array<{ id: string; procedureId: string }>; nextCursor: string | null };
const FIXTURES = join(projectRoot(), "tests", "fixtures", "format");
const ORG = { organisation: "format-ci" };

/**
 * The format's constructs through the HTTP API (fixture organisation format-ci): a « CB / CS »
 * step offered to both chiefs, a step bound to the maître de stage named in the request, a call
 * activity that starts an integration asked for by the CB, waits for it and takes its end as its
 * outcome, and the caller's cancellation reaching the integration.
 */
describe("alternative actors, bound actors and call activities", () => {
  let t: TestApp;
  const as = (matricule: string) => t.as(matricule, ORG);

  beforeAll(async () => {
    t = await createTestApp({
      database: await createTestDatabase({ catalogPaths: [proceduresFolder(), FIXTURES] }),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const inboxOf = async (matricule: string) => (await as(matricule).get<Inbox>("/api/tasks")).body.items;
  const caseOf = async (matricule: string, id: string) =>
    (await as(matricule).get<CaseView>(`/api/cases/${id}`)).body;
  const openTask = (view: CaseView, stepId: string) =>
    view.tasks.find((task) => task.stepId === stepId && task.status === "open");

  const act = async (
    matricule: string,
    view: CaseView,
    stepId: string,
    body: Record<string, unknown> = {},
  ) => {
    const task = openTask(view, stepId);
    expect(task, `no open task on ${stepId}`).toBeDefined();
    const res = await as(matricule).post<CaseView>(`/api/tasks/${task!.id}/actions`, {
      type: "complete",
      expectedVersion: view.version,
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  /** A project asked for by the agent A001, the maître de stage M001 named, up to the CB / CS visa. */
  const projectAtVisa = async (objet: string) => {
    const started = await as("A001").post<CaseView>("/api/cases", {
      procedureId: "projet-appel",
      title: objet,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return act("A001", started.body, "demande", { form: { objet, maitre: "m001" } });
  };

  /** The integration a project's call activity started. */
  const calledCase = async (project: CaseView) => {
    const list = await as("C001").get<CaseList>("/api/cases?procedureId=integration-appelee");
    for (const item of list.body.items) {
      const view = await caseOf("C001", item.id);
      if (view.data.objet === project.data.objet) return view;
    }
    throw new Error(`no integration called by ${project.registryNumber}`);
  };

  it("offers a « CB / CS » task to both chiefs and records the role the one who acted held", async () => {
    const project = await projectAtVisa("Visa par le chef de service");
    const task = openTask(project, "visa")!;
    expect((await inboxOf("C001")).map((i) => i.id)).toContain(task.id);
    expect((await inboxOf("S001")).map((i) => i.id)).toContain(task.id);
    expect((await inboxOf("D001")).map((i) => i.id)).not.toContain(task.id);
    const after = await act("S001", project, "visa");
    const visa = after.history.find((h) => h.type === "step_completed" && h.stepBefore === "visa");
    expect(visa?.actorRole).toBe("CS");
    expect(visa?.actorName).toBe("Koffi Chef S1");
  });

  it("starts the integration asked for by the CB, waits, then gives the maître de stage named in the request his task", async () => {
    const project = await projectAtVisa("Intégration acceptée");
    const waiting = await act("C001", project, "visa");
    expect(waiting.status).toBe("active");
    expect(openTask(waiting, "integration")).toBeUndefined();
    expect(waiting.currentSteps.map((s) => s.calls)).toEqual(["integration-appelee"]);
    const integration = await calledCase(waiting);
    expect(integration.requester).toMatchObject({ name: "Yao Chef B1" });
    expect(integration.data.objet).toBe("Intégration acceptée");

    await act("A001", integration, "analyse", { outcome: "oui" });
    const returned = await caseOf("A001", waiting.id);
    expect(
      returned.history.some((h) => h.type === "call_returned" && h.payload.calledOutcome === "completed"),
    ).toBe(true);
    const supervision = openTask(returned, "encadrement");
    expect(returned.currentSteps[0]?.heldBy?.person?.matricule).toBe("M001");
    // The case page says the step is inferred, with its note.
    expect(returned.currentSteps[0]?.mark?.kind).toBe("inferred");
    expect((await inboxOf("M001")).map((i) => i.id)).toContain(supervision!.id);
    expect((await inboxOf("S001")).map((i) => i.id)).not.toContain(supervision!.id);
    const refused = await as("S001").post(`/api/tasks/${supervision!.id}/actions`, {
      type: "complete",
      expectedVersion: returned.version,
    });
    expect(refused.status).toBe(403);
    const done = await act("M001", returned, "encadrement");
    expect(done.status).toBe("completed");
  });

  it("ends the project rejected when the integration it waits for is refused", async () => {
    const project = await projectAtVisa("Intégration refusée");
    const waiting = await act("S001", project, "visa");
    const integration = await calledCase(waiting);
    await act("A001", integration, "analyse", { outcome: "non" });
    expect((await caseOf("A001", waiting.id)).status).toBe("rejected");
  });

  it("refuses a maître de stage whose matricule names nobody in the organisation", async () => {
    const started = await as("A001").post<CaseView>("/api/cases", {
      procedureId: "projet-appel",
      title: "X",
    });
    const res = await as("A001").post<{ error: { code: string } }>(
      `/api/tasks/${openTask(started.body, "demande")!.id}/actions`,
      { type: "complete", expectedVersion: started.body.version, form: { objet: "X", maitre: "NOBODY1" } },
    );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("unknown_user");
  });

  it("cancels the integration a project waits for when the project is cancelled", async () => {
    const project = await projectAtVisa("Projet abandonné");
    const waiting = await act("C001", project, "visa");
    const integration = await calledCase(waiting);
    const cancelled = await as("A001").post<CaseView>(`/api/cases/${waiting.id}/actions`, {
      type: "cancel",
      reason: "Projet abandonné",
      expectedVersion: waiting.version,
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const after = await caseOf("C001", integration.id);
    expect(after.status).toBe("cancelled");
    expect(after.tasks.every((task) => task.status !== "open")).toBe(true);
  });
});
