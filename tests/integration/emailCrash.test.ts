import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { message } from "../../engine/messages.js";
import { openDatabase } from "../../server/db/database.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { jobs, notifications } from "../../server/db/schema.js";
import { jobHandlers } from "../../server/jobs/registry.js";
import { JobRunner } from "../../server/jobs/runner.js";
import { notify } from "../../server/messages/outbox.js";
import { projectRoot } from "../../server/paths.js";
import { anyUserOf } from "../support/people.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtpServer.js";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase.js";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

function startWorker(env: Record<string, string>, now: Date): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", join(projectRoot(), "tests", "support", "jobWorkerProcess.ts"), now.toISOString()],
    { cwd: projectRoot(), env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
}

describe(`an e-mail whose worker is killed mid-send (${onPostgres ? "PostgreSQL" : "embedded data directory"})`, () => {
  let store: TestDatabase;
  let smtp: TestSmtpServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "Logigramme <no-reply@douanes.example.ci>";
    store = await createTestDatabase({ onDisk: true });
  });
  afterAll(async () => {
    await store.drop();
    await smtp.close();
    process.env = saved;
  });

  it("is sent once, with its one Message-ID, by the worker that takes the job over after the lease", async () => {
    const start = new Date("2026-03-02T09:00:00Z");
    let database = store.database;
    const person = (await findUserByMatricule(database.db, await anyUserOf(database, "douanes")))!;
    const [notificationId] = await database.db.transaction((tx) =>
      notify(
        tx,
        "douanes",
        [
          {
            userId: person.id,
            kind: "task_assigned",
            subject: message("Nouvelle tâche : vérifier la sauvegarde", "New task: check the backup"),
            body: message("Le dossier attend.", "The case is waiting."),
            createdAt: start,
          },
        ],
        start,
      ),
    );
    if (!onPostgres) await database.close();

    const child = startWorker({ ...store.env, SMTP_URL: smtp.url, SMTP_FROM: process.env.SMTP_FROM! }, start);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_c, signal) => resolve(signal)),
    );
    // The worker is in the middle of the DATA command: kill it there.
    smtp.onDataStart = () => child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    smtp.onDataStart = null;
    expect(smtp.received).toHaveLength(0);

    if (!onPostgres)
      database = await openDatabase({ kind: "pglite", dataDir: join(store.env.DATA_DIR!, "pg") });
    store.database = database;
    const [crashed] = await database.db
      .select()
      .from(jobs)
      .where(eq(jobs.key, `email:${notificationId}`));
    expect(crashed).toMatchObject({ status: "running", attempts: 1 });

    const survivor = new JobRunner({ db: database.db, handlers: jobHandlers, workerId: "survivor" });
    // The dead worker's lease (120 s) runs out, then the job is taken over and the message sent.
    expect((await survivor.runDueJobs(new Date(start.getTime() + 60_000))).done).toEqual([]);
    expect((await survivor.runDueJobs(new Date(start.getTime() + 121_000))).done).toEqual([crashed!.id]);

    expect(smtp.received.map((m) => m.messageId)).toEqual([
      `<notification.${notificationId}@douanes.example.ci>`,
    ]);
    const [sent] = await database.db
      .select()
      .from(notifications)
      .where(eq(notifications.id, notificationId!));
    expect(sent?.emailedAt).toEqual(new Date(start.getTime() + 121_000));
    // Run again: nothing more leaves.
    await survivor.runDueJobs(new Date(start.getTime() + 3_600_000));
    expect(smtp.received).toHaveLength(1);
  });
});
