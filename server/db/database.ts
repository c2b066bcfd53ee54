import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { migrationsFolder } from "../paths.js";
import { lockDataDir } from "./dataDirLock.js";
import { rowsOf } from "./rows.js";
import * as schema from "./schema.js";

/** Both drivers give this type; every query in the data layer is written against it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for /health and logs (never the password). */
  location: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { kind: "pglite"; dataDir: string | null; sharedBuffers?: string }
  | { kind: "postgres"; url: string; poolSize?: number };

/** DATABASE_URL selects PostgreSQL; otherwise the embedded database lives in DATA_DIR (./data). */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  if (env.DATABASE_URL)
    return { kind: "postgres", url: env.DATABASE_URL, poolSize: Number(env.DATABASE_POOL_SIZE ?? 10) };
  return {
    kind: "pglite",
    dataDir: join(env.DATA_DIR ?? "data", "pg"),
    ...(env.PGLITE_SHARED_BUFFERS ? { sharedBuffers: env.PGLITE_SHARED_BUFFERS } : {}),
  };
}

// Any constant shared by every app server: migrations run once even when several start together.
const MIGRATION_LOCK = 7_321_404;

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === "pglite") {
    const options = { postgresqlconf: [`shared_buffers=${config.sharedBuffers ?? "32MB"}`] };
    let release = () => {};
    if (config.dataDir) {
      mkdirSync(config.dataDir, { recursive: true });
      release = lockDataDir(config.dataDir);
    }
    if (config.dataDir && !existsSync(join(config.dataDir, "PG_VERSION"))) {
      createEmbeddedCluster(config.dataDir, options.postgresqlconf);
    }
    const client = await PGlite.create(config.dataDir ?? undefined, options).catch((error: unknown) => {
      release();
      throw error;
    });
    const db = drizzlePglite(client, { schema });
    return {
      db,
      kind: "pglite",
      location: config.dataDir ?? "memory",
      migrate: () => migratePglite(db, { migrationsFolder: migrationsFolder() }),
      close: once(() => client.close().finally(release)),
    };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
  // An idle connection the server closes (restart, failover) must not crash the process; the pool
  // replaces it on the next query.
  pool.on("error", (error) => console.error(`PostgreSQL: idle connection lost: ${error.message}`));
  const db = drizzleNodePg(pool, { schema });
  const url = new URL(config.url);
  return {
    db,
    kind: "postgres",
    location: `${url.hostname}:${url.port || 5432}${url.pathname}`,
    migrate: async () => {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
        await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder: migrationsFolder() });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    close: once(() => pool.end()),
  };
}

/** Applied migrations, for /health: the count in the folder must equal the count in the database. */
export async function appliedMigrationCount(db: Db): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  return Number(rows[0]?.n ?? 0);
}

/** Closing twice (a test's early close, then its clean-up) must be harmless. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => {
    closing ??= close();
    return closing;
  };
}

/**
 * Creating a cluster runs initdb beside the server and leaves a process some 800 MB large for its
 * whole life, where an existing cluster opens in under 300 MB. So a new cluster is created by a
 * short-lived child process; the server then opens it like any existing one.
 */
function createEmbeddedCluster(dataDir: string, postgresqlconf: string[]): void {
  const module = import.meta.resolve("@electric-sql/pglite");
  const script = `const { PGlite } = await import(${JSON.stringify(module)});
    const db = await PGlite.create(${JSON.stringify(dataDir)}, { postgresqlconf: ${JSON.stringify(postgresqlconf)} });
    await db.close();`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  if (child.status !== 0) {
    throw new Error(
      `could not create the embedded database in ${dataDir}: ${child.stderr || child.error?.message}`,
    );
  }
}
