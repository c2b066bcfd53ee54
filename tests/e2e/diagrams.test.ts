import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { layoutProcedure } from "../../engine/diagram/layout.js";
import { renderSvg } from "../../engine/diagram/svg.js";
import { projectRoot } from "../../server/paths.js";
import { ARTIFACTS, launchBrowser } from "./server.js";

const catalog = [join(projectRoot(), "procedures")];

describe("logigrammes in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    "douanes-c-jonction-domaine",
    "douanes-d-sauvegarde-serveurs",
    "douanes-g-commande-reception-materiel",
    "douanes-i-gestion-projets",
    "mffe-courrier-externe",
  ])("renders %s with every step inside the drawing and no box over another", async (id) => {
    const def = definitionFromCatalog(id, catalog);
    const svg = renderSvg(def, await layoutProcedure(def));
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await page.setContent(`<!doctype html><html lang="fr"><body style="margin:0">${svg}</body></html>`);

    const box = await page.locator("svg").boundingBox();
    expect(box?.width).toBeGreaterThan(500);
    const tasks = await page.locator("g.task rect").evaluateAll((rects) =>
      rects.map((r) => {
        const b = r.getBoundingClientRect();
        return { x: b.x, y: b.y, w: b.width, h: b.height };
      }),
    );
    expect(tasks).toHaveLength(def.steps.length);
    for (const [i, a] of tasks.entries()) {
      expect(a.x + a.w).toBeLessThanOrEqual(box!.x + box!.width + 1);
      expect(a.y + a.h).toBeLessThanOrEqual(box!.y + box!.height + 1);
      for (const b of tasks.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap).toBe(false);
      }
    }
    await page.screenshot({ path: join(ARTIFACTS, `logigramme-${id}.png`), fullPage: true });
    await page.close();
  });
});
