import { join } from "node:path";
import { buildApp } from "./app.js";
import { directoryConfigFromEnv } from "./auth/directory.js";
import { oidcConfigFromEnv } from "./auth/oidc.js";
import { packageVersion, prepareDatabase } from "./bootstrap.js";
import { databaseConfigFromEnv } from "./db/database.js";
import { gatherEmbeddedStatistics } from "./db/statistics.js";
import { createJobRunner, workerEnabled } from "./jobs/worker.js";

const config = databaseConfigFromEnv();
const database = await prepareDatabase(config);
await gatherEmbeddedStatistics(database);
const filesDir = process.env.FILES_DIR ?? join(process.env.DATA_DIR ?? "data", "files");
const trustProxy = process.env.TRUST_PROXY;
const app = await buildApp({
  database,
  version: packageVersion(),
  logger: true,
  filesDir,
  directory: directoryConfigFromEnv(process.env),
  oidc: oidcConfigFromEnv(process.env),
  publicUrl: process.env.PUBLIC_URL || `http://localhost:${process.env.PORT ?? 3000}`,
  ...(trustProxy ? { trustProxy: trustProxy === "true" ? true : trustProxy } : {}),
});

// The embedded database serves one process: its jobs run here. With PostgreSQL, every app server
// shares the work unless WORKER=off (then `logigramme worker` runs it).
const runner = workerEnabled() ? createJobRunner(database.db, { log: app.log }) : null;

const shutdown = async () => {
  await runner?.stop();
  await app.close();
  await database.close();
};
process.once("SIGINT", () => void shutdown().then(() => process.exit(0)));
process.once("SIGTERM", () => void shutdown().then(() => process.exit(0)));

await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? "0.0.0.0" });
app.log.info(`Logigramme ${packageVersion()} — base ${database.kind} (${database.location})`);
runner?.start();
