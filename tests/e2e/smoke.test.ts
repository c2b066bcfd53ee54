import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchBrowser, type RunningServer, startServer } from "./server.js";

describe("the server as a browser sees it", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("answers /health with the database, migrations and catalog ready", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}/health`);
    expect(response?.status()).toBe(200);
    const health = JSON.parse((await page.textContent("body")) ?? "{}");
    expect(health).toMatchObject({ status: "ok", database: { kind: "pglite", reachable: true } });
    expect(health.catalog.procedures).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, "health.png") });
  });

  it("publishes the OpenAPI description of the API", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}/api/openapi.json`);
    expect(response?.status()).toBe(200);
    const openapi = JSON.parse((await page.textContent("body")) ?? "{}");
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(["/api/cases", "/api/tasks/{taskId}/actions"]),
    );
  });
});
