import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnCase } from "../../server/commands/caseActor.js";
import { inOperation } from "../../server/context/operationContext.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { findTask } from "../../server/db/queries/tasks.js";
import { notifications, webhookDeliveries } from "../../server/db/schema.js";
import { anyUserOf, takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

const PROCEDURE = "douanes-e-compte-mail";
const ADMIN = "DGD0099";
const REQUEST = {
  matricule: "DGD4242",
  nom: "Kouassi",
  prenoms: "Aya",
  contact: "0707070707",
  canal: "mail",
};

/**
 * The round trips of one transition on the server database: begin, bind the transaction to the
 * organisation (row-level security), read and lock the case, one write, commit. Counted at the driver, so whatever the code does on the way is seen. The
 * embedded database has no network between the two; its statements are the same ones.
 */
describe.runIf(process.env.TEST_DATABASE_URL)("the round trips of a transition on PostgreSQL", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("completes a step, notifies the next holders and records a webhook delivery in five round trips", async () => {
    const hook = await t.as(ADMIN).post("/api/webhooks", {
      url: "http://127.0.0.1:9/hook",
      description: "Compteur",
      eventTypes: ["task.opened", "step.completed"],
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const starter = await anyUserOf(t.database, "douanes", "BAS");
    const started = await t.as(starter).post<CaseView>("/api/cases", { procedureId: PROCEDURE });
    expect(started.status).toBe(201);
    const task = (await findTask(t.database.db, started.body.tasks.find((x) => x.status === "open")!.id))!;
    const taker = (await findUserByMatricule(
      t.database.db,
      await takerOf(t.database, "douanes", task),
      "douanes",
    ))!;
    const deliveredBefore = (await t.database.db.select().from(webhookDeliveries)).length;
    // The directory and the definition are read once per process, then kept: warm them first.
    await t.as(taker.matricule).get(`/api/cases/${started.body.id}`);

    const sent: string[] = [];
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text: string };
      sent.push(typeof first === "string" ? first : first.text);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      await inOperation(
        t.database.db,
        { organisation: "douanes", caller: { kind: "person", user: taker }, now: t.clock.now() },
        (ctx) =>
          actOnCase(ctx, {
            caseId: started.body.id,
            expectedVersion: started.body.version,
            action: { type: "complete", tokenId: task.tokenId, form: REQUEST },
          }),
      );
    } finally {
      pg.Client.prototype.query = original;
    }

    expect(sent.map((q) => q.trim().split(/\s+/)[0]?.toLowerCase())).toEqual([
      "begin",
      "select",
      "select",
      "with",
      "commit",
    ]);
    expect(sent[1]).toContain("set_config('logigramme.organisation'");
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.caseId, started.body.id));
    expect(told.length).toBeGreaterThan(0);
    const deliveries = (
      await t.database.db.select().from(webhookDeliveries).orderBy(webhookDeliveries.createdAt)
    )
      .slice(deliveredBefore)
      .map((d) => d.eventType);
    expect(deliveries.sort()).toEqual(["step.completed", "task.opened"]);
  });
});
