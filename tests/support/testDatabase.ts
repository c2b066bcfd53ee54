import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { prepareDatabase } from "../../server/bootstrap.js";
import type { Database } from "../../server/db/database.js";

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
export async function createTestDatabase(options: { onDisk?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    if (!options.onDisk) {
      const database = await prepareDatabase({ kind: "pglite", dataDir: null });
      return { database, env: {}, drop: () => database.close() };
    }
    const dataDir = mkdtempSync(join(tmpdir(), "logigramme-test-"));
    const database = await prepareDatabase({ kind: "pglite", dataDir: join(dataDir, "pg") });
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
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await prepareDatabase({ kind: "postgres", url: url.toString(), poolSize: 24 });
  return {
    database,
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      await database.close();
      await waitForDisconnections(serverUrl, name);
      await admin(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** A closed pool's connections end asynchronously on the server: let them go before dropping. */
async function waitForDisconnections(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await client.query(
        "select count(*)::int as n from pg_stat_activity where datname = $1",
        [name],
      );
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.end();
  }
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export function databaseKind(): "pglite" | "postgres" {
  return process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
}
