/**
 * `npm run bench:scale`: the daily reads at scale, through HTTP. Generates cases in the shapes the
 * commands write (a real case started per procedure is the template: its state, its first task's
 * routing, its events; the rest is set-based SQL: cases, events, tasks, and the triggers fill
 * `case_access` as they do for the API), then measures each read at 1 and 8 clients, first at a
 * tenth of the size and then at the full size, and prints p50/p95/p99 and the ratio between them.
 *
 *   npm run bench:scale -- [--cases 100000] [--compare 10000] [--db postgres|pglite]
 *                          [--runs 100] [--db-name logigramme_scale] [--keep]
 *
 * PostgreSQL: PG_SERVER_URL (default the local cluster); the database is dropped at the end unless
 * --keep. The embedded database lives in a temporary folder, removed at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { buildApp } from "../server/app.js";
import { openSession } from "../server/auth/sessions.js";
import { prepareDatabase } from "../server/bootstrap.js";
import { startCase } from "../server/commands/caseStarter.js";
import { rebuildOversight } from "../server/commands/oversightRebuilder.js";
import { inOperation } from "../server/context/operationContext.js";
import type { Database } from "../server/db/database.js";
import { rowsOf } from "../server/db/rows.js";
import { createDatabase, dropDatabase } from "../server/db/serverAdmin.js";

const { values: args } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    compare: { type: "string" },
    db: { type: "string", default: "postgres" },
    runs: { type: "string", default: "100" },
    "db-name": { type: "string", default: "logigramme_scale" },
    keep: { type: "boolean", default: false },
  },
});
const CASES = Number(args.cases);
const COMPARE = Number(args.compare ?? Math.max(1, Math.round(CASES / 10)));
const RUNS = Number(args.runs);
const SERVER = process.env.PG_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** Cases are spread over four years ending now; those of the last 60 days are still open. */
const SPAN_DAYS = 4 * 365;
const OPEN_DAYS = 60;
const BATCH = 20_000;
const COURRIER = "mffe-courrier-externe";

const q = async <T>(database: Database, query: ReturnType<typeof sql>) =>
  rowsOf<T>(await database.db.execute(query));

