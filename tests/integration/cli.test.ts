import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { coveragePaths } from "../../engine/definition/coveragePaths.js";
import { loadCheckpointKey } from "../../server/audit/checkpointKey.js";
import { takeAuditCheckpoint } from "../../server/audit/checkpoints.js";
import { prepareDatabase } from "../../server/bootstrap.js";
import type { Database } from "../../server/db/database.js";
import { rowsOf } from "../../server/db/rows.js";
import { proceduresFolder, projectRoot } from "../../server/paths.js";
import { rewriteCaseChain } from "../support/chainRewrite.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase.js";
import { walkPath } from "../support/walker.js";

function logigramme(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", join(projectRoot(), "cli", "main.ts"), ...args],
    {
      cwd: projectRoot(),
      encoding: "utf8",
      env: { ...process.env, ...env },
    },
  );
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("the logigramme command", () => {
  it("validates the shipped catalog", () => {
    const run = logigramme(["validate", "procedures"]);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/procédure\(s\) et \d+ organigramme\(s\) valides/);
  });

  it("fails on a broken definition with its file, line and a clear message, in English on request", () => {
    const run = logigramme(["validate", "tests/fixtures/invalid/unknown-actor.yaml", "--lang", "en"]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("tests/fixtures/invalid/unknown-actor.yaml:14:");
    expect(run.err).toContain('[unknown_actor] actor "CHEF" is not declared under "actors"');
  });

  it("prints the JSON Schema that the catalog references, identical to the committed copy", () => {
    const run = logigramme(["schema"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).title).toBe("Logigramme procedure definition");
    expect(run.out).toBe(readFileSync(join(proceduresFolder(), "definition.schema.json"), "utf8"));
  });
});

describe("logigramme audit verify", () => {
  let t: TestApp;
  let store: TestDatabase;
  let database: Database;
  const def = loadCatalog([proceduresFolder()]).definitions.find(
    (e) => e.definition.id === "douanes-e-compte-mail",
  )!.definition;

  beforeAll(async () => {
    store = await createTestDatabase({ onDisk: true });
    t = await createTestApp({ database: store });
    for (const path of coveragePaths(def)) await walkPath(t, def, path);
    database = store.database;
  });
  afterAll(async () => {
    await t.close();
  });

  it("passes on intact chains and names the first broken link after an edit", async () => {
    // The embedded database admits one process at a time: close it before the CLI opens it.
    if (!process.env.TEST_DATABASE_URL) await database.close();
    const intact = logigramme(["audit", "verify"], store.env);
    expect(intact.code, intact.err).toBe(0);
    expect(intact.out).toMatch(/0 chaîne\(s\) rompue\(s\)/);

    const reopened = process.env.TEST_DATABASE_URL
      ? database
      : await prepareDatabase({ kind: "pglite", dataDir: join(store.env.DATA_DIR!, "pg") });
    await reopened.db.execute(sql`alter table events disable trigger events_append_only`);
    await reopened.db.execute(
      sql`update events set payload = jsonb_set(payload, '{form,matricule}', '"FALSIFIE"') where seq = 3
          and case_id = (select id from cases order by registry_number limit 1)`,
    );
    await reopened.db.execute(sql`alter table events enable trigger events_append_only`);
    const [first] = rowsOf<{ registry_number: string }>(
      await reopened.db.execute(sql`select registry_number from cases order by registry_number limit 1`),
    );
    if (!process.env.TEST_DATABASE_URL) await reopened.close();

    const broken = logigramme(["audit", "verify"], store.env);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain(first!.registry_number);
    expect(broken.err).toContain("à l'événement n° 3");
  });
});

describe("logigramme audit checkpoints", () => {
  let t: TestApp;
  let store: TestDatabase;
  const def = loadCatalog([proceduresFolder()]).definitions.find(
    (e) => e.definition.id === "douanes-e-compte-mail",
  )!.definition;

  beforeAll(async () => {
    store = await createTestDatabase({ onDisk: true });
    t = await createTestApp({ database: store });
    await walkPath(t, def, coveragePaths(def)[0]!);
    // The server's hourly job, with the key in the data directory as the CLI finds it.
    await takeAuditCheckpoint(store.database.db, "douanes", t.clock.now(), loadCheckpointKey(store.env));
  });
  afterAll(async () => {
    await t.close();
  });

  it("exports the signed checkpoints, and verifies the database against the export after a rewrite", async () => {
    if (!process.env.TEST_DATABASE_URL) await store.database.close();
    const exported = logigramme(["audit", "checkpoints", "export"], store.env);
    expect(exported.code, exported.err).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), "logigramme-export-")), "checkpoints.json");
    writeFileSync(file, exported.out);
    expect(JSON.parse(exported.out).checkpoints).toHaveLength(1);
    const intact = logigramme(["audit", "verify", "--checkpoints", file], store.env);
    expect(intact.code, intact.err).toBe(0);

    const reopened = process.env.TEST_DATABASE_URL
      ? store.database
      : await prepareDatabase({ kind: "pglite", dataDir: join(store.env.DATA_DIR!, "pg") });
    const [victim] = rowsOf<{ case_id: string }>(
      await reopened.db.execute(sql`select case_id from events where seq = 3 limit 1`),
    );
    await rewriteCaseChain(reopened.db, victim!.case_id, 2);
    if (!process.env.TEST_DATABASE_URL) await reopened.close();

    const rewritten = logigramme(["audit", "verify", "--checkpoints", file], store.env);
    expect(rewritten.code).toBe(1);
    expect(rewritten.out).toMatch(/0 chaîne\(s\) rompue\(s\)/);
    expect(rewritten.err).toContain(`case_rewritten ${victim!.case_id}`);
  });
});
