import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database.js";
import { projectRoot } from "../../server/paths.js";

function logigramme(args: string[], dataDir: string) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", join(projectRoot(), "cli", "main.ts"), ...args],
    {
      cwd: projectRoot(),
      encoding: "utf8",
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
    },
  );
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Issue 17 item 11: one process at a time in the embedded data directory. */
describe("the embedded data directory's lock", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "logigramme-lock-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("refuses a second process with a clear message while one holds the directory, then lets it in", {
    timeout: 300_000,
  }, async () => {
    const held = await openDatabase({ kind: "pglite", dataDir: join(dataDir, "pg") });
    await held.migrate();
    const refused = logigramme(["audit", "verify"], dataDir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`already open in process ${process.pid}`);
    expect(refused.err).toContain("déjà ouverte");
    await held.close();

    const after = logigramme(["audit", "verify"], dataDir);
    expect(after.err).not.toContain("already open");
    expect(after.code).toBe(0);
  });

  it("takes over a lock left by a process that died", async () => {
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]);
    expect(dead.pid).toBeGreaterThan(0);
    writeFileSync(join(dataDir, "pg.lock"), String(dead.pid));
    const opened = await openDatabase({ kind: "pglite", dataDir: join(dataDir, "pg") });
    await opened.close();
  });
});
