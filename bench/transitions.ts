/**
 * `npm run bench`: transitions per second, one transition being the whole transaction (case row
 * under its lock, event chained with its hash, task closed, next task opened, its holders
 * notified), on the embedded database and on PostgreSQL at 1, 4 and 16 concurrent clients; then
 * the same machine's raw limit for a write transaction of the same shape on each database, so the
 * ratios are visible; then the same transitions sent through HTTP (Fastify, sessions, the read
 * policy and the case presenter) by autocannon from another process.
 *
 * Options (environment): BENCH_SECONDS (per measurement, default 5), PG_SERVER_URL, BENCH_PARTS
 * (a comma list among embedded, postgres, http, raw; default all).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { eq } from "drizzle-orm";
import pg from "pg";
import { buildApp } from "../server/app.js";
import { openSession, SESSION_COOKIE } from "../server/auth/sessions.js";
import { prepareDatabase } from "../server/bootstrap.js";
import { actOnCase } from "../server/commands/caseActor.js";
import { startCase } from "../server/commands/caseStarter.js";
import { inOperation } from "../server/context/operationContext.js";
import type { Database } from "../server/db/database.js";
import { findCase } from "../server/db/queries/cases.js";
import { findDefinitionInForce } from "../server/db/queries/definitions.js";
import { findUserByMatricule, holdersOfRole, listUnits } from "../server/db/queries/orgChart.js";
import { listCaseTasks } from "../server/db/queries/tasks.js";
import { users } from "../server/db/schema.js";
import { createDatabase, dropDatabase } from "../server/db/serverAdmin.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = [1, 4, 16];
const PARTS = new Set((process.env.BENCH_PARTS ?? "embedded,postgres,http,raw").split(","));
const SERVER = process.env.PG_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PROCEDURE = "douanes-c-jonction-domaine";
/** What the loop's check is given: an OS too old, so that it goes round (check → upgrade → check). */
const FORMS: Record<string, Record<string, unknown>> = {
  "verification-caracteristiques": { os_version: 7, ram_go: 8 },
};

interface Row {
  database: string;
  clients: number;
  transitions: number;
  perSecond: number;
  p50ms: number;
  p95ms: number;
  /** Resident memory of this process after the measurement (the embedded database lives in it). */
  rssMB: number;
}

/** One measurement's row: throughput over the run, latency percentiles, memory now. */
function summarise(database: string, clients: number, latencies: number[]): Row {
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => Number((sorted[Math.floor((sorted.length - 1) * p)] ?? 0).toFixed(1));
  return {
    database,
    clients,
    transitions: sorted.length,
    perSecond: Math.round(sorted.length / SECONDS),
    p50ms: pct(0.5),
    p95ms: pct(0.95),
    rssMB: Math.round(process.memoryUsage().rss / 1_048_576),
  };
}

/**
 * Each client owns one domain-join case and loops on its "OS ≥ Windows 10 et RAM ≥ 4 Go ? Non"
 * loop (check → upgrade → check…), so it can transition for as long as we measure.
 */
async function measure(database: Database, label: string, clients: number): Promise<Row> {
  const db = database.db;
  const requester = (await findUserByMatricule(db, (await holdersOfRole(db, "douanes", "CB"))[0]!))!;
  const now = () => new Date();
  const people = new Map<string, string>();
  const takerOf = async (roleCode: string | null, unitId: string | null): Promise<string> => {
    const key = `${roleCode}/${unitId}`;
    if (!people.has(key)) {
      const matricule = (await holdersOfRole(db, "douanes", roleCode ?? "", unitId))[0]!;
      people.set(key, (await findUserByMatricule(db, matricule))!.id);
    }
    return people.get(key)!;
  };

  const caseIds: string[] = [];
  for (let i = 0; i < clients; i++) {
    const caller = { kind: "person" as const, user: requester };
    const c = await inOperation(db, { organisation: "douanes", caller, now: now() }, (ctx) =>
      startCase(ctx, { procedureId: PROCEDURE, requester: { userId: requester.id } }),
    );
    caseIds.push(c.id);
  }

  const latencies: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    caseIds.map(async (caseId) => {
      while (Date.now() < deadline) {
        const current = (await findCase(db, caseId))!;
        const task = (await listCaseTasks(db, caseId)).find((t) => t.status === "open")!;
        const userId = await takerOf(task.roleCode, task.unitId);
        const started = performance.now();
        const caller = { kind: "person" as const, user: { id: userId, organisation: "douanes" } };
        await inOperation(db, { organisation: "douanes", caller, now: now() }, (ctx) =>
          actOnCase(ctx, {
            caseId,
            expectedVersion: current.version,
            action: { type: "complete", tokenId: task.tokenId, form: FORMS[task.stepId] ?? {} },
          }),
        );
        latencies.push(performance.now() - started);
      }
    }),
  );
  return summarise(label, clients, latencies);
}

