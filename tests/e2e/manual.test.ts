import { spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { projectRoot } from "../../server/paths.js";
import { ARTIFACTS, launchBrowser } from "./server.js";

const catalog = loadCatalog([join(projectRoot(), "procedures")]);

describe("the regenerated manual, printed", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(catalog.organisations.map((o) => o.organisation))(
    "prints the %s manual to PDF with every procedure and its logigramme",
    async (organisation) => {
      const run = spawnSync(process.execPath, ["--import", "tsx", "cli/main.ts", "manual", organisation], {
        cwd: projectRoot(),
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const html = join(ARTIFACTS, `manual-${organisation}.html`);
      writeFileSync(html, run.stdout);

      const page = await browser.newPage();
      await page.goto(`file://${html}`);
      const expected = catalog.definitions.filter((e) => e.definition.organisation === organisation).length;
      expect(await page.locator("section.procedure").count()).toBe(expected);
      expect(await page.locator("section.procedure figure svg").count()).toBe(expected);
      const pdf = join(ARTIFACTS, `manual-${organisation}.pdf`);
      await page.pdf({ path: pdf, format: "A4", landscape: true, printBackground: true });
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
      expect(statSync(pdf).size).toBeGreaterThan(20_000);
      await page.close();
    },
  );
});
