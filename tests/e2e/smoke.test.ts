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

  it("renders Swagger UI and the web app under the Content-Security-Policy, with no violation", async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const docs = await page.goto(`${server.url}/api/docs/`);
    expect(docs?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.locator(".opblock").first().waitFor();
    const app = await page.goto(`${server.url}/`);
    expect(app?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.getByLabel("Matricule").waitFor();
    expect(violations).toEqual([]);
  });
});
