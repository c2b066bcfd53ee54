import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tasks } from "../../server/db/schema.js";
import type { CaseView } from "../../shared/api/cases.js";
import type { InboxCounts, InboxItem } from "../../shared/api/tasks.js";
import { anyUserOf, takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type Inbox = { items: InboxItem[]; nextCursor: string | null };
const MAIL = "douanes-e-compte-mail";
const HOUR = 3_600_000;

describe("the inbox", () => {
  let t: TestApp;
  let taker: string;
  let started: CaseView[];

  beforeAll(async () => {
    t = await createTestApp();
    const requester = await anyUserOf(t.database, "douanes", "BAS");
    started = [];
    for (const title of ["Compte pour Awa", "Compte pour Yao", "Compte pour Koffi", "Compte pour Adjoua"]) {
      const res = await t.as(requester).post<CaseView>("/api/cases", { procedureId: MAIL, title });
      expect(res.status).toBe(201);
      started.push(res.body);
    }
    taker = await takerOf(t.database, "douanes", started[0]!.tasks[0]!);
    // Due dates set by hand, so that each due state has its task: in 2 hours (today), in 3 days
    // (this week), in 10 days (later), none.
    const now = t.clock.now().getTime();
    const dues = [new Date(now + 2 * HOUR), new Date(now + 72 * HOUR), new Date(now + 240 * HOUR), null];
    for (const [i, c] of started.entries()) {
      await t.database.db.update(tasks).set({ dueAt: dues[i] }).where(eq(tasks.id, c.tasks[0]!.id));
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const inbox = (query = "") => t.as(taker).get<Inbox>(`/api/tasks${query}`);

  it("lists the tasks of a role held in the task's unit, soonest due first and undated last, with what a row shows", async () => {
    const res = await inbox();
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.caseId)).toEqual(started.map((c) => c.id));
    const first = res.body.items[0]!;
    expect(first).toMatchObject({
      registryNumber: started[0]!.registryNumber,
      caseTitle: "Compte pour Awa",
      procedureId: MAIL,
      procedureTitle: "Procédure de création de compte mail professionnel",
      stepId: "demande",
      stepTitle: "Demande de création de mail",
      caseVersion: started[0]!.version,
    });
    expect(first.requesterName.length).toBeGreaterThan(0);
    expect(first.taskUnit).toContain("BAS");
    expect(first.createdAt).toBe(t.clock.now().toISOString());
    expect(res.body.items.at(-1)!.dueAt).toBeNull();
  });

  it("separates the tasks assigned by name (mine) from those of one's units", async () => {
    expect((await inbox("?scope=mine")).body.items).toEqual([]);
    expect((await inbox("?scope=units")).body.items).toHaveLength(4);
    expect((await inbox("?scope=all")).body.items).toHaveLength(4);
  });

  it("filters by procedure and step", async () => {
    expect((await inbox(`?procedureId=${MAIL}&stepId=demande`)).body.items).toHaveLength(4);
    expect((await inbox(`?procedureId=${MAIL}&stepId=creation-compte`)).body.items).toEqual([]);
    expect((await inbox("?procedureId=douanes-d-sauvegarde-serveurs")).body.items).toEqual([]);
  });

  it("pages by cursor without losing or repeating a task", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Inbox = (await inbox(`?limit=1${cursor ? `&cursor=${cursor}` : ""}`)).body;
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await inbox()).body.items.map((i) => i.id));
  });

  it("refuses a forged cursor with a bilingual 422", async () => {
    const res = await inbox("?cursor=bm90LWEta2V5");
    expect(res.status).toBe(422);
  });

  it("tells due states apart against the app's clock, and counts them", async () => {
    const dueOf = async (due: string) => (await inbox(`?due=${due}`)).body.items.map((i) => i.caseId);
    expect(await dueOf("late")).toEqual([]);
    expect(await dueOf("today")).toEqual([started[0]!.id]);
    expect(await dueOf("week")).toEqual([started[0]!.id, started[1]!.id]);
    expect(await dueOf("none")).toEqual([started[3]!.id]);
    const counts = await t.as(taker).get<InboxCounts>("/api/tasks/counts");
    expect(counts.body).toMatchObject({
      total: 4,
      byProcedure: [{ key: MAIL, count: 4 }],
      byStep: [{ key: "demande", procedureId: MAIL, title: "Demande de création de mail", count: 4 }],
      byDue: { late: 0, today: 1, week: 2, later: 1, none: 1 },
    });

    t.clock.advanceHours(3);
    expect(await dueOf("late")).toEqual([started[0]!.id]);
    expect(await dueOf("today")).toEqual([]);
    const later = await t.as(taker).get<InboxCounts>("/api/tasks/counts?scope=units");
    expect(later.body.byDue).toEqual({ late: 1, today: 0, week: 1, later: 1, none: 1 });
  });

  it("shows nothing of these tasks to someone of another unit", async () => {
    const stranger = "DGD0009";
    expect((await t.as(stranger).get<Inbox>("/api/tasks")).body.items).toEqual([]);
    expect((await t.as(stranger).get<InboxCounts>("/api/tasks/counts")).body.total).toBe(0);
  });
});
