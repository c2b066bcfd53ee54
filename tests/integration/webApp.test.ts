import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/testApp.js";

/** A stand-in for `vite build`'s output: an index.html and one hashed asset. */
function builtWebApp(): string {
  const dir = mkdtempSync(join(tmpdir(), "logigramme-web-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), '<!doctype html><html lang="fr"><div id="root"></div></html>');
  writeFileSync(join(dir, "assets", "index-abc123.js"), `console.log(${JSON.stringify("x".repeat(4000))});`);
  return dir;
}

describe("the web app served by the API server", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ webDir: builtWebApp() });
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers / and the app's own pages with index.html, never cached", async () => {
    for (const url of ["/", "/dossiers/0b8f3c1e-6a52-4d1a-9a37-1f0a2d3c4b5e", "/registres?q=courrier"]) {
      const page = await t.anonymous.get(url);
      expect(page.status, url).toBe(200);
      expect(page.headers["content-type"]).toMatch(/text\/html/);
      expect(page.headers["cache-control"]).toBe("no-cache");
      expect(page.bytes.toString()).toContain('<div id="root">');
    }
  });

  it("caches hashed assets for a year and compresses them for browsers that accept it", async () => {
    const asset = await t.anonymous.get("/assets/index-abc123.js", { "accept-encoding": "gzip" });
    expect(asset.status).toBe(200);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(asset.headers["content-encoding"]).toBe("gzip");
  });

  it("keeps answering unknown API addresses with the API's error, not the app", async () => {
    const unknown = await t.anonymous.get<{ error: { code: string } }>("/api/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("unknown_route");
  });
});
