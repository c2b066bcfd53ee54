import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BpmnModdle, type ModdleElement } from "bpmn-moddle";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { exportBpmn } from "../../engine/bpmn/export.js";
import { importBpmn } from "../../engine/bpmn/import.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { proceduresFolder, projectRoot } from "../../server/paths.js";

const catalog = loadCatalog([proceduresFolder()]);
const fixture = (name: string) =>
  readFileSync(join(projectRoot(), "tests", "fixtures", "bpmn", name), "utf8");

/** What a definition says, with the actors that act: the BPMN file carries exactly that. */
function meaning(def: ProcedureDefinition) {
  const acting = new Set(def.steps.map((s) => s.actor));
  return {
    ...def,
    actors: Object.fromEntries(Object.entries(def.actors).filter(([code]) => acting.has(code))),
    steps: [...def.steps].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

const elementsOf = (root: ModdleElement, type: string) => {
  const process = (root.rootElements as ModdleElement[]).find((r) => r.$type === "bpmn:Process")!;
  return (process.flowElements as ModdleElement[]).filter((e) => e.$type === type);
};

describe("BPMN 2.0 export", () => {
  it.each(catalog.definitions.map((e) => [e.definition.id, e.definition] as const))(
    "%s is read by bpmn-moddle without a warning, laid out, and re-imports to the same definition",
    async (_id, def) => {
      const xml = await exportBpmn(def);
      const { rootElement, warnings } = await new BpmnModdle().fromXML(xml);
      expect(warnings).toEqual([]);

      const process = (rootElement.rootElements as ModdleElement[]).find((r) => r.$type === "bpmn:Process")!;
      const lanes = (process.laneSets as ModdleElement[])[0]!.lanes as ModdleElement[];
      expect(lanes).toHaveLength(new Set(def.steps.map((s) => s.actor)).size);
      expect(elementsOf(rootElement, "bpmn:UserTask")).toHaveLength(def.steps.length);
      expect(elementsOf(rootElement, "bpmn:ExclusiveGateway")).toHaveLength(
        def.steps.filter((s) => s.decision).length,
      );

      const flowNodes = (process.flowElements as ModdleElement[]).filter(
        (e) => e.$type !== "bpmn:SequenceFlow",
      );
      const flows = (process.flowElements as ModdleElement[]).filter((e) => e.$type === "bpmn:SequenceFlow");
      const plane = ((rootElement.diagrams as ModdleElement[])[0]!.plane as ModdleElement)
        .planeElement as ModdleElement[];
      const drawn = new Set(plane.map((p) => (p.bpmnElement as ModdleElement).id));
      for (const node of [...flowNodes, ...flows, ...lanes]) expect(drawn.has(node.id)).toBe(true);

      const back = await importBpmn(xml);
      if (!back.ok) throw new Error(JSON.stringify(back.problems));
      expect(meaning(back.definition)).toEqual(meaning(def));
    },
  );
});

describe("BPMN 2.0 import of other modellers' files", () => {
  it("reads a Camunda Modeler file: lanes become actors, the gateway a decision, a refusal end a rejection", async () => {
    const result = await importBpmn(fixture("camunda-demande-conge.bpmn"));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const def = result.definition;
    expect(Object.values(def.actors).map((a) => a.title)).toEqual(["Agent", "Chef de service"]);
    expect(def.steps.map((s) => s.title)).toEqual([
      "Saisir la demande de congé",
      "Donner un avis",
      "Viser la décision de congé",
    ]);
    const avis = def.steps.find((s) => s.title === "Donner un avis")!;
    expect(avis.decision?.question).toBe("Avis favorable ?");
    expect(avis.decision?.outcomes).toEqual([
      { id: "oui", label: "Oui", next: "viser-la-decision-de-conge" },
      { id: "non", label: "Non", end: "rejected" },
    ]);
    expect(result.warnings.map((w) => w.fr).join("\n")).toContain("condition du flux « Oui » ignorée");
  });

  it("reads a bpmn.io sketch without lanes or names, with warnings", async () => {
    const result = await importBpmn(fixture("bpmnio-sans-couloirs.bpmn"), {
      id: "reclamation",
      organisation: "mffe",
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.definition.id).toBe("reclamation");
    expect(result.definition.organisation).toBe("mffe");
    expect(result.definition.steps.map((s) => s.actor)).toEqual(["ACTEUR", "ACTEUR"]);
    const said = result.warnings.map((w) => w.en).join("\n");
    expect(said).toContain('"TextAnnotation" (TextAnnotation_1) ignored');
    expect(said).toContain("in no lane");
  });

  it("refuses a file with unsupported elements and names each of them", async () => {
    const result = await importBpmn(fixture("elements-non-pris-en-charge.bpmn"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.element} ${p.id}`).sort()).toEqual([
      "BoundaryEvent Boundary_relance",
      "InclusiveGateway Gateway_pieces",
      "MessageFlow MessageFlow_reponse",
      "SubProcess SubProcess_controle",
    ]);
    expect(result.problems.every((p) => p.message.fr.length > 0 && p.message.en.length > 0)).toBe(true);
  });

  it("says what is wrong with a file that is not BPMN", async () => {
    const result = await importBpmn("<html><body>pas du BPMN</body></html>");
    expect(result.ok).toBe(false);
  });
});

describe("logigramme export-bpmn and import-bpmn", () => {
  it("round-trips a procedure through files into a definition the validator accepts", () => {
    const dir = mkdtempSync(join(tmpdir(), "logigramme-bpmn-"));
    try {
      const cli = (args: string[]) =>
        spawnSync(process.execPath, ["--import", "tsx", join(projectRoot(), "cli", "main.ts"), ...args], {
          cwd: projectRoot(),
          encoding: "utf8",
        });
      const exported = cli(["export-bpmn", "douanes-g-commande-reception-materiel"]);
      expect(exported.status).toBe(0);
      writeFileSync(join(dir, "g.bpmn"), exported.stdout);
      const imported = cli(["import-bpmn", join(dir, "g.bpmn")]);
      expect(imported.stderr).toBe("");
      expect(imported.status).toBe(0);
      writeFileSync(join(dir, "g.yaml"), imported.stdout);
      copyFileSync(join(proceduresFolder(), "douanes", "organisation.yaml"), join(dir, "organisation.yaml"));
      const validated = cli(["validate", dir]);
      expect(validated.stderr).toBe("");
      expect(validated.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
