import { spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { projectRoot } from "../../server/paths.js";
import { pdfTextRuns } from "./pdfText.js";
import { ARTIFACTS, launchBrowser } from "./server.js";

const catalog = loadCatalog([join(projectRoot(), "procedures")]);

/** The smallest size a diagram's text may print at on A4 (issue 10). */
const MIN_DIAGRAM_POINTS = 7;
/**
 * The customs guide's own length: its sommaire starts S, the last procedure, on page 43, and each
 * procedure takes two pages or more; the regenerated guide may be at most 1.3 times as long.
 */
const ORIGINAL_PAGES: Record<string, number> = { douanes: 44 };

interface Measure {
  pages: number;
  minDiagramPoints: number;
  minTextPoints: number;
  diagramTextsFound: number;
  diagramTexts: number;
}
const measures: Record<string, Measure> = {};

describe("the regenerated manual, printed", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    // The figures of each run, kept beside the PDFs (CI artifacts) for the before/after.
    writeFileSync(join(ARTIFACTS, "manual-measures.json"), `${JSON.stringify(measures, null, 2)}\n`);
  });

  it.each(catalog.organisations.map((o) => o.organisation))(
    "prints the %s manual on A4 with every logigramme's text at 7 pt or more",
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
      const procedures = catalog.definitions.filter((e) => e.definition.organisation === organisation);
      expect(await page.locator("section.procedure").count()).toBe(procedures.length);
      for (const { definition } of procedures)
        expect(await page.locator(`section[id="${definition.id}"] figure svg`).count()).toBeGreaterThan(0);
      // What the diagrams write, line by line, as the browser has it.
      const diagramTexts = new Set(
        await page
          .locator("svg.lp-logigramme text tspan")
          .evaluateAll((spans) => spans.map((s) => (s.textContent ?? "").trim()).filter(Boolean)),
      );
      const pdf = join(ARTIFACTS, `manual-${organisation}.pdf`);
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      await page.close();
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
      expect(statSync(pdf).size).toBeGreaterThan(20_000);

      const { pages, runs } = await pdfTextRuns(pdf);
      // A run whose text is a diagram's line is counted as diagram text; a heading that happens to
      // read the same only adds a larger size, so the minimum stays the diagrams' own.
      const inDiagrams = runs.filter((r) => diagramTexts.has(r.text));
      const found = new Set(inDiagrams.map((r) => r.text));
      const minDiagram = Math.min(...inDiagrams.map((r) => r.size));
      const minText = Math.min(...runs.map((r) => r.size));
      measures[organisation] = {
        pages,
        minDiagramPoints: Math.round(minDiagram * 100) / 100,
        minTextPoints: Math.round(minText * 100) / 100,
        diagramTextsFound: found.size,
        diagramTexts: diagramTexts.size,
      };
      // The drawings are printed as text, not pictures, and nearly every line is found as such.
      expect(found.size).toBeGreaterThan(diagramTexts.size * 0.9);
      expect(minDiagram).toBeGreaterThanOrEqual(MIN_DIAGRAM_POINTS);
      expect(minText).toBeGreaterThanOrEqual(MIN_DIAGRAM_POINTS);
      const original = ORIGINAL_PAGES[organisation];
      if (original !== undefined) expect(pages).toBeLessThanOrEqual(Math.floor(original * 1.3));
    },
  );
});
