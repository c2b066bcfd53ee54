/**
 * `npx tsx bench/registers.ts`: list and filter a register of 1,000,000 entries on PostgreSQL,
 * through the same query the API runs (`server/db/queries/registers.ts: listEntries`), p50/p99.
 * Options (environment): BENCH_ENTRIES (default 1000000), BENCH_RUNS (per query, default 50),
 * PG_SERVER_URL.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { foldForSearch } from "../engine/register/values.js";
import { prepareDatabase } from "../server/bootstrap.js";
import { listEntries } from "../server/db/queries/registers.js";
import { createDatabase, dropDatabase } from "../server/db/serverAdmin.js";

const SERVER = process.env.PG_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const name = `logigramme_bench_registers_${randomBytes(4).toString("hex")}`;
  const url = await createDatabase(SERVER, name);
  const database = await prepareDatabase({ kind: "postgres", url, poolSize: 4 });
  try {
    const started = performance.now();
    // Generated in the database: the figure is about reading, not about loading.
    await database.db.execute(sql`
      insert into register_entries (organisation, register_id, number, state, data, search_text,
        head_hash, event_count, created_at, updated_at)
      select 'douanes', 'materiel', 'MAT-2026-' || lpad(i::text, 7, '0'),
        (array['en-stock','affecte','en-reparation','reforme'])[1 + i % 4],
        jsonb_build_object('numero_serie', 'SN' || i, 'categorie',
          (array['ordinateur','portable','imprimante','scanner','serveur','reseau','autre'])[1 + i % 7],
          'detenteur', 'DGD' || lpad((i % 5000)::text, 4, '0'), 'localisation', 'Salle ' || (i % 300)),
        'mat 2026 ' || lpad(i::text, 7, '0') || ' sn' || i || ' salle ' || (i % 300),
        repeat('0', 64), 1, timestamptz '2026-01-01' + (i || ' seconds')::interval, now()
      from generate_series(1, ${ENTRIES}) i`);
    await database.db.execute(sql`analyze register_entries`);
    console.log(`${ENTRIES} entries loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const base = { organisation: "douanes", registerId: "materiel", after: null, limit: 51 } as const;
    const queries: Array<[string, () => Promise<unknown>]> = [
      ["first page (50, newest first)", () => listEntries(database.db, { ...base, equals: {} })],
      ["filter state", () => listEntries(database.db, { ...base, state: "affecte", equals: {} })],
      ["filter categorie", () => listEntries(database.db, { ...base, equals: { categorie: "portable" } })],
      [
        "filter holder (≈200 entries)",
        () => listEntries(database.db, { ...base, equals: { detenteur: "DGD0042" } }),
      ],
      [
        "search serial",
        () => listEntries(database.db, { ...base, equals: {}, q: foldForSearch("SN777777") }),
      ],
      [
        "search + filter state",
        () =>
          listEntries(database.db, { ...base, state: "en-stock", equals: {}, q: foldForSearch("Salle 42") }),
      ],
    ];
    console.log("| query | p50 (ms) | p99 (ms) |\n| --- | --- | --- |");
    for (const [label, run] of queries) {
      await run();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await run();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(`| ${label} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} |`);
    }
  } finally {
    await database.close();
    await dropDatabase(SERVER, name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
