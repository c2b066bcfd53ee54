import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { exportBpmn } from "../../engine/bpmn/export.js";
import { projectRoot } from "../../server/paths.js";
import { ARTIFACTS, launchBrowser } from "./server.js";

const viewer = join(projectRoot(), "node_modules", "bpmn-js", "dist", "bpmn-viewer.production.min.js");

describe("the BPMN export in bpmn.io's own viewer", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(["douanes-g-commande-reception-materiel", "douanes-i-gestion-projets", "mffe-courrier-externe"])(
    "renders %s laid out, with every flow node, without import warnings",
    async (id) => {
      const def = definitionFromCatalog(id, [join(projectRoot(), "procedures")]);
      const xml = await exportBpmn(def);
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.setContent(
        '<!doctype html><html><body style="margin:0"><div id="canvas" style="width:1600px;height:900px"></div></body></html>',
      );
      await page.addScriptTag({ path: viewer });
      const result = await page.evaluate(async (diagram) => {
        type Viewer = {
          importXML(xml: string): Promise<{ warnings: unknown[] }>;
          get(name: string): { getAll(): Array<{ type: string }>; zoom?(mode: string): void };
        };
        const BpmnJS = (globalThis as unknown as { BpmnJS: new (o: { container: string }) => Viewer }).BpmnJS;
        const viewer = new BpmnJS({ container: "#canvas" });
        const { warnings } = await viewer.importXML(diagram);
        viewer.get("canvas").zoom?.("fit-viewport");
        const types = viewer
          .get("elementRegistry")
          .getAll()
          .map((e) => e.type);
        return { warnings: warnings.length, types };
      }, xml);
      expect(result.warnings).toBe(0);
      expect(result.types.filter((t) => t === "bpmn:UserTask")).toHaveLength(def.steps.length);
      expect(result.types.filter((t) => t === "bpmn:Lane")).toHaveLength(
        new Set(def.steps.map((s) => s.actor)).size,
      );
      expect(result.types.filter((t) => t === "bpmn:ExclusiveGateway")).toHaveLength(
        def.steps.filter((s) => s.decision).length,
      );
      await page.screenshot({ path: join(ARTIFACTS, `bpmn-${id}.png`) });
      await page.close();
    },
  );
});