async function openBenchDatabase(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (args.db === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "logigramme-scale-"));
    const database = await prepareDatabase({
      kind: "pglite",
      dataDir: join(dir, "pg"),
      sharedBuffers: "128MB",
    });
    return {
      database,
      cleanup: async () => {
        await database.close();
        if (!args.keep) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = args["db-name"]!;
  await dropDatabase(SERVER, name).catch(() => undefined);
  let url = await createDatabase(SERVER, name);
  // BENCH_EXPLAIN=<ms>: the plans of the bench's slower queries go to the server's log.
  if (process.env.BENCH_EXPLAIN) {
    const options = `-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=${process.env.BENCH_EXPLAIN} -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on`;
    url = `${url}${url.includes("?") ? "&" : "?"}options=${encodeURIComponent(options)}`;
  }
  const database = await prepareDatabase({ kind: "postgres", url, poolSize: 10 });
  return {
    database,
    cleanup: async () => {
      await database.close();
      if (!args.keep) await dropDatabase(SERVER, name);
    },
  };
}

/**
 * One real case per procedure in force, started by the starter command: its state, first task and
 * events are what the generated cases copy. Procedures whose first form needs data are skipped.
 */
async function makeTemplates(database: Database, now: Date): Promise<number> {
  const procedures = await q<{ organisation: string; id: string }>(
    database,
    sql`select distinct organisation, id from procedure_definitions where status = 'in_force' order by 1, 2`,
  );
  await database.db.execute(sql`create table bench_templates (k serial, case_id uuid, weight int)`);
  for (const p of procedures) {
    const [starter] = await q<{ id: string }>(
      database,
      sql`select u.id from users u where u.organisation = ${p.organisation} and u.active and not u.is_admin
        order by u.matricule limit 1`,
    );
    if (!starter) continue;
    const caller = { kind: "person" as const, user: { id: starter.id, organisation: p.organisation } };
    try {
      const row = await inOperation(database.db, { organisation: p.organisation, caller, now }, (ctx) =>
        startCase(ctx, {
          procedureId: p.id,
          requester: { userId: starter.id },
          title: `Modèle ${p.id}`,
        }),
      );
      await database.db.execute(
        sql`insert into bench_templates (case_id, weight) values (${row.id}, ${p.id === COURRIER ? 10 : 1})`,
      );
    } catch (error) {
      if (process.env.BENCH_DEBUG) console.error(p.id, error);
      // A first form with required fields, or a hand-off only procedure: not a template.
    }
  }
  const [count] = await q<{ n: number }>(database, sql`select count(*)::int as n from bench_templates`);
  // Each template expanded into its weight's number of slots, so that the courrier is frequent.
  await database.db.execute(sql`
    create table bench_slots as
      select row_number() over (order by t.k, g) - 1 as slot, c.id as case_id, c.organisation,
        c.procedure_id, c.procedure_version, c.state, c.registry_number, tk.token_id, tk.step_id,
        tk.actor_code, tk.role_code, tk.unit_id, tk.assignee_id,
        extract(epoch from tk.due_at - tk.created_at) as due_seconds, c.procedure_id = ${COURRIER} as courrier,
        (select count(*) from memberships m join users u on u.id = m.user_id
          where u.active and u.organisation = c.organisation) as members,
        (select count(*) from users u where u.active and u.organisation = c.organisation) as people
      from bench_templates t join cases c on c.id = t.case_id
      join lateral (select * from tasks tk where tk.case_id = c.id order by tk.created_at, tk.id limit 1) tk on true,
      generate_series(1, t.weight) g`);
  await database.db.execute(sql`
    create table bench_members as
      select m.user_id, m.role_code, m.unit_id, u.organisation,
        row_number() over (partition by u.organisation order by m.user_id, m.role_code, m.unit_id) - 1 as n
      from memberships m join users u on u.id = m.user_id where u.active`);
  await database.db.execute(sql`
    create table bench_people as
      select u.id as user_id, u.organisation, row_number() over (partition by u.organisation order by u.id) - 1 as n
      from users u where u.active`);
  await database.db.execute(sql`create index on bench_members (organisation, n)`);
  await database.db.execute(sql`create index on bench_people (organisation, n)`);
  await database.db.execute(sql`create index on bench_slots (slot)`);
  return count?.n ?? 0;
}

/** Cases `from` .. `to` - 1 of `total` (their creation instants a permutation over the span). */
async function generate(
  database: Database,
  from: number,
  to: number,
  total: number,
  end: Date,
): Promise<void> {
  const endIso = end.toISOString();
  const openDays = sql.raw(`'${OPEN_DAYS} days'`);
  const spanDays = sql.raw(`'${SPAN_DAYS} days'`);
  for (let start = from; start < to; start += BATCH) {
    const stop = Math.min(to, start + BATCH);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`
        create temporary table bench_batch on commit drop as
        select b.*, case when b.open then 'active' when b.i % 20 = 0 then 'cancelled' else 'completed' end as status,
          case when b.open then 2 + b.i % 3 else 6 + b.i % 5 end as events,
          case when b.open then 1 else 2 + b.i % 3 end as tasks,
          case when b.due_seconds is null then null
            else b.created_at + b.due_seconds * interval '1 second' end as due_at,
          p.user_id as requester
        from (
          -- A version 4 uuid, as the database's own gen_random_uuid() gives (the API checks the shape).
          select i, (substr(md5('bench/' || i), 1, 12) || '4' || substr(md5('bench/' || i), 14, 3) || '8'
            || substr(md5('bench/' || i), 18, 15))::uuid as id, s.*, t.created_at,
            t.created_at > ${endIso}::timestamptz - interval ${openDays} as open,
            (array['imprimante en panne', 'ordinateur portable', 'badge d''accès', 'compte de messagerie',
              'serveur de fichiers', 'réseau du bâtiment B', 'scanner du courrier', 'demande de congé',
              'réclamation fournisseur'])[1 + i % 9] || ' n° ' || i as title
          from generate_series(${start}::int, ${stop - 1}::int) i
          cross join lateral (select ${endIso}::timestamptz
            - ((i::bigint * 7919) % ${total}::bigint) * (interval ${spanDays} / ${total}::int) as created_at) t
          join bench_slots s on s.slot = i % (select count(*) from bench_slots)
        ) b
        join bench_people p on p.organisation = b.organisation and p.n = b.i % b.people`);
      await tx.execute(sql`
        insert into cases (id, procedure_id, procedure_version, registry_number, title, organisation, status,
          state, version, requester_id, external_requester, head_hash, event_count, created_at, updated_at, closed_at)
        select id, procedure_id, procedure_version,
          split_part(registry_number, '-', 1) || '-' || extract(year from created_at) || '-B' || lpad(i::text, 7, '0'),
          title, organisation, status,
          case when open then jsonb_set(state || jsonb_build_object('data', jsonb_build_object('objet', title)),
              '{tokens,0,dueAt}', coalesce(to_jsonb(due_at), 'null'::jsonb))
            else state || jsonb_build_object('status', status, 'tokens', '[]'::jsonb,
              'data', jsonb_build_object('objet', title)) end,
          events, case when courrier then null else requester end,
          case when courrier then jsonb_build_object('name', 'Société ' || (i % 997), 'company', 'SARL ' || (i % 89)) end,
          repeat('0', 64), events, created_at, created_at,
          case when open then null else created_at + interval '5 days' end
        from bench_batch`);
      // Events: the start, then one completed step per later event, each by a holder of some desk.
      await tx.execute(sql`
        insert into events (organisation, case_id, seq, type, actor_user_id, actor_role, step_before, step_after,
          payload, occurred_at, prev_hash, hash)
        select b.organisation, b.id, e, case when e = 1 then 'case_started' else 'step_completed' end,
          m.user_id, m.role_code, case when e = 1 then null else b.step_id end, b.step_id,
          case when e = 1 then jsonb_build_object('data', jsonb_build_object('objet', b.title))
            else jsonb_build_object('stepId', b.step_id, 'outcome', 'oui') end,
          b.created_at + (e - 1) * interval '1 hour', repeat('0', 64), md5(b.id::text || e) || md5(e || b.id::text)
        from bench_batch b cross join generate_series(1, b.events) e
        join bench_members m on m.organisation = b.organisation and m.n = (b.i + e * 7) % b.members`);
      // Tasks: the last one routed as the template's first task (open while the case is);
      // the earlier ones closed by a holder of another desk.
      await tx.execute(sql`
        insert into tasks (case_id, organisation, procedure_id, procedure_version, token_id, step_id, actor_code,
          role_code, unit_id, assignee_id, status, due_at, created_at, closed_at, closed_by)
        select b.id, b.organisation, b.procedure_id, b.procedure_version,
          case when k = b.tasks then b.token_id else b.token_id || '-' || k end, b.step_id, b.actor_code,
          case when k = b.tasks then b.role_code else m.role_code end,
          case when k = b.tasks then b.unit_id else m.unit_id end,
          case when k = b.tasks then b.assignee_id end,
          case when b.open and k = b.tasks then 'open' when b.status = 'cancelled' and k = b.tasks then 'cancelled'
            else 'done' end,
          b.due_at + (k - 1) * interval '1 day', b.created_at + (k - 1) * interval '1 day',
          case when b.open and k = b.tasks then null else b.created_at + k * interval '1 day' end,
          case when b.open and k = b.tasks then null else m.user_id end
        from bench_batch b cross join generate_series(1, b.tasks) k
        join bench_members m on m.organisation = b.organisation and m.n = (b.i * 3 + k * 11) % b.members`);
    });
  }
}

