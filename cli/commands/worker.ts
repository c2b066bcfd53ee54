import { databaseConfigFromEnv, openDatabase } from "../../server/db/database.js";
import { createJobRunner } from "../../server/jobs/worker.js";

/**
 * `logigramme worker`: the job runner alone, for app servers started with WORKER=off. Runs until
 * SIGINT or SIGTERM, then finishes the job under way and exits.
 */
export async function workerCommand(language: "fr" | "en"): Promise<number> {
  const t = (fr: string, en: string) => (language === "fr" ? fr : en);
  const database = await openDatabase(databaseConfigFromEnv());
  await database.migrate();
  const runner = createJobRunner(database.db, {
    log: { info: (m) => console.log(m), error: (m) => console.error(m) },
  });
  runner.start();
  console.log(
    t(
      `tâches de fond : ${runner.workerId} (${database.kind}, ${database.location})`,
      `background jobs: ${runner.workerId} (${database.kind}, ${database.location})`,
    ),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await runner.stop();
  await database.close();
  return 0;
}
