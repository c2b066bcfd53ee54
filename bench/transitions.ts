/**
 * `npm run bench`: transitions per second, one transition being the whole transaction (case row
 * under its lock, event chained with its hash, task closed, next task opened), on the embedded
 * database and on PostgreSQL at 1, 4 and 16 concurrent clients; then the same machine's raw
 * PostgreSQL limit for a comparable write transaction, so the ratio is visible.
 *
 * Options (environment): BENCH_SECONDS (per measurement, default 5), PG_SERVER_URL.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { prepareDatabase } from "../server/bootstrap.js";
import { actOnCase } from "../server/commands/caseActor.js";
import { startCase } from "../server/commands/caseStarter.js";
import { inOperation } from "../server/context/operationContext.js";
import type { Database } from "../server/db/database.js";
import { findCase } from "../server/db/queries/cases.js";
import { findUserByMatricule, holdersOfRole } from "../server/db/queries/orgChart.js";
import { listCaseTasks } from "../server/db/queries/tasks.js";
import { createDatabase, dropDatabase } from "../server/db/serverAdmin.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = [1, 4, 16];
const SERVER = process.env.PG_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PROCEDURE = "douanes-c-jonction-domaine";

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

  const forms: Record<string, Record<string, unknown>> = {
    "verification-caracteristiques": { os_version: 7, ram_go: 8 },
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
            action: { type: "complete", tokenId: task.tokenId, form: forms[task.stepId] ?? {} },
          }),
        );
        latencies.push(performance.now() - started);
      }
    }),
  );
  return summarise(label, clients, latencies);
}

/** The same shape of write transaction in raw SQL: update a row, insert an event, close and open a task. */
async function rawLimit(url: string, clients: number): Promise<Row> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`drop table if exists raw_cases, raw_events, raw_tasks;
    create table raw_cases (id int primary key, version int not null, state jsonb not null);
    create table raw_events (id bigserial primary key, case_id int, seq int, payload jsonb, hash text);
    create table raw_tasks (id bigserial primary key, case_id int, status text, step text);
    insert into raw_cases select g, 1, '{}'::jsonb from generate_series(1, ${clients}) g;`);
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
          const { rows } = await client.query("select version from raw_cases where id = $1", [i + 1]);
          const version = rows[0].version as number;
          await client.query(
            "update raw_cases set version = version + 1, state = $2 where id = $1 and version = $3",
            [i + 1, JSON.stringify({ step: version }), version],
          );
          await client.query("insert into raw_events (case_id, seq, payload, hash) values ($1, $2, $3, $4)", [
            i + 1,
            version,
            JSON.stringify({ v: version }),
            randomBytes(32).toString("hex"),
          ]);
          await client.query("update raw_tasks set status = 'done' where case_id = $1 and status = 'open'", [
            i + 1,
          ]);
          await client.query("insert into raw_tasks (case_id, status, step) values ($1, 'open', 'x')", [
            i + 1,
          ]);
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

async function main() {
  const rows: Row[] = [];
  console.log(`Logigramme bench: ${SECONDS}s per measurement, procedure ${PROCEDURE}\n`);

  const dir = mkdtempSync(join(tmpdir(), "logigramme-bench-"));
  try {
    const embedded = await prepareDatabase({ kind: "pglite", dataDir: dir });
    for (const c of CLIENTS) rows.push(report(await measure(embedded, "PGlite (file)", c)));
    await embedded.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const name = `logigramme_bench_${Date.now()}`;
  const url = await createDatabase(SERVER, name);
  const pgbenchRows: Array<{ clients: number; tps: number | null }> = [];
  try {
    const server = await prepareDatabase({ kind: "postgres", url: url, poolSize: 20 });
    for (const c of CLIENTS) rows.push(report(await measure(server, "PostgreSQL", c)));
    await server.close();
    for (const c of CLIENTS) rows.push(report(await rawLimit(url, c)));
    for (const c of CLIENTS) pgbenchRows.push({ clients: c, tps: pgbench(url, c) });
  } finally {
    await dropDatabase(SERVER, name);
  }

  console.table(rows);
  const raw = new Map(rows.filter((r) => r.database === "raw SQL").map((r) => [r.clients, r.perSecond]));
  console.log("\nRatio of Logigramme transitions on PostgreSQL to the raw-SQL limit:");
  for (const r of rows.filter((x) => x.database === "PostgreSQL")) {
    const limit = raw.get(r.clients) ?? 0;
    console.log(
      `  ${r.clients} client(s): ${r.perSecond}/s vs ${limit}/s raw → ${((100 * r.perSecond) / (limit || 1)).toFixed(0)} %`,
    );
  }
  console.log("\npgbench (TPC-B-like, scale 1) on the same server:");
  for (const p of pgbenchRows) console.log(`  ${p.clients} client(s): ${p.tps ?? "unavailable"} tps`);
}

await main();
