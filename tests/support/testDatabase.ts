import { randomBytes } from "node:crypto";
import pg from "pg";
import { prepareDatabase } from "../../server/bootstrap.js";
import type { Database } from "../../server/db/database.js";

/**
 * A fresh database for one test file, migrated and loaded with the real catalog. With
 * TEST_DATABASE_URL set (`npm run test:pg`) it is a new PostgreSQL database on that server,
 * dropped afterwards; otherwise an in-memory embedded PGlite.
 */
export async function createTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await prepareDatabase({ kind: "pglite", dataDir: null });
    return { database, drop: () => database.close() };
  }
  const name = `logigramme_t_${randomBytes(6).toString("hex")}`;
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await prepareDatabase({ kind: "postgres", url: url.toString(), poolSize: 24 });
  return {
    database,
    drop: async () => {
      await database.close();
      await admin(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
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