interface Persona {
  label: string;
  cookie: string;
}

async function persona(database: Database, label: string, userId: string, now: Date): Promise<Persona> {
  // The bench signs people in by opening their session directly (no password or authenticator).
  await database.db.execute(
    sql`update users set must_change_password = false, totp_enabled = true, totp_secret = 'BENCHBENCHBENCHB'
      where id = ${userId}`,
  );
  const session = await openSession(
    database.db,
    userId,
    { ip: null, userAgent: "bench", pendingSecondFactor: false },
    now,
  );
  return { label, cookie: `lg_session=${session.token}` };
}

/** The people the reads are made as: a secretary with a busy queue, a director heading units, an administrator. */
async function personas(database: Database, now: Date) {
  const [secretary] = await q<{ user_id: string }>(
    database,
    sql`select m.user_id from tasks t join memberships m on m.role_code = t.role_code and m.unit_id = t.unit_id
      join org_units u on u.id = m.unit_id and u.organisation = 'mffe'
      where t.status = 'open' and t.assignee_id is null and m.role_code is distinct from u.head_role
      group by m.user_id order by count(*) desc limit 1`,
  );
  const [director] = await q<{ user_id: string }>(
    database,
    sql`with recursive below(top, id) as (
        select u.id, u.id from org_units u where u.organisation = 'mffe'
        union all select b.top, c.id from below b join org_units c on c.parent_id = b.id)
      select m.user_id from memberships m join org_units u on u.id = m.unit_id and m.role_code = u.head_role
      join below b on b.top = u.id group by m.user_id order by count(*) desc limit 1`,
  );
  const [admin] = await q<{ id: string }>(
    database,
    sql`select id from users where organisation = 'mffe' and is_admin order by matricule limit 1`,
  );
  if (!secretary || !director || !admin) throw new Error("no secretary, director or administrator in mffe");
  return {
    secretary: await persona(database, "secretary", secretary.user_id, now),
    director: await persona(database, "director", director.user_id, now),
    admin: await persona(database, "admin", admin.id, now),
  };
}

