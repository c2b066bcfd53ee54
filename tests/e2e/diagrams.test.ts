import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { layoutProcedure } from "../../engine/diagram/layout.js";
import { renderSvg } from "../../engine/diagram/svg.js";
import { ARTIFACTS, launchBrowser } from "./server.js";

const catalog = [join(import.meta.dirname, "..", "..", "procedures")];

interface Box {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Box, b: Box, tolerance = 0) =>
  a.x + tolerance < b.x + b.w &&
  b.x + tolerance < a.x + a.w &&
  a.y + tolerance < b.y + b.h &&
  b.y + tolerance < a.y + a.h;

const inside = (inner: Box, outer: Box, tolerance = 0.5) =>
  inner.x >= outer.x - tolerance &&
  inner.y >= outer.y - tolerance &&
  inner.x + inner.w <= outer.x + outer.w + tolerance &&
  inner.y + inner.h <= outer.y + outer.h + tolerance;

/** Rendered boxes (page pixels) of the elements a selector matches, named for failure messages. */
async function boxes(page: Page, selector: string): Promise<Box[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements.map((e) => {
      const b = e.getBoundingClientRect();
      const owner = e.closest("[data-step],[data-outcome],[data-question-of],[data-actor]");
      const name = `${e.getAttribute("class") ?? e.tagName} ${owner?.getAttribute("data-step") ?? owner?.getAttribute("data-outcome") ?? owner?.getAttribute("data-question-of") ?? ""} « ${e.textContent?.slice(0, 40) ?? ""} »`;
      return { name, x: b.x, y: b.y, w: b.width, h: b.height };
    }),
  );
}

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
  ])(
    "draws %s cleanly: well-formed, every step inside, no box or label over another, no text out of its box",
    async (id) => {
      const def = definitionFromCatalog(id, catalog);
      const svg = renderSvg(def, await layoutProcedure(def));
      const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
      try {
        // Parsed as XML, the way a file viewer or an <img> would, not forgiven as HTML.
        const parseError = await page.evaluate((source) => {
          // Runs in the page; the project compiles without the DOM library, hence the local type.
          type Parsed = {
            documentElement: { localName: string };
            querySelector(selector: string): { textContent: string | null } | null;
          };
          const { DOMParser } = globalThis as unknown as {
            DOMParser: new () => { parseFromString(text: string, type: string): Parsed };
          };
          const doc = new DOMParser().parseFromString(source, "image/svg+xml");
          const error = doc.querySelector("parsererror");
          return error
            ? error.textContent
            : doc.documentElement.localName === "svg"
              ? null
              : "not an svg root";
        }, svg);
        expect(parseError).toBeNull();

        await page.setContent(`<!doctype html><html lang="fr"><body style="margin:0">${svg}</body></html>`);
        const drawing = (await page.locator("svg").boundingBox())!;
        expect(drawing.width).toBeGreaterThan(0);
        expect(drawing.height).toBeGreaterThan(0);
        const frame: Box = { name: "svg", x: drawing.x, y: drawing.y, w: drawing.width, h: drawing.height };

        const steps = await boxes(page, "[data-step]");
        expect(steps).toHaveLength(def.steps.length);
        for (const step of steps) expect(inside(step, frame), step.name).toBe(true);

        const tasks = await boxes(page, "g.lg-task > rect");
        for (const [i, a] of tasks.entries()) {
          for (const b of tasks.slice(i + 1)) expect(overlaps(a, b), `${a.name} / ${b.name}`).toBe(false);
        }

        // Text written in a box stays in it.
        const perTask = await page.locator("g.lg-task").evaluateAll((groups) =>
          groups.map((g) => {
            const r = g.querySelector("rect")!.getBoundingClientRect();
            return {
              step: g.getAttribute("data-step"),
              rect: { x: r.x, y: r.y, w: r.width, h: r.height },
              texts: [...g.querySelectorAll("text")].map((t) => {
                const b = t.getBoundingClientRect();
                return { name: t.textContent ?? "", x: b.x, y: b.y, w: b.width, h: b.height };
              }),
            };
          }),
        );
        for (const task of perTask) {
          for (const t of task.texts) {
            expect(inside(t, { name: "rect", ...task.rect }, 0), `${task.step}: « ${t.name} »`).toBe(true);
          }
        }

        // Free-standing labels are neither on top of each other nor on a box, and stay in the drawing.
        const labels = [
          ...(await boxes(page, "g.lg-question > text")),
          ...(await boxes(page, "g.lg-outcome > text")),
          ...(await boxes(page, "g.lg-start > text, g.lg-end > text")),
          ...(await boxes(page, "g.lg-lane > text")),
        ];
        const decisions = def.steps.filter((s) => s.decision).length;
        expect(labels.length).toBeGreaterThanOrEqual(
          decisions * 3 + 2 * new Set(def.steps.map((s) => s.actor)).size,
        );
        const shapes = [...tasks, ...(await boxes(page, "polygon.lg-gateway, circle"))];
        for (const [i, a] of labels.entries()) {
          expect(inside(a, frame), a.name).toBe(true);
          for (const b of labels.slice(i + 1)) expect(overlaps(a, b, 1), `${a.name} / ${b.name}`).toBe(false);
          for (const s of shapes) expect(overlaps(a, s, 1), `${a.name} / ${s.name}`).toBe(false);
        }

        await page.screenshot({ path: join(ARTIFACTS, `logigramme-${id}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    },
  );
});
