import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../server/paths.js";

/** Runs `bench:scale` as a person would, at a tiny size, on the database the suite runs on. */
function benchScale(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const env: Record<string, string> = {};
  if (serverUrl) {
    const server = new URL(serverUrl);
    server.pathname = "/postgres";
    env.PG_SERVER_URL = server.toString();
  }
  const database = serverUrl
    ? ["--db", "postgres", "--db-name", `logigramme_scale_test_${randomBytes(4).toString("hex")}`]
    : ["--db", "pglite"];
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(projectRoot(), "bench", "scale.ts"), ...database, ...args],
      { cwd: projectRoot(), env: { ...process.env, ...env } },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString("utf8");
    });
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

describe("bench:scale", () => {
  it("generates a few hundred cases, runs every read at two sizes and prints the table with the ratio", async () => {
    // Only that it runs: timings are the bench's business, never asserted here.
    const run = await benchScale(["--cases", "200", "--compare", "100", "--runs", "2"]);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(run.out).toContain("200 cases generated");
    expect(run.out).toMatch(/\| inbox, secretary \| 8 \|.*\|.*\| [\d.]+ \|/);
    expect(run.out).toContain("export CSV courrier externe");
  }, 300_000);
});
