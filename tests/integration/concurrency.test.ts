import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events } from "../../server/db/schema.js";
import { anyUserOf, takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

const PROCEDURE = "douanes-e-compte-mail";
const REQUEST = {
  matricule: "DGD4242",
  nom: "Kouassi",
  prenoms: "Aya Marie",
  contact: "0707070707",
  canal: "mail",
};

describe("concurrent work on the same data", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("lets exactly one of 20 simultaneous completions of a task succeed, with one event recorded", async () => {
    const requester = await anyUserOf(t.database, "douanes", "BAS");
    const started = await t.as(requester).post<CaseView>("/api/cases", { procedureId: PROCEDURE });
    expect(started.status).toBe(201);
    const task = started.body.tasks.find((x) => x.status === "open")!;
    const taker = await takerOf(t.database, "douanes", task);
    // Signed in once first: twenty first sign-ins at once would race to replace the demo password.
    expect((await t.as(taker).get("/api/session")).status).toBe(200);
    const body = {
      type: "complete",
      expectedVersion: started.body.version,
      form: REQUEST,
    };

    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t
          .as(taker)
          .post<{ error?: { code: string; message: { fr: string } } }>(`/api/tasks/${task.id}/actions`, body),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(19);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.error?.code).toBe("stale_version");
      expect(r.body.error?.message.fr).toMatch(/modifié/);
    }

    const recorded = await t.database.db.select().from(events).where(eq(events.caseId, started.body.id));
    expect(recorded.filter((e) => e.type === "step_completed")).toHaveLength(1);
    const after = await t.as(taker).get<CaseView>(`/api/cases/${started.body.id}`);
    expect(after.body.version).toBe(started.body.version + 1);
    expect(after.body.tasks.filter((x) => x.stepId === task.stepId && x.status === "done")).toHaveLength(1);
  });

  it("gives 200 cases created by 16 concurrent clients 200 distinct, gap-free registry numbers", async () => {
    // An agent of the Bureau des Données (the start rule). Signed in once before the workers: 16
    // concurrent first sign-ins would each try to replace his default password.
    const client = t.as("DGD0051");
    expect((await client.get("/api/session")).status).toBe(200);
    const numbers: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 200) {
        next++;
        const res = await client.post<CaseView>("/api/cases", {
          procedureId: "douanes-n-comptes-systeme-decisionnel",
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        numbers.push(res.body.registryNumber);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(numbers).toHaveLength(200);
    expect(new Set(numbers).size).toBe(200);
    const sequences = numbers.map((n) => Number(/(\d+)$/.exec(n)?.[1])).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(numbers.every((n) => n.includes("2026"))).toBe(true);
  });
});
