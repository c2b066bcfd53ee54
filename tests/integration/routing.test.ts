import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

type Inbox = { items: Array<{ caseId: string }> };

/** Data-center access (customs H): the requester's N+1 validates, found by following the org chart. */
describe("routing to the requester's N+1", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function request(requester: string) {
    const started = await t.as(requester).post<CaseView>("/api/cases", {
      procedureId: "douanes-h-acces-data-center",
    });
    expect(started.status).toBe(201);
    const task = started.body.tasks[0]!;
    const done = await t.as(requester).post<CaseView>(`/api/tasks/${task.id}/actions`, {
      type: "complete",
      expectedVersion: started.body.version,
      form: { motif: "Remplacement d'un disque", date_prevue: "2026-03-04T10:00:00Z" },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return done.body;
  }

  async function inboxHas(matricule: string, caseId: string) {
    const inbox = await t.as(matricule).get<Inbox>("/api/tasks");
    return inbox.body.items.some((task) => task.caseId === caseId);
  }

  it("lands in the right manager's inbox for two requesters in different units, and only there", async () => {
    // DGD0013 is an agent of the BIT bureau (head: DGD0012); DGD0016 of the SR section (head: DGD0015).
    const fromBureau = await request("DGD0013");
    const fromSection = await request("DGD0016");

    expect(await inboxHas("DGD0012", fromBureau.id)).toBe(true);
    expect(await inboxHas("DGD0015", fromBureau.id)).toBe(false);
    expect(await inboxHas("DGD0015", fromSection.id)).toBe(true);
    expect(await inboxHas("DGD0012", fromSection.id)).toBe(false);

    const wrongManager = await t.as("DGD0015").post(`/api/tasks/${fromBureau.tasks.at(-1)!.id}/actions`, {
      type: "complete",
      expectedVersion: fromBureau.version,
      outcome: "accord",
    });
    expect(wrongManager.status).toBe(403);
    const rightManager = await t
      .as("DGD0012")
      .post<CaseView>(`/api/tasks/${fromBureau.tasks.at(-1)!.id}/actions`, {
        type: "complete",
        expectedVersion: fromBureau.version,
        outcome: "accord",
      });
    expect(rightManager.status).toBe(200);
  });

  it("goes up one level when the requester heads their own unit", async () => {
    // DGD0015 heads the SR section: their N+1 is the head of the BIT bureau above it.
    const fromHead = await request("DGD0015");
    expect(await inboxHas("DGD0012", fromHead.id)).toBe(true);
    expect(await inboxHas("DGD0015", fromHead.id)).toBe(false);
  });
});
