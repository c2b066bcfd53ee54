import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { claimDueJobs, findJob } from "../../server/db/queries/jobs.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { jobs, notifications, securityEvents } from "../../server/db/schema.js";
import { enqueueJob } from "../../server/jobs/queue.js";
import { jobHandlers } from "../../server/jobs/registry.js";
import { JobRunner } from "../../server/jobs/runner.js";
import type { JobView } from "../../shared/api/jobs.js";
import { anyUserOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { effectJob, failing, failingJob, testJobHandlers } from "../support/testJobs.js";

describe("the job runner", () => {
  let t: TestApp;
  let runner: JobRunner;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp();
    runner = new JobRunner({
      db: t.database.db,
      handlers: [...jobHandlers, ...testJobHandlers],
      clock: t.clock.now,
    });
    userId = (await findUserByMatricule(t.database.db, await anyUserOf(t.database, "douanes")))!.id;
  });
  afterAll(async () => {
    await runner.stop();
    await t.close();
  });

  /** How many times the effect of `test.effect` jobs with this mark happened. */
  const effectsMarked = async (mark: string) =>
    (
      await t.database.db
        .select({ subject: notifications.subject })
        .from(notifications)
        .where(and(eq(notifications.kind, "test_effect"), eq(notifications.userId, userId)))
    ).filter((n) => n.subject.fr === mark).length;

  it("never runs a job enqueued in a transaction that rolled back, and runs the committed one", async () => {
    const now = t.clock.now();
    await expect(
      t.database.db.transaction(async (tx) => {
        await enqueueJob(tx, {
          job: effectJob,
          payload: { organisation: "douanes", userId, mark: "annulé" },
          runAt: now,
          key: "rollback-1",
        });
        throw new Error("the change that caused the job is refused");
      }),
    ).rejects.toThrow("refused");
    const committed = await t.database.db.transaction((tx) =>
      enqueueJob(tx, {
        job: effectJob,
        payload: { organisation: "douanes", userId, mark: "validé" },
        runAt: now,
      }),
    );

    const report = await runner.runDueJobs(now);
    expect(report.done).toEqual([committed]);
    expect(await t.database.db.select().from(jobs).where(eq(jobs.key, "rollback-1"))).toEqual([]);
    expect(await effectsMarked("annulé")).toBe(0);
    expect(await effectsMarked("validé")).toBe(1);
    expect((await findJob(t.database.db, committed!))?.status).toBe("done");
  });

  it("enqueues nothing for a key already used, even once its job has run", async () => {
    const now = t.clock.now();
    const enqueue = () =>
      t.database.db.transaction((tx) =>
        enqueueJob(tx, {
          job: effectJob,
          payload: { organisation: "douanes", userId, mark: "une fois" },
          runAt: now,
          key: "once-1",
        }),
      );
    const first = await enqueue();
    expect(first).not.toBeNull();
    expect(await enqueue()).toBeNull();
    await runner.runDueJobs(now);
    expect(await enqueue()).toBeNull();
    expect(await effectsMarked("une fois")).toBe(1);
  });

  it("waits for a job's time before running it", async () => {
    const now = t.clock.now();
    const later = new Date(now.getTime() + 3_600_000);
    const id = await t.database.db.transaction((tx) =>
      enqueueJob(tx, {
        job: effectJob,
        payload: { organisation: "douanes", userId, mark: "plus tard" },
        runAt: later,
      }),
    );
    expect((await runner.runDueJobs(now)).done).not.toContain(id);
    expect((await runner.runDueJobs(later)).done).toEqual([id]);
  });

  it("retries a failing job with a doubling delay, then keeps it dead with its last error", async () => {
    failing.on = true;
    const start = t.clock.now();
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    const id = (await t.database.db.transaction((tx) =>
      enqueueJob(tx, { job: failingJob, payload: {}, runAt: start, organisation: "douanes" }),
    ))!;

    expect((await runner.runDueJobs(at(0))).retried).toEqual([id]);
    expect((await findJob(t.database.db, id))?.runAt).toEqual(at(60));
    expect((await runner.runDueJobs(at(59))).retried).toEqual([]);
    expect((await runner.runDueJobs(at(60))).retried).toEqual([id]);
    expect((await findJob(t.database.db, id))?.runAt).toEqual(at(180));
    expect((await runner.runDueJobs(at(180))).dead).toEqual([id]);

    const dead = (await findJob(t.database.db, id))!;
    expect(dead).toMatchObject({
      status: "dead",
      attempts: 3,
      lastError: "le service distant ne répond pas",
    });
    expect(dead.finishedAt).toEqual(at(180));
    expect((await runner.runDueJobs(at(100_000))).dead).toEqual([]);
  });

  it("ends dead a job whose worker stopped during its last allowed attempt, without running it again", async () => {
    const now = t.clock.now();
    const id = (await t.database.db.transaction((tx) =>
      enqueueJob(tx, {
        job: effectJob,
        payload: { organisation: "douanes", userId, mark: "abandonné" },
        runAt: now,
        maxAttempts: 1,
      }),
    ))!;
    // A worker claims it and vanishes before running it.
    const claimed = await t.database.db.transaction((tx) =>
      claimDueJobs(tx, { workerId: "vanished", leaseSeconds: new Map([["test.effect", 60]]), now, limit: 1 }),
    );
    expect(claimed.map((j) => j.id)).toEqual([id]);
    expect((await runner.runDueJobs(new Date(now.getTime() + 30_000))).dead).toEqual([]);
    expect((await runner.runDueJobs(new Date(now.getTime() + 61_000))).dead).toEqual([id]);
    expect(await findJob(t.database.db, id)).toMatchObject({
      status: "dead",
      lastError: "the worker stopped during attempt 1",
    });
    expect(await effectsMarked("abandonné")).toBe(0);
  });

  it("shows administrators their organisation's dead jobs with the last error, and re-runs one through the API", async () => {
    failing.on = true;
    const now = t.clock.now();
    const id = (await t.database.db.transaction((tx) =>
      enqueueJob(tx, { job: failingJob, payload: {}, runAt: now, organisation: "douanes", maxAttempts: 1 }),
    ))!;
    const systemWide = (await t.database.db.transaction((tx) =>
      enqueueJob(tx, { job: failingJob, payload: {}, runAt: now, maxAttempts: 1 }),
    ))!;
    expect((await runner.runDueJobs(now)).dead.sort()).toEqual([id, systemWide].sort());

    const admin = t.as("DGD0099");
    const listed = await admin.get<{ items: JobView[]; nextCursor: string | null }>("/api/jobs?status=dead");
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((j) => j.id === id)).toMatchObject({
      name: "test.failing",
      organisation: "douanes",
      status: "dead",
      attempts: 1,
      lastError: "le service distant ne répond pas",
    });
    expect(listed.body.items.map((j) => j.id)).toContain(systemWide);
    const firstPage = await admin.get<{ items: JobView[]; nextCursor: string }>("/api/jobs?limit=1");
    const secondPage = await admin.get<{ items: JobView[] }>(
      `/api/jobs?limit=1&cursor=${firstPage.body.nextCursor}`,
    );
    expect(secondPage.body.items[0]!.id).not.toBe(firstPage.body.items[0]!.id);

    // Another organisation's administrator neither sees nor re-runs it; the system-wide one they see.
    const other = t.as("MFFE0099");
    const theirs = await other.get<{ items: JobView[] }>("/api/jobs?status=dead");
    expect(theirs.body.items.map((j) => j.id)).not.toContain(id);
    expect(theirs.body.items.map((j) => j.id)).toContain(systemWide);
    expect((await other.post(`/api/jobs/${id}/retry`)).status).toBe(404);
    // Nor does someone who is not an administrator.
    const agent = await anyUserOf(t.database, "douanes");
    expect((await t.as(agent).get("/api/jobs")).status).toBe(403);
    expect((await t.as(agent).post(`/api/jobs/${id}/retry`)).status).toBe(403);

    // The remote service is back: the administrator re-runs the job.
    failing.on = false;
    const retried = await admin.post<JobView>(`/api/jobs/${id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id, status: "queued", attempts: 0, runAt: now.toISOString() });
    expect((await admin.post(`/api/jobs/${id}/retry`)).status).toBe(409);
    expect((await runner.runDueJobs(now)).done).toEqual([id]);
    expect(await findJob(t.database.db, id)).toMatchObject({ status: "done", attempts: 1 });

    const adminId = (await findUserByMatricule(t.database.db, "DGD0099"))!.id;
    const trail = await t.database.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.organisation, "douanes"), eq(securityEvents.type, "job_retried")));
    expect(trail).toEqual([
      expect.objectContaining({
        actorUserId: adminId,
        payload: {
          jobId: id,
          job: "test.failing",
          attempts: 1,
          lastError: "le service distant ne répond pas",
        },
      }),
    ]);
  });

  it("ticks by itself once started, and stops cleanly", async () => {
    const id = await t.database.db.transaction((tx) =>
      enqueueJob(tx, {
        job: effectJob,
        payload: { organisation: "douanes", userId, mark: "en tâche de fond" },
        runAt: t.clock.now(),
      }),
    );
    const ticking = new JobRunner({
      db: t.database.db,
      handlers: testJobHandlers,
      clock: t.clock.now,
      pollMs: 60_000,
    });
    ticking.start();
    await vi.waitFor(async () => expect((await findJob(t.database.db, id!))?.status).toBe("done"));
    await ticking.stop();
    expect(await effectsMarked("en tâche de fond")).toBe(1);
  });
});
