import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCaseEvents } from "../../server/db/queries/events.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

type ErrorBody = { error: { code: string; message: { fr: string; en: string }; target?: string } };
type Delegation = { id: string; inForce: boolean; userName: string; deputyName: string };

const PROCEDURE = "douanes-e-compte-mail";
const REQUEST = {
  matricule: "DGD4242",
  nom: "Kouassi",
  prenoms: "Aya Marie",
  contact: "0707070707",
  canal: "mail",
};
// An agent of the Bureau Administration Système: the mail account procedure lets him open it.
const REQUESTER = "DGD0021";
// The deputy: an agent of the Direction générale, who holds no role of the procedure's first step.
const DEPUTY = "DGD0002";
const ADMIN = "DGD0099";

describe("delegation (intérim)", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Monday 2 March 2026, 09:00 in Abidjan.
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function newCase() {
    const started = await t.as(REQUESTER).post<CaseView>("/api/cases", { procedureId: PROCEDURE });
    const task = started.body.tasks.find((x) => x.status === "open")!;
    const absent = await takerOf(t.database, "douanes", task);
    return { started, task, absent };
  }

  const idOf = async (matricule: string) => (await findUserByMatricule(t.database.db, matricule))!.id;

  const complete = (matricule: string, c: Awaited<ReturnType<typeof newCase>>) =>
    t.as(matricule).post<CaseView & ErrorBody>(`/api/tasks/${c.task.id}/actions`, {
      type: "complete",
      expectedVersion: c.started.body.version,
      form: REQUEST,
    });

  it("refuses a period ending before it starts, a person standing in for themselves, and strangers", async () => {
    const { absent } = await newCase();
    const backwards = await t.as(absent).post<ErrorBody>("/api/delegations", {
      deputyId: await idOf(DEPUTY),
      fromDate: "2026-03-10",
      toDate: "2026-03-09",
      reason: "Congé annuel",
    });
    expect(backwards.status).toBe(422);
    expect(backwards.body.error).toMatchObject({ code: "invalid_period", target: "toDate" });
    expect(backwards.body.error.message.en).toContain("end date");

    const self = await t.as(absent).post<ErrorBody>("/api/delegations", {
      deputyId: await idOf(absent),
      fromDate: "2026-03-03",
      toDate: "2026-03-05",
      reason: "Congé annuel",
    });
    expect(self.body.error.code).toBe("self_delegation");

    const stranger = await t.as(DEPUTY).post<ErrorBody>("/api/delegations", {
      userId: await idOf(absent),
      deputyId: await idOf(DEPUTY),
      fromDate: "2026-03-03",
      toDate: "2026-03-05",
      reason: "Je me désigne moi-même",
    });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe("forbidden");

    const foreign = await t.as(absent).post<ErrorBody>("/api/delegations", {
      deputyId: await idOf("MFFE0010"),
      fromDate: "2026-03-03",
      toDate: "2026-03-05",
      reason: "Congé annuel",
    });
    expect(foreign.body.error.code).toBe("unknown_user");
  });

  it("lets the deputy complete the absent person's task within the dates only, recording both in the audit event", async () => {
    const c = await newCase();
    const before = await complete(DEPUTY, c);
    expect(before.status).toBe(403);
    // Before the delegation the deputy has no part in the case: they may not even read it.
    expect(before.body.error.code).toBe("forbidden");

    const created = await t.as(c.absent).post<Delegation>("/api/delegations", {
      deputyId: await idOf(DEPUTY),
      fromDate: "2026-03-03",
      toDate: "2026-03-05",
      reason: "Mission à Yamoussoukro",
    });
    expect(created.status).toBe(201);
    // Monday: the delegation starts tomorrow.
    expect(created.body.inForce).toBe(false);
    const tooEarly = await complete(DEPUTY, c);
    expect(tooEarly.status).toBe(403);
    const noBanner = await t.as(DEPUTY).get<{ standingInFor: unknown[] }>("/api/session");
    expect(noBanner.body.standingInFor).toEqual([]);

    t.clock.advanceHours(24);
    const mine = await t.as(DEPUTY).get<{ items: Delegation[] }>("/api/delegations?inForce=true");
    expect(mine.body.items.map((d) => d.id)).toEqual([created.body.id]);
    // The header's banner: whom the deputy stands in for, and until when.
    const banner = await t
      .as(DEPUTY)
      .get<{ standingInFor: Array<{ userId: string; until: string }> }>("/api/session");
    expect(banner.body.standingInFor).toEqual([
      expect.objectContaining({ userId: await idOf(c.absent), until: "2026-03-05" }),
    ]);
    // The absent person's task is in the deputy's inbox, and the deputy may open the case.
    const inbox = await t.as(DEPUTY).get<{ items: Array<{ caseId: string }> }>("/api/tasks");
    expect(inbox.body.items.map((task) => task.caseId)).toContain(c.started.body.id);
    const opened = await t
      .as(DEPUTY)
      .get<{ actions: Array<{ type: string }> }>(`/api/cases/${c.started.body.id}`);
    expect(opened.status).toBe(200);
    expect(opened.body.actions.map((a) => a.type)).toContain("complete");

    const done = await complete(DEPUTY, c);
    expect(done.status).toBe(200);
    const completed = (await listCaseEvents(t.database.db, c.started.body.id)).find(
      (e) => e.type === "step_completed",
    );
    expect(completed?.actorUserId).toBe(await idOf(DEPUTY));
    expect(completed?.onBehalfOfUserId).toBe(await idOf(c.absent));
  });

  it("has no effect after its last day", async () => {
    const c = await newCase();
    // From Tuesday 3 March to Friday 6 March: the delegation above ran until Thursday 5 March inclusive.
    t.clock.advanceHours(3 * 24);
    const after = await complete(DEPUTY, c);
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe("forbidden");
  });

  it("no longer applies once revoked, and an administrator may revoke it", async () => {
    const c = await newCase();
    const created = await t.as(ADMIN).post<Delegation>("/api/delegations", {
      userId: await idOf(c.absent),
      deputyId: await idOf(DEPUTY),
      fromDate: "2026-03-01",
      toDate: "2026-03-31",
      reason: "Formation",
    });
    expect(created.status).toBe(201);
    expect(created.body.inForce).toBe(true);

    const revoked = await t.as(ADMIN).post<Delegation>(`/api/delegations/${created.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.inForce).toBe(false);
    const again = await t.as(ADMIN).post<ErrorBody>(`/api/delegations/${created.body.id}/revoke`);
    expect(again.status).toBe(409);

    const refused = await complete(DEPUTY, c);
    expect(refused.status).toBe(403);
    const byAbsent = await complete(c.absent, c);
    expect(byAbsent.status).toBe(200);
    const completed = (await listCaseEvents(t.database.db, c.started.body.id)).find(
      (e) => e.type === "step_completed",
    );
    expect(completed?.onBehalfOfUserId).toBeNull();
  });
});
