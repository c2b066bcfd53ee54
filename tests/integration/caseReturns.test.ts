import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseListItem, CaseView } from "../../shared/api/cases.js";
import type { InboxItem } from "../../shared/api/tasks.js";
import { anyUserOf, takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type Page<T> = { items: T[]; nextCursor: string | null };

// R: the DBA's verification answers NON (« Sauvegarde réussie ? ») and the backup goes back to
// its execution by the BE.
const BACKUP = "douanes-r-sauvegarde-base-sydam";

describe("a case returned to a step it went through", () => {
  let t: TestApp;
  let starter: string;

  beforeAll(async () => {
    t = await createTestApp();
    starter = await anyUserOf(t.database, "douanes", "BE");
  });
  afterAll(async () => {
    await t.close();
  });

  const openTask = (view: CaseView, stepId: string) =>
    view.tasks.find((x) => x.stepId === stepId && x.status === "open")!;

  /** Opens a backup case and brings it to its verification. */
  async function atVerification(): Promise<CaseView> {
    const started = await t.as(starter).post<CaseView>("/api/cases", { procedureId: BACKUP });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const execution = openTask(started.body, "execution");
    const done = await t
      .as(await takerOf(t.database, "douanes", execution))
      .post<CaseView>(`/api/tasks/${execution.id}/actions`, {
        type: "complete",
        expectedVersion: started.body.version,
        form: { mode: "automatique" },
      });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return done.body;
  }

  async function inboxItemOf(matricule: string, caseId: string): Promise<InboxItem | undefined> {
    const inbox = await t.as(matricule).get<Page<InboxItem>>(`/api/tasks?procedureId=${BACKUP}&limit=200`);
    expect(inbox.status).toBe(200);
    return inbox.body.items.find((i) => i.caseId === caseId);
  }

  it("shows a NON's motif, its author and the step it came from in the receiver's inbox and on the case", async () => {
    const view = await atVerification();
    const verification = openTask(view, "verification");
    const dba = await takerOf(t.database, "douanes", verification);
    t.clock.advanceHours(2);
    const returned = await t.as(dba).post<CaseView>(`/api/tasks/${verification.id}/actions`, {
      type: "complete",
      expectedVersion: view.version,
      form: { statut: "echec" },
      reason: "Le disque de sauvegarde est plein",
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    const dbaName = returned.body.history.findLast((e) => e.type === "step_completed")?.actorName;
    const back = returned.body.currentSteps.find((s) => s.stepId === "execution");
    expect(back?.returned).toMatchObject({
      fromStepId: "verification",
      fromStepTitle: "Vérification de la sauvegarde",
      reason: "Le disque de sauvegarde est plein",
      at: t.clock.now().toISOString(),
    });
    expect(back?.returned?.byName).toBe(dbaName);
    expect(dbaName).toBeTruthy();

    const receiver = await takerOf(t.database, "douanes", openTask(returned.body, "execution"));
    const item = await inboxItemOf(receiver, view.id);
    expect(item?.returned).toEqual(back?.returned);
    // The case's age, beside the time spent at the step: opened two hours before this task.
    expect(item?.caseCreatedAt).toBe(view.createdAt);
    expect(new Date(item!.createdAt).getTime() - new Date(item!.caseCreatedAt).getTime()).toBe(2 * 3_600_000);
  });

  it("shows a send-back's motif to whoever receives the case", async () => {
    const view = await atVerification();
    const verification = openTask(view, "verification");
    const dba = await takerOf(t.database, "douanes", verification);
    const sent = await t.as(dba).post<CaseView>(`/api/tasks/${verification.id}/actions`, {
      type: "send_back",
      expectedVersion: view.version,
      toStepId: "execution",
      reason: "Relancez en mode manuel",
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const receiver = await takerOf(t.database, "douanes", openTask(sent.body, "execution"));
    const item = await inboxItemOf(receiver, view.id);
    expect(item?.returned).toMatchObject({ fromStepId: "verification", reason: "Relancez en mode manuel" });
    expect(sent.body.currentSteps[0]?.returned?.reason).toBe("Relancez en mode manuel");
  });

  it("says nothing of a return when the case moves forward", async () => {
    const view = await atVerification();
    expect(view.currentSteps[0]?.returned).toBeNull();
    const item = await inboxItemOf(
      await takerOf(t.database, "douanes", openTask(view, "verification")),
      view.id,
    );
    expect(item).toBeDefined();
    expect(item?.returned).toBeNull();
  });

  it("keeps a NON given without a motif as before (no return is announced)", async () => {
    const view = await atVerification();
    const verification = openTask(view, "verification");
    const res = await t
      .as(await takerOf(t.database, "douanes", verification))
      .post<CaseView>(`/api/tasks/${verification.id}/actions`, {
        type: "complete",
        expectedVersion: view.version,
        form: { statut: "echec" },
      });
    expect(res.status).toBe(200);
    expect(res.body.currentSteps.map((s) => s.stepId)).toEqual(["execution"]);
    expect(res.body.currentSteps[0]?.returned).toBeNull();
  });

  it("lists, for the person who opened them, the cases they started with their state (« Mes demandes »)", async () => {
    const view = await atVerification();
    const mine = await t
      .as(starter)
      .get<Page<CaseListItem>>(`/api/cases?requester=${encodeURIComponent(starter)}&limit=200`);
    expect(mine.status).toBe(200);
    const row = mine.body.items.find((c) => c.id === view.id);
    expect(row).toMatchObject({ status: "active", registryNumber: view.registryNumber });
    expect(row?.currentSteps.map((s) => s.stepId)).toEqual(["verification"]);
    expect(mine.body.items.every((c) => c.requesterName === view.requester.name)).toBe(true);
  });
});
