import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BpmnModdle, type ModdleElement } from "bpmn-moddle";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { exportBpmn } from "../../engine/bpmn/export.js";
import { importBpmn } from "../../engine/bpmn/import.js";
import { procedureDefinition } from "../../engine/definition/schema.js";
import { proceduresFolder, projectRoot } from "../../server/paths.js";

const catalog = loadCatalog([proceduresFolder()]);
const FIXTURES = join(projectRoot(), "tests", "fixtures", "bpmn");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

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
      expect(elementsOf(rootElement, "bpmn:UserTask")).toHaveLength(def.steps.filter((s) => !s.call).length);
      expect(elementsOf(rootElement, "bpmn:CallActivity").map((e) => e.calledElement)).toEqual(
        def.steps.flatMap((s) => (s.call ? [s.call.procedure] : [])),
      );
      expect(elementsOf(rootElement, "bpmn:ExclusiveGateway")).toHaveLength(
        def.steps.filter((s) => s.decision).length,
      );

      const flowNodes = (process.flowElements as ModdleElement[]).filter(
        (e) => e.$type !== "bpmn:SequenceFlow",
      );
      const flows = (process.flowElements as ModdleElement[]).filter((e) => e.$type === "bpmn:SequenceFlow");
      const plane = ((rootElement.diagrams as ModdleElement[])[0]!.plane as ModdleElement)
        .planeElement as ModdleElement[];
      const drawn = (type: string) =>
        new Set(plane.filter((p) => p.$type === type).map((p) => (p.bpmnElement as ModdleElement).id));
      const shapes = drawn("bpmndi:BPMNShape");
      const edges = drawn("bpmndi:BPMNEdge");
      for (const node of [...flowNodes, ...lanes]) expect(shapes.has(node.id), node.id).toBe(true);
      expect(shapes.has("Participant_1")).toBe(true);
      for (const flow of flows) expect(edges.has(flow.id), flow.id).toBe(true);
      for (const edge of plane.filter((p) => p.$type === "bpmndi:BPMNEdge")) {
        expect((edge.waypoint as ModdleElement[]).length).toBeGreaterThanOrEqual(2);
      }

      // Everything comes back: steps in order, actors (those without a lane too), transitions with
      // their outcome ids and labels, ends, délais, documents, forms, rules, header.
      const back = await importBpmn(xml);
      if (!back.ok) throw new Error(JSON.stringify(back.problems));
      expect(back.warnings).toEqual([]);
      expect(back.definition).toEqual(def);
    },
  );
});

