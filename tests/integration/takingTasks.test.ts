import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tasks } from "../../server/db/schema.js";
import type { CaseView } from "../../shared/api/cases.js";
import type { InboxItem, Workload } from "../../shared/api/tasks.js";
import { anyUserOf, newPerson } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type Page<T> = { items: T[]; nextCursor: string | null };

// R: the backup's execution waits in the queue of the DBAs of the Bureau Exploitation (BE).
const BACKUP = "douanes-r-sauvegarde-base-sydam";

describe("taking a queue's task (« Prendre en charge ») and a head's view of the workload", () => {
  let t: TestApp;
  let starter: string;
  let first: string;
  let second: string;
  let head: string;

  beforeAll(async () => {
    t = await createTestApp();
    const now = t.clock.now();
    starter = await anyUserOf(t.database, "douanes", "BE");
    first = await newPerson(
      t.database,
      "douanes",
      { matricule: "TST0101", name: "Aline PREMIÈRE", unitCode: "BE", roles: ["DBA"] },
      now,
    );
    second = await newPerson(
      t.database,
      "douanes",
      { matricule: "TST0102", name: "Bruno SECOND", unitCode: "BE", roles: ["DBA"] },
      now,
    );
    head = await newPerson(
      t.database,
      "douanes",
      { matricule: "TST0103", name: "Céline CHEF", unitCode: "BE", roles: ["CB"] },
      now,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  async function openBackup(): Promise<CaseView> {
    const res = await t.as(starter).post<CaseView>("/api/cases", { procedureId: BACKUP });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }
  const queueTask = (view: CaseView) => view.tasks.find((x) => x.status === "open")!;
  const inbox = async (matricule: string, scope: string) =>
    (await t.as(matricule).get<Page<InboxItem>>(`/api/tasks?scope=${scope}&limit=200`)).body.items;

  it("gives the task to whoever takes it: named on the case, out of the others' queue, refused to a second taker", async () => {
    const view = await openBackup();
    const task = queueTask(view);
    expect(task.assigneeId).toBeNull();
    const seen = await t.as(first).get<CaseView>(`/api/cases/${view.id}`);
    expect(seen.body.actions).toContainEqual(expect.objectContaining({ type: "take", taskId: task.id }));
    expect((await inbox(second, "units")).map((i) => i.id)).toContain(task.id);

    const taken = await t
      .as(first)
      .post<CaseView>(`/api/tasks/${task.id}/actions`, { type: "take", expectedVersion: view.version });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body.currentSteps[0]?.heldBy?.person?.name).toBe("Aline PREMIÈRE");
    expect(taken.body.actions.some((a) => a.type === "take")).toBe(false);
    expect(taken.body.history.at(-1)).toMatchObject({ type: "taken", actorName: "Aline PREMIÈRE" });

    expect((await inbox(first, "mine")).map((i) => i.id)).toContain(task.id);
    expect((await inbox(second, "all")).map((i) => i.id)).not.toContain(task.id);
    const late = await t.as(second).post<{ error: { code: string } }>(`/api/tasks/${task.id}/actions`, {
      type: "take",
      expectedVersion: taken.body.version,
    });
    expect(late.status).toBe(403);
    const work = await t.as(second).post<{ error: { code: string } }>(`/api/tasks/${task.id}/actions`, {
      type: "complete",
      expectedVersion: taken.body.version,
      form: { mode: "manuel" },
    });
    expect(work.status).toBe(403);
    // Taken twice by the same person: refused, the task is already theirs.
    const again = await t.as(first).post<{ error: { code: string } }>(`/api/tasks/${task.id}/actions`, {
      type: "take",
      expectedVersion: taken.body.version,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("already_taken");
  });

  it("shows the head of the unit what each person holds and what waits in the queue, late ones apart", async () => {
    const before = await t.as(head).get<Workload>("/api/tasks/workload");
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const unitBefore = before.body.units.find((u) => u.unit.code === "BE")!;
    const held = (w: typeof unitBefore, name: string) => w.people.find((p) => p.person.name === name);

    const view = await openBackup();
    const task = queueTask(view);
    await t.as(second).post(`/api/tasks/${task.id}/actions`, { type: "take", expectedVersion: view.version });
    // R has no délai: this one is given a due date an hour ago, by hand, to be late.
    await t.database.db
      .update(tasks)
      .set({ dueAt: new Date(t.clock.now().getTime() - 3_600_000) })
      .where(eq(tasks.id, task.id));
    const after = await t.as(head).get<Workload>("/api/tasks/workload");
    const unit = after.body.units.find((u) => u.unit.code === "BE")!;
    expect(held(unit, "Bruno SECOND")!.open).toBe((held(unitBefore, "Bruno SECOND")?.open ?? 0) + 1);
    expect(held(unit, "Bruno SECOND")!.late).toBe((held(unitBefore, "Bruno SECOND")?.late ?? 0) + 1);
    expect(unit.queue.open).toBe(unitBefore.queue.open);
    // Everyone of the unit is listed, those holding nothing too.
    expect(held(unit, "Céline CHEF")).toMatchObject({ open: 0, late: 0 });
  });

  it("refuses the workload to someone who heads no unit", async () => {
    const res = await t.as(first).get<{ error: { code: string } }>("/api/tasks/workload");
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
  });
});