interface Read {
  label: string;
  who: Persona;
  /** A URL per run (several numbers or cases are cycled through). */
  urls: string[];
  /** Exports: fewer runs, and the time to the first byte is reported too. */
  heavy?: boolean;
}

async function readsAt(database: Database, people: Awaited<ReturnType<typeof personas>>): Promise<Read[]> {
  const { secretary, director, admin } = people;
  // Cases to look up by number and to open (as the administrator, who reads them all).
  const readable = await q<{ id: string; registry_number: string }>(
    database,
    sql`select c.id, c.registry_number from cases c
      where c.organisation = 'mffe' and c.registry_number like '%-B%' order by md5(c.id::text) limit 40`,
  );
  const numbers = readable.map((r) => r.registry_number);
  const [busiest] = await q<{ id: string }>(
    database,
    sql`select c.procedure_id as id from bench_templates t join cases c on c.id = t.case_id
      where c.organisation = 'mffe' and c.procedure_id <> ${COURRIER} order by c.procedure_id limit 1`,
  );
  const year = new Date().getUTCFullYear() - 2;
  const search = (query: string) => [`/api/cases?${query}`];
  return [
    // The floor: an authenticated request that reads no case (the machine's and the stack's cost).
    { label: "baseline: own session", who: secretary, urls: ["/api/session"] },
    { label: "inbox, secretary", who: secretary, urls: ["/api/tasks"] },
    { label: "inbox, director", who: director, urls: ["/api/tasks"] },
    { label: "inbox counts, secretary", who: secretary, urls: ["/api/tasks/counts"] },
    { label: "inbox counts, director", who: director, urls: ["/api/tasks/counts"] },
    {
      label: "search by exact number",
      who: admin,
      urls: numbers.map((n) => `/api/cases?registryNumber=${encodeURIComponent(n)}`),
    },
    {
      label: "search by number prefix",
      who: admin,
      urls: numbers.map((n) => `/api/cases?registryNumber=${encodeURIComponent(n.slice(0, -3))}`),
    },
    {
      label: "search procedure + status, director",
      who: director,
      urls: search(`procedureId=${COURRIER}&status=completed`),
    },
    {
      label: "search procedure + status, secretary",
      who: secretary,
      urls: search(`procedureId=${COURRIER}&status=completed`),
    },
    { label: "search common word, director", who: director, urls: search("q=imprimante") },
    { label: "search, no filter, secretary", who: secretary, urls: search("") },
    { label: "case page", who: admin, urls: readable.map((r) => `/api/cases/${r.id}`) },
    // Oversight (issue 13): the organisation's dashboard from the read model, a head's from the
    // open tasks of his units, and the same filtered to one procedure.
    { label: "dashboard, admin", who: admin, urls: ["/api/oversight/dashboard"] },
    { label: "dashboard, director", who: director, urls: ["/api/oversight/dashboard"] },
    { label: "dashboard, secretary", who: secretary, urls: ["/api/oversight/dashboard"] },
    {
      label: "dashboard of one procedure, admin",
      who: admin,
      urls: [`/api/oversight/dashboard?procedureId=${COURRIER}`],
    },
    {
      label: "late cases of a step, admin",
      who: admin,
      urls: [`/api/cases?procedureId=${COURRIER}&due=late`],
    },
    {
      label: `export CSV ${busiest?.id ?? "?"} ${year}`,
      who: admin,
      urls: [
        `/api/cases/export?format=csv&procedureId=${busiest?.id}&createdFrom=${year}-01-01&createdTo=${year}-12-31`,
      ],
      heavy: true,
    },
    {
      label: `export XLSX ${busiest?.id ?? "?"} ${year}`,
      who: admin,
      urls: [
        `/api/cases/export?format=xlsx&procedureId=${busiest?.id}&createdFrom=${year}-01-01&createdTo=${year}-12-31`,
      ],
      heavy: true,
    },
    {
      label: `export CSV courrier externe ${year}`,
      who: admin,
      urls: [
        `/api/cases/export?format=csv&procedureId=${COURRIER}&createdFrom=${year}-01-01&createdTo=${year}-12-31`,
      ],
      heavy: true,
    },
  ];
}

interface Timing {
  total: number;
  firstByte: number;
  bytes: number;
}

