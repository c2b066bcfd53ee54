import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgUnits, taskCandidates, tasks } from "../../server/db/schema.js";
import type { CaseView } from "../../shared/api/cases.js";
import type { InboxCounts, InboxItem } from "../../shared/api/tasks.js";
import { anyUserOf, newPerson } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type Inbox = { items: InboxItem[]; nextCursor: string | null };
type CaseList = { items: Array<{ id: string }>; nextCursor: string | null };
const MAIL = "douanes-e-compte-mail";
const HOUR = 3_600_000;

/**
 * Readers beyond the people who took part: the head of a unit above the one a case passed through
 * (two levels up here), and the holders of a task's other candidate roles.
 */
describe("heads of the units above and candidates of a task", () => {
  let t: TestApp;
  let started: CaseView;
  let director: string;
  let deskAbove: string;

  beforeAll(async () => {
    t = await createTestApp();
    const requester = await anyUserOf(t.database, "douanes", "BAS");
    const res = await t
      .as(requester)
      .post<CaseView>("/api/cases", { procedureId: MAIL, title: "Compte pour Awa" });
    expect(res.status).toBe(201);
    started = res.body;
    // The task's unit is put under a new sub-direction, itself under a new direction.
    const db = t.database.db;
    const [top] = await db
      .insert(orgUnits)
      .values({
        organisation: "douanes",
        code: "DIR-ESSAI",
        name: "Direction d'essai",
        kind: "direction",
        headRole: "DRC",
      })
      .returning();
    const [middle] = await db
      .insert(orgUnits)
      .values({
        organisation: "douanes",
        code: "SD-ESSAI",
        name: "Sous-direction d'essai",
        kind: "sous-direction",
        headRole: "SD",
        parentId: top!.id,
      })
      .returning();
    await db.update(orgUnits).set({ parentId: middle!.id }).where(eq(orgUnits.id, started.tasks[0]!.unitId!));
    // Due in an hour: late once the clock moves on.
    await db
      .update(tasks)
      .set({ dueAt: new Date(t.clock.now().getTime() + HOUR) })
      .where(eq(tasks.id, started.tasks[0]!.id));
    director = await newPerson(
      t.database,
      "douanes",
      { matricule: "DIRE0001", name: "Directeur D'ESSAI", unitCode: "DIR-ESSAI", roles: ["DRC"] },
      t.clock.now(),
    );
    // Same unit, but not its head.
    deskAbove = await newPerson(
      t.database,
      "douanes",
      { matricule: "ADJO0001", name: "Adjoint D'ESSAI", unitCode: "DIR-ESSAI", roles: ["DRH"] },
      t.clock.now(),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it("lets the head of a unit two levels above read the case, find it and export it", async () => {
    expect((await t.as(director).get(`/api/cases/${started.id}`)).status).toBe(200);
    const found = await t.as(director).get<CaseList>(`/api/cases?procedureId=${MAIL}`);
    expect(found.body.items.map((c) => c.id)).toEqual([started.id]);
    const csv = await t.as(director).get(`/api/cases/export?format=csv&procedureId=${MAIL}`);
    expect(csv.bytes.toString("utf8")).toContain(started.registryNumber);
  });

  it("refuses someone of the unit above who does not head it", async () => {
    expect((await t.as(deskAbove).get(`/api/cases/${started.id}`)).status).toBe(403);
    expect((await t.as(deskAbove).get<CaseList>("/api/cases")).body.items).toEqual([]);
    expect((await t.as(deskAbove).get<Inbox>("/api/tasks")).body.items).toEqual([]);
  });

  it("shows the head, under « Mes unités », the tasks of the units below and counts the late ones", async () => {
    const units = await t.as(director).get<Inbox>("/api/tasks?scope=units");
    expect(units.body.items.map((i) => i.id)).toEqual([started.tasks[0]!.id]);
    expect((await t.as(director).get<Inbox>("/api/tasks?scope=mine")).body.items).toEqual([]);
    t.clock.advanceHours(2);
    const counts = await t.as(director).get<InboxCounts>("/api/tasks/counts?scope=units");
    expect(counts.body.byDue.late).toBe(1);
    expect((await t.as(director).get<Inbox>("/api/tasks?scope=units&due=late")).body.items).toHaveLength(1);
    // The inbox he works from (all: his own and his roles' queues) is not filled with them.
    expect((await t.as(director).get<Inbox>("/api/tasks")).body.items).toEqual([]);
  });

  it("offers a task to each candidate role: its holders in the candidate's unit see it and read the case", async () => {
    const db = t.database.db;
    const rssi = await db.query.orgUnits.findFirst({ where: (u, { eq }) => eq(u.code, "RSSI") });
    await db.insert(taskCandidates).values([
      {
        taskId: started.tasks[0]!.id,
        roleCode: started.tasks[0]!.roleCode!,
        unitId: started.tasks[0]!.unitId,
      },
      { taskId: started.tasks[0]!.id, roleCode: "RSSI", unitId: rssi!.id },
    ]);
    const candidate = await newPerson(
      t.database,
      "douanes",
      { matricule: "CAND0001", name: "Candidat RSSI", unitCode: "RSSI", roles: ["RSSI"] },
      t.clock.now(),
    );
    // The candidate role, held in another unit than the candidate's.
    const elsewhere = await newPerson(
      t.database,
      "douanes",
      { matricule: "CAND0002", name: "Ailleurs SDIS", unitCode: "SDIS", roles: ["RSSI"] },
      t.clock.now(),
    );
    const inbox = await t.as(candidate).get<Inbox>("/api/tasks");
    expect(inbox.body.items.map((i) => i.id)).toEqual([started.tasks[0]!.id]);
    expect((await t.as(candidate).get<InboxCounts>("/api/tasks/counts")).body.total).toBe(1);
    expect((await t.as(candidate).get(`/api/cases/${started.id}`)).status).toBe(200);
    expect((await t.as(elsewhere).get<Inbox>("/api/tasks")).body.items).toEqual([]);
    expect((await t.as(elsewhere).get(`/api/cases/${started.id}`)).status).toBe(403);
  });
});
