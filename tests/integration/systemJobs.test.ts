import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCase } from "../../server/commands/caseStarter.js";
import { inOperation } from "../../server/context/operationContext.js";
import { securityOfficersOf } from "../../server/db/queries/accounts.js";
import { findUserByMatricule, listUnits } from "../../server/db/queries/orgChart.js";
import { jobs, notifications, securityEvents, sessions } from "../../server/db/schema.js";
import type { JobRunner } from "../../server/jobs/runner.js";
import { createJobRunner } from "../../server/jobs/worker.js";
import { newPerson } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

describe("the system's own jobs", () => {
  let t: TestApp;
  let runner: JobRunner;

  beforeAll(async () => {
    t = await createTestApp();
    // The server's runner, with the real jobs and schedules, on the test's clock.
    runner = createJobRunner(t.database.db, { clock: t.clock.now, env: {} });
    // The first tick records the schedules' current periods: nothing is due yet.
    expect((await runner.tick()).scheduled).toEqual([]);
  });
  afterAll(async () => {
    await runner.stop();
    await t.close();
  });

  const person = async (matricule: string) => {
    const unitCode = (await listUnits(t.database.db, "douanes"))[0]!.code;
    await newPerson(
      t.database,
      "douanes",
      { matricule, name: `Agent ${matricule}`, unitCode },
      t.clock.now(),
    );
    await t.as(matricule).get("/api/session");
    return (await findUserByMatricule(t.database.db, matricule))!.id;
  };
  const sessionsOf = async (userId: string) =>
    (await t.database.db.select().from(sessions).where(eq(sessions.userId, userId))).length;
  const systemEvents = async (organisation: string, type: string) =>
    t.database.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.organisation, organisation), eq(securityEvents.type, type)));

  it("purges expired sessions at 03:30, and the trail says the system did it", async () => {
    // Monday 09:00: two sessions opened, which end by 11:00 without activity.
    const gone = [await person("PURGE001"), await person("PURGE002")];
    // Tuesday 03:00: a third person signs in; their session is still alive at 03:30.
    t.clock.advanceHours(18);
    const alive = await person("PURGE003");
    t.clock.advanceSeconds(30 * 60 + 10);

    const report = await runner.tick();
    const purge = (
      await t.database.db.select().from(jobs).where(eq(jobs.name, "sessions.purge-expired"))
    )[0]!;
    expect(report.scheduled).toContain(purge.id);
    expect(purge).toMatchObject({ status: "done", organisation: null });
    for (const userId of gone) expect(await sessionsOf(userId)).toBe(0);
    expect(await sessionsOf(alive)).toBe(1);

    const [event] = await systemEvents("douanes", "sessions_purged");
    expect(event).toMatchObject({ actorUserId: null, userId: null });
    expect(event!.payload).toMatchObject({ system: { job: "sessions.purge-expired", jobId: purge.id } });
    expect(event!.payload.count).toBeGreaterThanOrEqual(2);
  });

  it("verifies every audit chain at night and tells the security officer of a broken link", async () => {
    const requester = (await findUserByMatricule(t.database.db, "PURGE003"))!;
    const start = () =>
      inOperation(
        t.database.db,
        { organisation: "douanes", caller: { kind: "person", user: requester }, now: t.clock.now() },
        (ctx) =>
          startCase(ctx, {
            procedureId: "douanes-d-sauvegarde-serveurs",
            requester: { userId: requester.id },
          }),
      );
    const tampered = await start();
    await start();
    // Someone with access to the database server edits an event behind the application's back.
    await t.database.db.execute(sql`alter table events disable trigger events_append_only`);
    await t.database.db.execute(
      sql`update events set payload = '{"falsifié": true}' where case_id = ${tampered.id} and seq = 1`,
    );
    await t.database.db.execute(sql`alter table events enable trigger events_append_only`);

    // Wednesday 02:00 in Abidjan.
    t.clock.advanceHours(22.5);
    const report = await runner.tick();
    const nightly = await t.database.db.select().from(jobs).where(eq(jobs.name, "audit.verify-chains"));
    const douanes = nightly.find((j) => j.organisation === "douanes" && report.scheduled.includes(j.id))!;
    expect(douanes.status).toBe("done");
    expect(nightly.some((j) => j.organisation === "mffe" && report.scheduled.includes(j.id))).toBe(true);

    const verified = (await systemEvents("douanes", "audit_verified")).find(
      (e) => (e.payload.system as { jobId: string }).jobId === douanes.id,
    )!;
    expect(verified.actorUserId).toBeNull();
    expect(verified.payload).toMatchObject({
      brokenCases: 1,
      firstBrokenCases: [{ caseId: tampered.id, seq: 1, reason: "hash_mismatch" }],
      system: { job: "audit.verify-chains", jobId: douanes.id },
    });

    const officers = await securityOfficersOf(t.database.db, "douanes");
    expect(officers.length).toBeGreaterThan(0);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, "audit_chain_broken"));
    expect(told.map((n) => n.userId).sort()).toEqual([...officers].sort());
    expect(told[0]!.body.fr).toContain(tampered.registryNumber);
    expect(told[0]!.body.en).toContain(`case ${tampered.registryNumber}: event #1 (hash_mismatch)`);
    // The ministry's chains are intact: its officer is not told anything.
    const mffeOfficers = await securityOfficersOf(t.database.db, "mffe");
    expect(told.some((n) => mffeOfficers.includes(n.userId))).toBe(false);
  });
});
