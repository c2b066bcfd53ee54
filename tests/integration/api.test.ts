import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { anyUserOf, holdersOf, takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

type ErrorBody = { error: { code: string; message: { fr: string; en: string }; target?: string } };

describe("the HTTP API", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** A new case of a customs procedure, its first task and who may take it. */
  async function startCase(procedureId: string) {
    const requester = await anyUserOf(t.database, "douanes", "BAS");
    const started = await t.as(requester).post<CaseView>("/api/cases", { procedureId });
    const task = started.body.tasks[0]!;
    const taker = await takerOf(t.database, "douanes", task);
    return { requester, started, task, taker };
  }

  it("reports health: database reachable, migrations applied, catalog loaded", async () => {
    const res = await t.app.inject({ method: "GET", url: "/health" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe("ok");
    expect(body.database.reachable).toBe(true);
    expect(body.migrations.applied).toBe(body.migrations.expected);
    expect(body.catalog.procedures).toBeGreaterThan(2);
  });

  it("lists the procedures of the catalog", async () => {
    const user = await anyUserOf(t.database, "douanes", "BAS");
    const res = await t.as(user).get<{ items: Array<{ id: string }> }>("/api/procedures?limit=200");
    expect(res.status).toBe(200);
    expect(res.body.items.map((p) => p.id)).toContain("douanes-d-sauvegarde-serveurs");
  });

  it("refuses an unidentified caller", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/tasks" });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("unauthenticated");
    const forged = await t.app.inject({
      method: "GET",
      url: "/api/tasks",
      headers: { cookie: "lg_session=forged-token" },
    });
    expect(forged.statusCode).toBe(401);
  });

  it("answers a malformed request with a 422 naming the field, in French and English", async () => {
    const user = await anyUserOf(t.database, "douanes", "BAS");
    const res = await t.as(user).post<ErrorBody>("/api/cases", { procedureId: 42 });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.target).toBe("procedureId");
    expect(res.body.error.message.fr).toContain("requête invalide");
  });

  it("answers an unknown procedure with a 404", async () => {
    const user = await anyUserOf(t.database, "douanes", "BAS");
    const res = await t.as(user).post<ErrorBody>("/api/cases", { procedureId: "inexistante" });
    expect(res.status).toBe(404);
    expect(res.body.error.message.fr).toContain("inexistante");
  });

  it("puts the first task in the inbox of the right role and unit, and nobody else's", async () => {
    const { started, task, taker } = await startCase("douanes-e-compte-mail");
    const inbox = await t
      .as(taker)
      .get<{ items: Array<{ id: string; registryNumber: string }> }>("/api/tasks");
    expect(inbox.body.items.map((x) => x.id)).toContain(task.id);
    expect(inbox.body.items.find((x) => x.id === task.id)?.registryNumber).toBe(started.body.registryNumber);

    const outsiders = (await holdersOf(t.database, "douanes", "DSI", null)).filter((m) => m !== taker);
    for (const outsider of outsiders) {
      const theirs = await t.as(outsider).get<{ items: Array<{ id: string }> }>("/api/tasks");
      expect(theirs.body.items.map((x) => x.id)).not.toContain(task.id);
      // They may read the case only if it passed through their unit, and then may not complete it.
      const view = await t.as(outsider).get<CaseView>(`/api/cases/${started.body.id}`);
      if (view.status === 200) expect(view.body.actions.map((a) => a.type)).not.toContain("complete");
      else expect(view.status).toBe(403);
      const forced = await t.as(outsider).post<ErrorBody>(`/api/tasks/${task.id}/actions`, {
        type: "complete",
        expectedVersion: started.body.version,
        form: { matricule: "DGD1", nom: "N", prenoms: "P", contact: "01", canal: "mail" },
      });
      expect(forced.status).toBe(403);
      expect(["wrong_actor", "forbidden"]).toContain(forced.body.error.code);
    }
  });

  it("refuses a completion without a required field and keeps the case where it was", async () => {
    const { started, task, taker } = await startCase("douanes-e-compte-mail");
    const res = await t.as(taker).post<ErrorBody>(`/api/tasks/${task.id}/actions`, {
      type: "complete",
      expectedVersion: started.body.version,
      form: {},
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "missing_field", target: "matricule" });
    const after = await t.as(taker).get<CaseView>(`/api/cases/${started.body.id}`);
    expect(after.body.version).toBe(started.body.version);
    expect(after.body.history).toHaveLength(started.body.history.length);
  });

  it("records a comment and a cancellation with its reason in the history", async () => {
    const requester = await anyUserOf(t.database, "douanes", "BAS");
    const started = await t
      .as(requester)
      .post<CaseView>("/api/cases", { procedureId: "douanes-e-compte-mail" });
    const commented = await t.as(requester).post<CaseView>(`/api/cases/${started.body.id}/actions`, {
      type: "comment",
      expectedVersion: started.body.version,
      text: "Merci de traiter avant vendredi.",
    });
    expect(commented.status).toBe(200);
    expect(
      (commented.body as unknown as { comments: Array<{ body: string }> }).comments.map((c) => c.body),
    ).toEqual(["Merci de traiter avant vendredi."]);
    const cancelled = await t.as(requester).post<CaseView>(`/api/cases/${started.body.id}/actions`, {
      type: "cancel",
      expectedVersion: commented.body.version,
      reason: "Demande faite en double",
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expect(cancelled.body.tasks.every((x) => x.status !== "open")).toBe(true);
    expect(cancelled.body.history.map((e) => e.type)).toEqual(
      expect.arrayContaining(["commented", "cancelled", "case_ended"]),
    );
  });

  it("stores an uploaded document by its SHA-256, serves it back, and accepts it only on its own case", async () => {
    const requester = await anyUserOf(t.database, "douanes", "BAS");
    const api = t.as(requester);
    const first = await api.post<CaseView>("/api/cases", { procedureId: "douanes-d-sauvegarde-serveurs" });
    const other = await api.post<CaseView>("/api/cases", { procedureId: "douanes-d-sauvegarde-serveurs" });
    const task = first.body.tasks[0]!;
    const taker = await takerOf(t.database, "douanes", task);
    const bytes = Buffer.from("%PDF-1.4 Plan de sauvegarde 2026");

    const outsiders = (await holdersOf(t.database, "douanes", "DSI", null)).filter((m) => m !== taker);
    const refused = await t
      .as(outsiders[0]!)
      .upload<ErrorBody>(
        `/api/cases/${first.body.id}/attachments?fileName=plan.pdf`,
        bytes,
        "application/pdf",
      );
    expect(refused.status).toBe(403);

    const uploaded = await t
      .as(taker)
      .upload<{ id: string; sha256: string; size: number }>(
        `/api/cases/${first.body.id}/attachments?fileName=plan.pdf&documentId=plan-sauvegarde`,
        bytes,
        "application/pdf",
      );
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(uploaded.body.size).toBe(bytes.length);

    const download = await t.as(taker).get(`/api/attachments/${uploaded.body.id}`);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(bytes)).toBe(true);
    expect(download.headers["content-type"]).toBe("application/pdf");

    const form = { perimetre: "Serveurs SYDAM" };
    const foreign = await t.as(taker).post<ErrorBody>(`/api/tasks/${other.body.tasks[0]!.id}/actions`, {
      type: "complete",
      expectedVersion: other.body.version,
      form,
      documents: { "plan-sauvegarde": uploaded.body.id },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.code).toBe("unknown_attachment");

    const done = await t
      .as(taker)
      .post<CaseView & { history: Array<{ payload: Record<string, unknown> }> }>(
        `/api/tasks/${task.id}/actions`,
        {
          type: "complete",
          expectedVersion: first.body.version,
          form,
          documents: { "plan-sauvegarde": uploaded.body.id },
        },
      );
    expect(done.status).toBe(200);
    const completed = done.body.history.find((e) => e.type === "step_completed");
    expect(completed?.payload.documentHashes).toEqual({ "plan-sauvegarde": uploaded.body.sha256 });
  });

  it("lets the head of the unit reassign a task, after which it is the assignee's alone", async () => {
    const requester = await anyUserOf(t.database, "douanes", "BAS");
    const started = await t
      .as(requester)
      .post<CaseView>("/api/cases", { procedureId: "douanes-e-compte-mail" });
    const task = started.body.tasks[0]!;
    const head = await takerOf(t.database, "douanes", task);
    const [deputyMatricule] = await holdersOf(t.database, "douanes", "CS", null);
    const deputy = (await findUserByMatricule(t.database.db, deputyMatricule!))!;

    const unknown = await t.as(head).post<ErrorBody>(`/api/tasks/${task.id}/actions`, {
      type: "reassign",
      expectedVersion: started.body.version,
      toUserId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: "unknown_user", target: "toUserId" });

    const reassigned = await t.as(head).post<CaseView>(`/api/tasks/${task.id}/actions`, {
      type: "reassign",
      expectedVersion: started.body.version,
      toUserId: deputy.id,
      reason: "Congé du chef de bureau",
    });
    expect(reassigned.status).toBe(200);
    const inbox = await t.as(deputy.matricule).get<{ items: Array<{ id: string }> }>("/api/tasks");
    expect(inbox.body.items.map((x) => x.id)).toContain(task.id);

    const form = { matricule: "DGD7", nom: "Yao", prenoms: "Ama", contact: "0102030405", canal: "telephone" };
    const byHead = await t.as(head).post<ErrorBody>(`/api/tasks/${task.id}/actions`, {
      type: "complete",
      expectedVersion: reassigned.body.version,
      form,
    });
    expect(byHead.status).toBe(403);
    const byDeputy = await t.as(deputy.matricule).post<CaseView>(`/api/tasks/${task.id}/actions`, {
      type: "complete",
      expectedVersion: reassigned.body.version,
      form,
    });
    expect(byDeputy.status).toBe(200);
    expect(byDeputy.body.history.map((e) => e.type)).toContain("reassigned");
  });
});
