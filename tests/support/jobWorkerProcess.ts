// A worker in its own process, for the tests that kill one with SIGKILL mid-job. Runs the jobs due
// at argv[2] (an ISO time) on the database named by DATABASE_URL or DATA_DIR, then exits.
import { databaseConfigFromEnv, openDatabase } from "../../server/db/database.js";
import { jobHandlers } from "../../server/jobs/registry.js";
import { JobRunner } from "../../server/jobs/runner.js";
import { testJobHandlers } from "./testJobs.js";

const now = new Date(process.argv[2] ?? "");
if (Number.isNaN(now.getTime())) throw new Error("usage: jobWorkerProcess.ts <ISO time>");
const database = await openDatabase(databaseConfigFromEnv());
const runner = new JobRunner({
  db: database.db,
  handlers: [...jobHandlers, ...testJobHandlers],
  workerId: `child:${process.pid}`,
});
const report = await runner.runDueJobs(now);
process.stdout.write(`${JSON.stringify(report)}\n`);
await database.close();
