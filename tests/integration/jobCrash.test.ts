import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database.js";
import { findJob } from "../../server/db/queries/jobs.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { notifications } from "../../server/db/schema.js";
import { enqueueJob } from "../../server/jobs/queue.js";
import { JobRunner } from "../../server/jobs/runner.js";
import { projectRoot } from "../../server/paths.js";
import { anyUserOf } from "../support/people.js";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase.js";
import { effectJob, testJobHandlers } from "../support/testJobs.js";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** A worker in its own process, told to stop mid-job (effect written, transaction still open). */
function startHangingWorker(env: Record<string, string>, now: Date): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", join(projectRoot(), "tests", "support", "jobWorkerProcess.ts"), now.toISOString()],
    {
      cwd: projectRoot(),
      env: { ...process.env, ...env, JOB_CHILD_HANG: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split("\n").includes(line)) resolve();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before "${line}": ${out}${err}`)));
  });
}

function killed(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    child.once("exit", (_code, signal) => resolve(signal));
    child.kill("SIGKILL");
  });
}

describe(`a worker killed mid-job (${onPostgres ? "PostgreSQL" : "embedded data directory"})`, () => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await createTestDatabase({ onDisk: true });
  });
  afterAll(async () => {
    await store.drop();
  });

  it("leaves its job to be run again after the lease, and the job's effect happens once", async () => {
    const start = new Date("2026-03-02T09:00:00Z");
    let database = store.database;
    const userId = (await findUserByMatricule(database.db, await anyUserOf(database, "douanes")))!.id;
    const jobId = (await database.db.transaction((tx) =>
      enqueueJob(tx, {
        job: effectJob,
        payload: { organisation: "douanes", userId, mark: "kill -9" },
        runAt: start,
      }),
    ))!;
    // The embedded database admits one process at a time.
    if (!onPostgres) await database.close();

    const child = startHangingWorker(store.env, start);
    await waitForLine(child, "MID-JOB");
    if (onPostgres) {
      // Alive, the worker keeps its job even past the lease: the row is locked by its transaction.
      const other = new JobRunner({ db: database.db, handlers: testJobHandlers, workerId: "other" });
      expect((await other.runDueJobs(new Date(start.getTime() + 120_000))).done).toEqual([]);
    }
    expect(await killed(child)).toBe("SIGKILL");

    if (!onPostgres)
      database = await openDatabase({ kind: "pglite", dataDir: join(store.env.DATA_DIR!, "pg") });
    store.database = database;
    const afterCrash = await findJob(database.db, jobId);
    expect(afterCrash).toMatchObject({ status: "running", attempts: 1 });
    expect(afterCrash?.lockedBy).toMatch(/^child:/);

    const survivor = new JobRunner({ db: database.db, handlers: testJobHandlers, workerId: "survivor" });
    // Within the dead worker's lease (60 s) nobody takes the job over.
    expect((await survivor.runDueJobs(new Date(start.getTime() + 30_000))).done).toEqual([]);
    expect((await survivor.runDueJobs(new Date(start.getTime() + 61_000))).done).toEqual([jobId]);

    expect(await findJob(database.db, jobId)).toMatchObject({ status: "done", attempts: 2, lockedBy: null });
    const effects = await database.db
      .select({ subject: notifications.subject })
      .from(notifications)
      .where(and(eq(notifications.kind, "test_effect"), eq(notifications.userId, userId)));
    expect(effects.map((e) => e.subject.fr)).toEqual(["kill -9"]);
  });
});