const RAW_TABLES = (clients: number) => `drop table if exists raw_cases, raw_events, raw_tasks;
    create table raw_cases (id int primary key, version int not null, state jsonb not null);
    create table raw_events (id bigserial primary key, case_id int, seq int, payload jsonb, hash text);
    create table raw_tasks (id bigserial primary key, case_id int, status text, step text);
    insert into raw_cases select g, 1, '{}'::jsonb from generate_series(1, ${clients}) g;`;

/** The raw transaction's statements, after `begin`: read, update, append, close, open. */
async function rawTransition(
  query: (text: string, params: unknown[]) => Promise<{ rows: unknown[] }>,
  id: number,
) {
  const { rows } = await query("select version from raw_cases where id = $1", [id]);
  const version = (rows[0] as { version: number }).version;
  await query("update raw_cases set version = version + 1, state = $2 where id = $1 and version = $3", [
    id,
    JSON.stringify({ step: version }),
    version,
  ]);
  await query("insert into raw_events (case_id, seq, payload, hash) values ($1, $2, $3, $4)", [
    id,
    version,
    JSON.stringify({ v: version }),
    randomBytes(32).toString("hex"),
  ]);
  await query("update raw_tasks set status = 'done' where case_id = $1 and status = 'open'", [id]);
  await query("insert into raw_tasks (case_id, status, step) values ($1, 'open', 'x')", [id]);
}

/** The same shape of transaction on the embedded database, in a file like `npm start` uses. */
async function rawEmbeddedLimit(clients: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), "logigramme-bench-raw-"));
  const lite = await PGlite.create(join(dir, "pg"));
  try {
    await lite.exec(RAW_TABLES(clients));
    const latencies: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        while (Date.now() < deadline) {
          const started = performance.now();
          await lite.transaction((tx) => rawTransition((text, params) => tx.query(text, params), i + 1));
          latencies.push(performance.now() - started);
        }
      }),
    );
    return summarise("raw SQL (PGlite)", clients, latencies);
  } finally {
    await lite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same shape of write transaction in raw SQL: update a row, insert an event, close and open a task. */
async function rawLimit(url: string, clients: number): Promise<Row> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(RAW_TABLES(clients));
  await setup.end();
  const pool = new pg.Pool({ connectionString: url, max: clients });
  pool.on("error", () => undefined);
  const latencies: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const client = await pool.connect();
      try {
        while (Date.now() < deadline) {
          const started = performance.now();
          await client.query("begin");
          await rawTransition((text, params) => client.query(text, params), i + 1);
          await client.query("commit");
          latencies.push(performance.now() - started);
        }
      } finally {
        client.release();
      }
    }),
  );
  await pool.end();
  return summarise("raw SQL", clients, latencies);
}

/**
 * The transitions of `measure`, sent through HTTP: the app listens on a loopback port, each taker
 * has a session, and autocannon (another process) completes tasks as they would from the inbox.
 */
async function measureHttp(database: Database, clients: number): Promise<Row> {
  const db = database.db;
  const filesDir = mkdtempSync(join(tmpdir(), "logigramme-bench-files-"));
  const app = await buildApp({ database, version: "bench", filesDir, logger: false });
  try {
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    const def = (await findDefinitionInForce(db, "douanes", PROCEDURE))!;
    const requester = (await findUserByMatricule(
      db,
      (
        await holdersOfRole(db, "douanes", "CB")
      )[0]!,
      "douanes",
    ))!;
    const sessions: Record<string, { cookie: string; csrfToken: string }> = {};
    const units = await listUnits(db, "douanes");
    for (const step of def.steps) {
      const actor = def.actors[step.actor];
      const role = actor?.anyOf?.[0]?.role ?? actor?.role ?? step.actor;
      const unitCode = actor?.anyOf?.[0]?.unit ?? actor?.unit;
      const unitId = unitCode ? (units.find((u) => u.code === unitCode)?.id ?? null) : null;
      const matricule = actor?.relative
        ? requester.matricule
        : (await holdersOfRole(db, "douanes", role, unitId))[0];
      if (!matricule) continue;
      const user = (await findUserByMatricule(db, matricule, "douanes"))!;
      // A throwaway database: the takers' first-sign-in obligations are waived, not faked per request.
      await db
        .update(users)
        .set({ mustChangePassword: false, totpEnabled: true })
        .where(eq(users.id, user.id));
      const opened = await openSession(
        db,
        user.id,
        { ip: "127.0.0.1", userAgent: "bench", pendingSecondFactor: false },
        new Date(),
      );
      sessions[step.id] = { cookie: `${SESSION_COOKIE}=${opened.token}`, csrfToken: opened.csrfToken };
    }
    const cases = [];
    for (let i = 0; i < clients; i++) {
      const caller = { kind: "person" as const, user: requester };
      const c = await inOperation(db, { organisation: "douanes", caller, now: new Date() }, (ctx) =>
        startCase(ctx, { procedureId: PROCEDURE, requester: { userId: requester.id } }),
      );
      const task = (await listCaseTasks(db, c.id)).find((t) => t.status === "open")!;
      cases.push({ caseId: c.id, version: c.version, taskId: task.id, stepId: task.stepId });
    }
    const plan = { url, seconds: SECONDS, cases, sessions, forms: FORMS };
    // Not spawnSync: the server answering the load lives in this process's event loop.
    const run = await loadProcess(JSON.stringify(plan));
    const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as {
      requests: number;
      perSecond: number;
      p50ms: number;
      p97_5ms: number;
      non2xx: number;
      errors: number;
    };
    if (result.requests === 0) console.log(run.stderr);
    if (result.non2xx > 0 || result.errors > 0)
      console.log(
        `  (HTTP, ${clients} client(s): ${result.non2xx} answers other than 2xx, ${result.errors} errors)`,
      );
    return {
      database: "PostgreSQL via HTTP",
      clients,
      transitions: result.requests,
      perSecond: result.perSecond,
      p50ms: result.p50ms,
      p95ms: result.p97_5ms,
      rssMB: Math.round(process.memoryUsage().rss / 1_048_576),
    };
  } finally {
    await app.close();
    rmSync(filesDir, { recursive: true, force: true });
  }
}

