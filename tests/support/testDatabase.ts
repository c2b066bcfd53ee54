import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareDatabase } from "../../server/bootstrap.js";
import type { Database } from "../../server/db/database.js";
import { createDatabase, dropDatabase } from "../../server/db/serverAdmin.js";

/**
 * A fresh database for one test file, migrated and loaded with the real catalog. With
 * TEST_DATABASE_URL set (`npm run test:pg`) it is a new PostgreSQL database on that server,
 * dropped afterwards; otherwise an in-memory embedded PGlite.
 */
export interface TestDatabase {
  database: Database;
  /** What another process (the CLI) needs to open the same database. */
  env: Record<string, string>;
  drop: () => Promise<void>;
}

/** `onDisk`: an embedded database in a folder, so that another process can open it once closed here. */
export async function createTestDatabase(
  options: {
    onDisk?: boolean;
    /** Catalog folders to load instead of the real catalog alone (a second organisation…). */
    catalogPaths?: string[];
  } = {},
): Promise<TestDatabase> {
  const catalog = options.catalogPaths;
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    if (!options.onDisk) {
      const database = await prepareDatabase({ kind: "pglite", dataDir: null }, catalog);
      return { database, env: {}, drop: () => database.close() };
    }
    const dataDir = mkdtempSync(join(tmpdir(), "logigramme-test-"));
    const database = await prepareDatabase({ kind: "pglite", dataDir: join(dataDir, "pg") }, catalog);
    return {
      database,
      env: { DATA_DIR: dataDir, DATABASE_URL: "" },
      drop: async () => {
        await database.close().catch(() => undefined);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `logigramme_t_${randomBytes(6).toString("hex")}`;
  const url = await createDatabase(serverUrl, name);
  const database = await prepareDatabase({ kind: "postgres", url, poolSize: 24 }, catalog);
  return {
    database,
    env: { DATABASE_URL: url },
    drop: async () => {
      await database.close();
      await dropDatabase(serverUrl, name);
    },
  };
}
