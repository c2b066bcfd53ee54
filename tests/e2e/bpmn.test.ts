import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { exportBpmn } from "../../engine/bpmn/export.js";
import { parseDefinition } from "../../engine/definition/parse.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { projectRoot } from "../../server/paths.js";
import { ARTIFACTS, launchBrowser } from "./server.js";

/** The catalog has no parallel branches yet: a fixture shows the split and the joining gateway. */
function parallelFixture(): ProcedureDefinition {
  const file = join(projectRoot(), "tests", "fixtures", "bpmn", "branches-paralleles.yaml");
  const parsed = parseDefinition(file, readFileSync(file, "utf8"));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.definition;
}
const definitionOf = (id: string) =>
  id === "branches-paralleles"
    ? parallelFixture()
    : definitionFromCatalog(id, [join(projectRoot(), "procedures")]);

const viewer = join(projectRoot(), "node_modules", "bpmn-js", "dist", "bpmn-viewer.production.min.js");

describe("the BPMN export in bpmn.io's own viewer", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    "douanes-g-commande-reception-materiel",
    "douanes-i-gestion-projets",
    "mffe-courrier-externe",
    "branches-paralleles",
  ])("renders %s laid out, with every flow node, without import warnings", async (id) => {
    const def = definitionOf(id);
    const xml = await exportBpmn(def);
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.setContent(
      '<!doctype html><html><body style="margin:0"><div id="canvas" style="width:1600px;height:900px"></div></body></html>',
    );
    await page.addScriptTag({ path: viewer });
    const result = await page.evaluate(async (diagram) => {
      interface Element {
        id: string;
        type: string;
        labelTarget?: unknown;
      }
      interface Viewer {
        importXML(xml: string): Promise<{ warnings: unknown[] }>;
        get(name: "elementRegistry"): { getAll(): Element[] };
        get(name: "canvas"): { zoom(mode: string): void };
      }
      const BpmnJS = (globalThis as unknown as { BpmnJS: new (o: { container: string }) => Viewer }).BpmnJS;
      const viewer = new BpmnJS({ container: "#canvas" });
      const { warnings } = await viewer.importXML(diagram);
      viewer.get("canvas").zoom("fit-viewport");
      const elements = viewer
        .get("elementRegistry")
        .getAll()
        .filter((e) => !e.labelTarget)
        .map((e) => ({ id: e.id, type: e.type }));
      return { warnings: warnings.map(String), elements };
    }, xml);
    expect(result.warnings).toEqual([]);
    const types = result.elements.map((e) => e.type);
    expect(types.filter((t) => t === "bpmn:UserTask")).toHaveLength(def.steps.filter((s) => !s.call).length);
    expect(types.filter((t) => t === "bpmn:CallActivity")).toHaveLength(
      def.steps.filter((s) => s.call).length,
    );
    expect(types.filter((t) => t === "bpmn:Lane")).toHaveLength(new Set(def.steps.map((s) => s.actor)).size);
    expect(types.filter((t) => t === "bpmn:ExclusiveGateway")).toHaveLength(
      def.steps.filter((s) => s.decision).length,
    );
    // One shape per flow node and one connection per sequence flow of the file, none left out.
    const declared = (pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]).sort();
    const drawn = (type: RegExp) =>
      result.elements
        .filter((e) => type.test(e.type))
        .map((e) => e.id)
        .sort();
    expect(
      drawn(/^bpmn:(StartEvent|EndEvent|UserTask|CallActivity|ExclusiveGateway|ParallelGateway)$/),
    ).toEqual(
      declared(
        /<bpmn:(?:startEvent|endEvent|userTask|callActivity|exclusiveGateway|parallelGateway) id="([^"]+)"/g,
      ),
    );
    expect(drawn(/^bpmn:SequenceFlow$/)).toEqual(declared(/<bpmn:sequenceFlow id="([^"]+)"/g));
    await page.screenshot({ path: join(ARTIFACTS, `bpmn-${id}.png`) });
    await page.close();
  });
});