async function timedGet(base: string, url: string, who: Persona): Promise<Timing> {
  const started = performance.now();
  const res = await fetch(base + url, { headers: { cookie: who.cookie } });
  if (!res.body) throw new Error(`${url}: no body`);
  if (res.status !== 200) throw new Error(`${url} as ${who.label}: ${res.status} ${await res.text()}`);
  const reader = res.body.getReader();
  let firstByte = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (firstByte === 0) firstByte = performance.now() - started;
    bytes += value.byteLength;
  }
  if (res.status !== 200) throw new Error(`${url} as ${who.label}: ${res.status}`);
  return { total: performance.now() - started, firstByte, bytes };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

interface Measure {
  label: string;
  clients: number;
  p50: number;
  p95: number;
  p99: number;
  firstByteP50: number;
  bytes: number;
}

async function measure(base: string, read: Read, clients: number): Promise<Measure> {
  const runs = read.heavy ? Math.max(3, Math.round(RUNS / 20)) : RUNS;
  await timedGet(base, read.urls[0]!, read.who); // warm the plan and the cache
  const times: Timing[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < runs * (clients > 1 ? 2 : 1)) {
        const n = next++;
        times.push(await timedGet(base, read.urls[n % read.urls.length]!, read.who));
      }
    }),
  );
  const totals = times.map((t) => t.total).sort((a, b) => a - b);
  const firsts = times.map((t) => t.firstByte).sort((a, b) => a - b);
  return {
    label: read.label,
    clients,
    p50: pct(totals, 50),
    p95: pct(totals, 95),
    p99: pct(totals, 99),
    firstByteP50: pct(firsts, 50),
    bytes: times[0]?.bytes ?? 0,
  };
}

async function measureAll(database: Database, size: number): Promise<Measure[]> {
  const now = new Date();
  const filesDir = mkdtempSync(join(tmpdir(), "logigramme-scale-files-"));
  const app = await buildApp({
    database,
    version: "bench",
    filesDir,
    logger: Boolean(process.env.BENCH_DEBUG),
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const reads = await readsAt(database, await personas(database, now));
    const results: Measure[] = [];
    for (const clients of [1, 8]) {
      for (const read of reads) {
        const m = await measure(base, read, clients);
        results.push(m);
        console.log(
          `${size} cases | ${clients} client(s) | ${m.label}: p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)}, ` +
            `p99 ${m.p99.toFixed(1)}${read.heavy ? `, first byte ${m.firstByteP50.toFixed(1)} ms, ${m.bytes} bytes` : ""}`,
        );
      }
    }
    return results;
  } finally {
    await app.close();
    rmSync(filesDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { database, cleanup } = await openBenchDatabase();
  try {
    const end = new Date();
    const templates = await makeTemplates(database, new Date(end.getTime() - SPAN_DAYS * 86_400_000));
    console.log(`${database.kind}: ${templates} procedures as templates`);
    const sizes = COMPARE < CASES ? [COMPARE, CASES] : [CASES];
    const results = new Map<number, Measure[]>();
    let generated = 0;
    for (const size of sizes) {
      const started = performance.now();
      await generate(database, generated, size, CASES, end);
      generated = size;
      // PGlite has no autovacuum: statistics are gathered here, as the server does at start.
      await database.db.execute(sql`analyze`);
      console.log(`${size} cases generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      // The oversight read model rebuilt from the whole audit trail, as `logigramme oversight rebuild`.
      const rebuildStarted = performance.now();
      const rebuilt = await rebuildOversight(database.db, new Date());
      await database.db.execute(sql`analyze`);
      console.log(
        `${size} cases: oversight read model rebuilt from ${rebuilt.reduce((n, r) => n + r.events, 0)} events in ` +
          `${((performance.now() - rebuildStarted) / 1000).toFixed(1)} s`,
      );
      results.set(size, await measureAll(database, size));
    }
    console.log(
      `\n| read | clients | ${sizes.map((s) => `p50 / p95 / p99 at ${s} (ms)`).join(" | ")} |${sizes.length > 1 ? " p99 ratio |" : ""}`,
    );
    console.log(`| --- | --- | ${sizes.map(() => "---").join(" | ")} |${sizes.length > 1 ? " --- |" : ""}`);
    const first = results.get(sizes[0]!)!;
    for (const [i, m] of first.entries()) {
      const cells = sizes.map((s) => {
        const r = results.get(s)![i]!;
        return `${r.p50.toFixed(1)} / ${r.p95.toFixed(1)} / ${r.p99.toFixed(1)}`;
      });
      const last = results.get(sizes.at(-1)!)![i]!;
      const ratio = sizes.length > 1 ? ` ${(last.p99 / Math.max(0.1, m.p99)).toFixed(2)} |` : "";
      console.log(`| ${m.label} | ${m.clients} | ${cells.join(" | ")} |${ratio}`);
    }
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