function loadProcess(input: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/httpLoad.ts"]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 && stdout.trim() !== ""
        ? resolve({ stdout, stderr })
        : reject(new Error(`the load process failed (${code}): ${stderr}`)),
    );
    child.stdin.end(input);
  });
}

function pgbench(url: string, clients: number): number | null {
  const init = spawnSync("pgbench", ["-i", "-q", "-s", "1", url], { encoding: "utf8" });
  if (init.status !== 0) return null;
  const run = spawnSync("pgbench", ["-c", String(clients), "-j", "2", "-T", String(SECONDS), "-n", url], {
    encoding: "utf8",
  });
  const tps = /tps = ([\d.]+)/.exec(run.stdout);
  return tps ? Math.round(Number(tps[1])) : null;
}

function report(row: Row): Row {
  console.log(
    `  ${row.database}, ${row.clients} client(s): ${row.perSecond} transitions/s (p50 ${row.p50ms} ms, p95 ${row.p95ms} ms)`,
  );
  return row;
}

function ratios(rows: Row[], measured: string, reference: string, title: string): void {
  const limit = new Map(rows.filter((r) => r.database === reference).map((r) => [r.clients, r.perSecond]));
  console.log(`\nRatio of ${title}:`);
  for (const r of rows.filter((x) => x.database === measured)) {
    const of = limit.get(r.clients) ?? 0;
    console.log(
      `  ${r.clients} client(s): ${r.perSecond}/s vs ${of}/s → ${((100 * r.perSecond) / (of || 1)).toFixed(0)} %`,
    );
  }
}

async function main() {
  const rows: Row[] = [];
  console.log(`Logigramme bench: ${SECONDS}s per measurement, procedure ${PROCEDURE}\n`);

  const dir = mkdtempSync(join(tmpdir(), "logigramme-bench-"));
  try {
    const embedded = await prepareDatabase({ kind: "pglite", dataDir: dir });
    if (PARTS.has("embedded"))
      for (const c of CLIENTS) rows.push(report(await measure(embedded, "PGlite (file)", c)));
    await embedded.close();
    if (PARTS.has("raw")) for (const c of CLIENTS) rows.push(report(await rawEmbeddedLimit(c)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const name = `logigramme_bench_${Date.now()}`;
  const url = await createDatabase(SERVER, name);
  const pgbenchRows: Array<{ clients: number; tps: number | null }> = [];
  try {
    const server = await prepareDatabase({ kind: "postgres", url: url, poolSize: 20 });
    if (PARTS.has("postgres"))
      for (const c of CLIENTS) rows.push(report(await measure(server, "PostgreSQL", c)));
    if (PARTS.has("http")) for (const c of CLIENTS) rows.push(report(await measureHttp(server, c)));
    await server.close();
    if (PARTS.has("raw")) {
      for (const c of CLIENTS) rows.push(report(await rawLimit(url, c)));
      for (const c of CLIENTS) pgbenchRows.push({ clients: c, tps: pgbench(url, c) });
    }
  } finally {
    await dropDatabase(SERVER, name);
  }

  console.table(rows);
  ratios(rows, "PostgreSQL", "raw SQL", "Logigramme transitions on PostgreSQL to the raw-SQL limit");
  ratios(rows, "PGlite (file)", "raw SQL (PGlite)", "Logigramme transitions on PGlite to its raw limit");
  ratios(rows, "PostgreSQL via HTTP", "PostgreSQL", "the same transitions through HTTP to the command level");
  console.log("\npgbench (TPC-B-like, scale 1) on the same server:");
  for (const p of pgbenchRows) console.log(`  ${p.clients} client(s): ${p.tps ?? "unavailable"} tps`);
}

await main();