describe("BPMN 2.0 import of other modellers' files", () => {
  it("reads a Camunda Modeler file: lanes become actors, the gateway a decision, a refusal end a rejection", async () => {
    const result = await importBpmn(fixture("camunda-demande-conge.bpmn"));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const def = result.definition;
    expect(result.warnings.map((w) => w.en).join("\n")).not.toContain("reader warning");
    expect(def.actors).toEqual({ AGENT: { title: "Agent" }, CHEF_DE_SERVICE: { title: "Chef de service" } });
    expect(def.steps.map((s) => s.actor)).toEqual(["AGENT", "CHEF_DE_SERVICE", "CHEF_DE_SERVICE"]);
    expect(def.start).toBe("saisir-la-demande-de-conge");
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

  it("reads a bpmn.io sketch without lanes nor names on some flows, saying what it made up", async () => {
    const result = await importBpmn(fixture("bpmnio-sans-couloirs.bpmn"), {
      id: "reclamation",
      organisation: "mffe",
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const def = result.definition;
    expect(def.id).toBe("reclamation");
    expect(def.organisation).toBe("mffe");
    expect(def.registry).toBe("RECL-{YYYY}-{seq:5}");
    expect(def.source).toEqual({ document: "Import BPMN" });
    expect(def.status).toBe("draft");
    expect(def.actors).toEqual({ ACTEUR: { title: "Acteur à préciser" } });
    expect(def.steps).toEqual([
      {
        id: "recevoir-la-reclamation",
        title: "Recevoir la réclamation",
        actor: "ACTEUR",
        next: "task-traiter",
      },
      {
        id: "task-traiter",
        title: "Task_traiter",
        actor: "ACTEUR",
        decision: {
          question: "Task_traiter ?",
          outcomes: [
            { id: "fondee", label: "Fondée", next: "repondre-a-l-usager" },
            // The unnamed flow runs through the merging gateway to the end.
            { id: "issue-2", label: "Issue 2", end: "completed" },
          ],
        },
      },
      { id: "repondre-a-l-usager", title: "Répondre à l'usager", actor: "ACTEUR", end: "completed" },
    ]);
    const said = result.warnings.map((w) => w.en).join("\n");
    expect(said).toContain('"TextAnnotation" (TextAnnotation_1) ignored');
    expect(said).toContain('"Association" (Association_1) ignored');
    expect(said).toContain("task Task_traiter has no name");
    expect(said).toContain("flow Flow_e of gateway");
    expect(said).toContain("gateway Gateway_0k3x9 has no name");
    expect(said).toContain('tasks in no lane, given to actor "ACTEUR"');
    expect(result.warnings.every((w) => w.fr.length > 0 && w.en.length > 0)).toBe(true);
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
    for (const p of result.problems) {
      expect(p.message.fr).toContain(`« ${p.element} » (${p.id})`);
      expect(p.message.en).toContain(`"${p.element}" (${p.id})`);
    }
    const boundary = result.problems.find((p) => p.element === "BoundaryEvent")!;
    expect(boundary.message.en).toContain("TimerEventDefinition");
  });

  it("says what is wrong with a file that is not BPMN", async () => {
    const result = await importBpmn("<html><body>pas du BPMN</body></html>");
    expect(result.ok).toBe(false);
  });
});

const cli = (args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", join(projectRoot(), "cli", "main.ts"), ...args], {
    cwd: projectRoot(),
    encoding: "utf8",
  });

describe("logigramme export-bpmn and import-bpmn", () => {
  it("round-trips a procedure through files into a definition the validator accepts", () => {
    const dir = mkdtempSync(join(tmpdir(), "logigramme-bpmn-"));
    try {
      const id = "douanes-g-commande-reception-materiel";
      const exported = cli(["export-bpmn", id]);
      expect(exported.status).toBe(0);
      writeFileSync(join(dir, "g.bpmn"), exported.stdout);
      const imported = cli(["import-bpmn", join(dir, "g.bpmn")]);
      expect(imported.stderr).toBe("");
      expect(imported.status).toBe(0);
      expect(imported.stdout.split("\n")[0]).toBe(
        "# yaml-language-server: $schema=../definition.schema.json",
      );
      const original = catalog.definitions.find((e) => e.definition.id === id)!.definition;
      expect(procedureDefinition.parse(parse(imported.stdout))).toEqual(original);
      writeFileSync(join(dir, "g.yaml"), imported.stdout);
      copyFileSync(join(proceduresFolder(), "douanes", "organisation.yaml"), join(dir, "organisation.yaml"));
      // The official documents the procedure writes are checked against the templates beside it.
      cpSync(join(proceduresFolder(), "douanes", "documents"), join(dir, "documents"), { recursive: true });
      // The registers its steps write to.
      cpSync(join(proceduresFolder(), "douanes", "registers"), join(dir, "registers"), { recursive: true });
      const validated = cli(["validate", dir]);
      expect(validated.stderr).toBe("");
      expect(validated.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers usage, unknown procedures and refused files with their exit codes", () => {
    const usage = cli(["export-bpmn"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage");
    const unknown = cli(["export-bpmn", "pas-une-procedure"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("pas-une-procedure");

    const refused = cli(["--lang", "en", "import-bpmn", join(FIXTURES, "elements-non-pris-en-charge.bpmn")]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.trim().split("\n")).toHaveLength(4);
    expect(refused.stderr).toContain("BoundaryEvent Boundary_relance");

    const named = cli(["import-bpmn", join(FIXTURES, "bpmnio-sans-couloirs.bpmn"), "reclamation", "mffe"]);
    expect(named.status).toBe(0);
    expect(named.stderr).toContain("ACTEUR");
    expect(parse(named.stdout)).toMatchObject({ id: "reclamation", organisation: "mffe", status: "draft" });
  });
});
