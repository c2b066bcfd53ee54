import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { procedureOverseers, users } from "../../server/db/schema.js";
import type { CaseView } from "../../shared/api/cases.js";
import { anyUserOf, newPerson, takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type ErrorBody = { error: { code: string; message: { fr: string; en: string } } };
type CaseList = { items: Array<{ id: string }>; nextCursor: string | null };

const PROCEDURE = "douanes-e-compte-mail";

describe("who may read a case", () => {
  let t: TestApp;
  let requester: string;
  let started: CaseView;
  let attachmentId: string;
  let taskUnitCode: string;
  let headRole: string | null;

  beforeAll(async () => {
    t = await createTestApp();
    requester = await anyUserOf(t.database, "douanes", "BAS");
    const res = await t
      .as(requester)
      .post<CaseView>("/api/cases", { procedureId: PROCEDURE, title: "Compte de messagerie pour un agent" });
    expect(res.status).toBe(201);
    started = res.body;
    const uploaded = await t
      .as(requester)
      .upload<{ id: string }>(
        `/api/cases/${started.id}/attachments?fileName=demande.pdf`,
        Buffer.from("%PDF-1.4 demande"),
        "application/pdf",
      );
    expect(uploaded.status).toBe(201);
    attachmentId = uploaded.body.id;
    const unit = await t.database.db.query.orgUnits.findFirst({
      where: (u, { eq }) => eq(u.id, started.tasks[0]!.unitId!),
    });
    taskUnitCode = unit!.code;
    headRole = unit!.headRole;
  });
  afterAll(async () => {
    await t.close();
  });

  const readsOf = (matricule: string) => {
    const api = t.as(matricule);
    return {
      caseView: () => api.get<CaseView | ErrorBody>(`/api/cases/${started.id}`),
      history: () => api.get(`/api/cases/${started.id}/history`),
      diagram: () => api.get(`/api/cases/${started.id}/diagram.svg`),
      download: () => api.get(`/api/cases/${started.id}/attachments/${attachmentId}/content`),
      downloadById: () => api.get(`/api/attachments/${attachmentId}`),
    };
  };

  it("lets the requester read their case, its history and its documents", async () => {
    const reads = readsOf(requester);
    for (const read of Object.values(reads)) expect((await read()).status).toBe(200);
  });

  it("refuses with 403 forbidden (not 404) a person with no part in the case, on every read and every act", async () => {
    const outsider = await newPerson(
      t.database,
      "douanes",
      { matricule: "HORS0001", name: "Agent HORS-CIRCUIT", unitCode: "RSSI" },
      t.clock.now(),
    );
    for (const [name, read] of Object.entries(readsOf(outsider))) {
      const res = await read();
      expect(res.status, name).toBe(403);
      expect((res.body as ErrorBody).error.code, name).toBe("forbidden");
      expect((res.body as ErrorBody).error.message.fr, name).toContain("accès");
    }
    const api = t.as(outsider);
    const acts = [
      await api.post(`/api/cases/${started.id}/actions`, {
        type: "comment",
        expectedVersion: started.version,
        text: "Intrusion",
      }),
      await api.post(`/api/cases/${started.id}/actions`, {
        type: "cancel",
        expectedVersion: started.version,
        reason: "Intrusion",
      }),
      await api.post(`/api/cases/${started.id}/comments`, {
        expectedVersion: started.version,
        text: "Intrusion",
      }),
      await api.upload(
        `/api/cases/${started.id}/attachments?fileName=intrus.pdf`,
        Buffer.from("%PDF-1.4"),
        "application/pdf",
      ),
      await api.post(`/api/tasks/${started.tasks[0]!.id}/actions`, {
        type: "complete",
        expectedVersion: started.version,
        form: {},
      }),
    ];
    expect(acts.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    const after = await t.as(requester).get<CaseView>(`/api/cases/${started.id}`);
    expect(after.body.version).toBe(started.version);
    expect(after.body.comments).toEqual([]);
  });

  it("answers 404 for a case that does not exist", async () => {
    const res = await t.as(requester).get<ErrorBody>("/api/cases/00000000-0000-4000-8000-000000000000");
    expect(res.status).toBe(404);
  });

  it("lets someone who takes the case's open task read it", async () => {
    const taker = await takerOf(t.database, "douanes", started.tasks[0]!);
    expect((await t.as(taker).get(`/api/cases/${started.id}`)).status).toBe(200);
  });

  it("lets a member and the head of the unit the case passed through read it, without acting on it", async () => {
    const member = await newPerson(
      t.database,
      "douanes",
      { matricule: "UNIT0001", name: "Agent DE-L'UNITÉ", unitCode: taskUnitCode },
      t.clock.now(),
    );
    expect((await t.as(member).get(`/api/cases/${started.id}`)).status).toBe(200);
    // The head holds the unit's head role there, and has their own desk elsewhere.
    const head = await newPerson(
      t.database,
      "douanes",
      {
        matricule: "CHEF0001",
        name: "Chef DE-L'UNITÉ",
        unitCode: taskUnitCode,
        roles: headRole ? [headRole] : [],
      },
      t.clock.now(),
    );
    const rssi = await t.database.db.query.orgUnits.findFirst({ where: (u, { eq }) => eq(u.code, "RSSI") });
    await t.database.db.update(users).set({ unitId: rssi!.id }).where(eq(users.matricule, head));
    const view = await t.as(head).get<CaseView>(`/api/cases/${started.id}`);
    expect(view.status).toBe(200);
  });

  it("lets a role overseeing the procedure read every case of it, once named overseer", async () => {
    const auditor = await newPerson(
      t.database,
      "douanes",
      { matricule: "AUDIT001", name: "Auditeur QUALITÉ", unitCode: "RSSI", roles: ["CP"] },
      t.clock.now(),
    );
    expect((await t.as(auditor).get(`/api/cases/${started.id}`)).status).toBe(403);
    await t.database.db
      .insert(procedureOverseers)
      .values({ organisation: "douanes", procedureId: PROCEDURE, roleCode: "CP" });
    expect((await t.as(auditor).get(`/api/cases/${started.id}`)).status).toBe(200);
    const found = await t.as(auditor).get<CaseList>(`/api/cases?procedureId=${PROCEDURE}`);
    expect(found.body.items.map((c) => c.id)).toContain(started.id);
  });

  it("lets an administrator of the organisation read its cases", async () => {
    const admin = await newPerson(
      t.database,
      "douanes",
      { matricule: "ADMN0001", name: "Administrateur DSI", unitCode: "RSSI" },
      t.clock.now(),
    );
    // The same desk as the outsider refused above: only the administrator flag differs.
    await t.database.db.update(users).set({ isAdmin: true }).where(eq(users.matricule, admin));
    expect((await t.as(admin).get(`/api/cases/${started.id}`)).status).toBe(200);
  });

  it("never returns in a search a case the caller could not open", async () => {
    const outsider = "HORS0001";
    const theirs = await t.as(outsider).get<CaseList>("/api/cases?limit=200");
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    for (const matricule of [requester, "UNIT0001", "AUDIT001"]) {
      const found = await t.as(matricule).get<CaseList>("/api/cases?limit=200");
      expect(found.body.items.length).toBeGreaterThan(0);
      for (const item of found.body.items) {
        expect((await t.as(matricule).get(`/api/cases/${item.id}`)).status).toBe(200);
      }
    }
  });
});
