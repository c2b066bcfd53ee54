import { BpmnModdle, type ModdleElement } from "bpmn-moddle";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { procedureDefinition } from "../definition/schema.js";
import { exportBpmn } from "./export.js";
import { importBpmn, slug } from "./import.js";
import { definitionToYaml } from "./toYaml.js";

// Everything the catalog's procedures do not use yet (parallel branches, every condition form,
// markup characters, line breaks in attributes…), so that the round trip is proven for them too.
const rich = procedureDefinition.parse({
  id: "demande-rich",
  title: 'Demande « spéciale » <test> & "quotes"',
  organisation: "mffe",
  source: { document: "Manuel & co", section: "3.2", reference: "PO 001/DSI", manualVersion: "2" },
  version: 3,
  status: "in_force",
  effectiveDate: "2024-01-15",
  revisionDate: "2029-01-15",
  reconstructed: true,
  reconstructionNote: "Ligne 1\nLigne 2 <b>",
  purpose: "But",
  scope: "Champ",
  glossary: [{ code: "DSI", label: "Direction des systèmes d'information" }],
  registry: "DR-{YY}{MM}-{seq:3}",
  calendar: "gabon",
  actors: {
    DEM: { title: "Demandeur", relative: "requester" },
    CHEF: { title: "Chef de service", role: "CS", unit: "DSI" },
    SEC: { title: "Secrétariat" },
    "CB.BPDA": { title: "Chef de bureau BPDA", role: "CB", unit: "BPDA" },
    ARCH: { title: "Archiviste, qui n'agit pas" },
    "CB / CS": {
      title: "Chef de bureau ou chef de section",
      anyOf: [{ role: "CB", unit: "BPDA" }, { role: "CS" }],
    },
    MS: { title: "Maître de stage", person: { field: "maitre" } },
  },
  start: "saisie",
  steps: [
    {
      id: "saisie",
      title: "Saisir la demande\tavec tabulation",
      actor: "DEM",
      comment: "Un commentaire\nsur deux lignes & <balises>",
      form: [
        {
          id: "type",
          label: "Type",
          type: "select",
          required: true,
          options: [
            { value: "creation", label: "Création" },
            { value: "suppression", label: "Suppression" },
          ],
          help: "Aide\nmultiligne",
        },
        { id: "montant", label: "Montant", type: "number", unit: "FCFA" },
        { id: "urgent", label: "Urgent", type: "boolean" },
        { id: "jours", label: "Jours", type: "integer" },
        { id: "maitre", label: "Maître de stage", type: "person" },
      ],
      documents: [
        {
          id: "dossier",
          title: "Dossier",
          kind: "requires",
          required: true,
          checklist: [
            { id: "lettre", label: "Lettre" },
            { id: "fiche", label: "Fiche", when: { type: "creation", urgent: true, jours: 3 } },
          ],
        },
      ],
      deadline: { hours: 4.5 },
      next: "examen",
    },
    {
      id: "examen",
      title: "Examiner",
      actor: "CHEF",
      deadline: { setWhenActing: true, note: "dépend du volume" },
      imputation: { label: "Imputer à", notOn: ["rejet"] },
      decision: {
        question: "Recevable ?",
        outcomes: [
          { id: "ok", label: "OUI", next: "instruire" },
          { id: "rejet", label: "NON", end: "rejected" },
          { id: "abandon", label: "Abandon", end: "cancelled" },
          {
            id: "revoir",
            label: "À revoir",
            next: "saisie",
            mark: { kind: "inferred", note: "Le logigramme ne dessine pas ce retour & « son » motif" },
          },
        ],
        rule: {
          when: {
            all: [
              { field: "type", equals: "creation" },
              {
                any: [
                  { field: "montant", gte: 10, lt: 1000.5 },
                  { field: "urgent", equals: true },
                ],
              },
              { not: { field: "jours", in: [1, 2, "trois"] } },
              { field: "jours", equals: 4, gt: 0, lte: 9 },
            ],
          },
          choose: "ok",
          otherwise: "rejet",
        },
      },
    },
    {
      id: "instruire",
      title: "Lancer l'instruction",
      actor: "CHEF",
      deadline: { months: 1 },
      parallel: { branches: ["avis-technique", "avis-financier"], join: "synthese" },
    },
    {
      id: "avis-technique",
      title: "Avis technique",
      actor: "CB.BPDA",
      deadline: { businessDays: 5 },
      next: "synthese",
      mark: { kind: "reconstructed", note: "Étape reconstituée <à valider>" },
    },
    {
      id: "avis-financier",
      title: "Avis financier",
      actor: "CB / CS",
      deadline: { calendarDays: 10 },
      next: "synthese",
    },
    {
      id: "synthese",
      title: "Synthèse",
      actor: "CHEF",
      handoff: { procedure: "courrier-externe", copy: ["type", "montant"] },
      next: "integration",
    },
    {
      id: "integration",
      title: "Demander l'intégration",
      actor: "CB.BPDA",
      call: {
        procedure: "integration",
        wait: true,
        copy: ["type"],
        outcomes: { completed: "faite", rejected: "refusee", cancelled: "refusee" },
      },
      decision: {
        question: "Intégration faite ?",
        outcomes: [
          { id: "faite", label: "OUI", next: "annonce" },
          { id: "refusee", label: "NON", end: "rejected" },
        ],
      },
    },
    {
      id: "annonce",
      title: "Annoncer la mise en service",
      actor: "CHEF",
      call: { procedure: "courrier-interne", wait: false },
      next: "cloture",
    },
    { id: "cloture", title: "Clôture par le maître de stage", actor: "MS", end: "completed" },
  ],
  history: [
    { version: "1", date: "2020-01-01", description: "Création" },
    { version: "2", description: "Révision" },
    { version: "2", definitionVersion: 3, description: "Marques et acteurs à choix" },
  ],
});

async function moddle(xml: string) {
  return new BpmnModdle().fromXML(xml);
}
const bpmn = (body: string, lanes = "") =>
  `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://example.org">
<bpmn:process id="P" name="Essai">${lanes}${body}</bpmn:process></bpmn:definitions>`;
const flow = (id: string, from: string, to: string, name?: string) =>
  `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"${name ? ` name="${name}"` : ""}/>`;

describe("exportBpmn", () => {
  it("writes every part of a definition so that importing it gives the very same definition", async () => {
    const xml = await exportBpmn(rich);
    const { warnings } = await moddle(xml);
    expect(warnings).toEqual([]);
    const back = await importBpmn(xml);
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.definition).toEqual(rich);
    expect(back.warnings).toEqual([]);
  });

  it("writes a call activity as a BPMN callActivity naming the called procedure, collapsed", async () => {
    const xml = await exportBpmn(rich);
    expect(xml).toMatch(
      /<bpmn:callActivity id="[^"]+" name="Demander l&#39;intégration" calledElement="integration">/,
    );
    const { rootElement } = await moddle(xml);
    const process = (rootElement.rootElements as ModdleElement[]).find((r) => r.$type === "bpmn:Process")!;
    const calls = (process.flowElements as ModdleElement[]).filter((e) => e.$type === "bpmn:CallActivity");
    expect(calls.map((c) => c.calledElement)).toEqual(["integration", "courrier-interne"]);
    expect(xml).not.toContain('isExpanded="true"');
  });

  it("is deterministic", async () => {
    expect(await exportBpmn(rich)).toBe(await exportBpmn(rich));
  });

  it("splits with a parallel gateway and joins the branches on another one before the join step", async () => {
    const { rootElement } = await moddle(await exportBpmn(rich));
    const process = (rootElement.rootElements as ModdleElement[]).find((r) => r.$type === "bpmn:Process")!;
    const flows = (process.flowElements as ModdleElement[]).filter((e) => e.$type === "bpmn:SequenceFlow");
    const into = (id: string) => flows.filter((f) => (f.targetRef as ModdleElement).id === id);
    expect(
      into("Join_synthese")
        .map((f) => (f.sourceRef as ModdleElement).id)
        .sort(),
    ).toEqual(["Task_avis-financier", "Task_avis-technique"]);
    expect(into("Task_synthese").map((f) => (f.sourceRef as ModdleElement).id)).toEqual(["Join_synthese"]);
    expect(into("Fork_instruire").map((f) => (f.sourceRef as ModdleElement).id)).toEqual(["Task_instruire"]);
  });
});

describe("importBpmn", () => {
  it("passes through merging gateways, which a step simply names as its next", async () => {
    const result = await importBpmn(
      bpmn(`<bpmn:startEvent id="S"/><bpmn:task id="A" name="Recevoir"/><bpmn:task id="B" name="Traiter"/>
<bpmn:exclusiveGateway id="G" name="Complet ?"/><bpmn:exclusiveGateway id="M"/><bpmn:endEvent id="E"/>
${flow("f1", "S", "A")}${flow("f2", "A", "G")}${flow("f3", "G", "M", "Oui")}${flow("f4", "G", "B", "Non")}
${flow("f5", "B", "M")}${flow("f6", "M", "E")}`),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.definition.steps).toEqual([
      {
        id: "recevoir",
        title: "Recevoir",
        actor: "ACTEUR",
        decision: {
          question: "Complet ?",
          outcomes: [
            { id: "oui", label: "Oui", end: "completed" },
            { id: "non", label: "Non", next: "traiter" },
          ],
        },
      },
      { id: "traiter", title: "Traiter", actor: "ACTEUR", end: "completed" },
    ]);
    expect(result.definition.registry).toBe("ESSA-{YYYY}-{seq:5}");
    expect(result.definition.status).toBe("draft");
  });

  it("refuses a gateway right after the start, and two deciding gateways in a row, saying which", async () => {
    const result = await importBpmn(
      bpmn(`<bpmn:startEvent id="S"/><bpmn:exclusiveGateway id="G0" name="Type ?"/>
<bpmn:task id="A" name="Recevoir"/><bpmn:task id="B" name="Traiter"/>
<bpmn:exclusiveGateway id="G1" name="Complet ?"/><bpmn:exclusiveGateway id="G2" name="Urgent ?"/><bpmn:endEvent id="E"/>
${flow("f1", "S", "G0")}${flow("f1b", "G0", "A", "x")}${flow("f1c", "G0", "B", "y")}
${flow("f2", "A", "G1")}${flow("f3", "G1", "G2", "Oui")}${flow("f4", "G1", "E", "Non")}
${flow("f5", "G2", "B", "Oui")}${flow("f6", "G2", "E", "Non")}${flow("f7", "B", "E")}`),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.element} ${p.id}`)).toEqual([
      "ExclusiveGateway G2",
      "ExclusiveGateway G0",
    ]);
    expect(result.problems[0]!.message.en).toContain('right after gateway "Complet ?"');
    expect(result.problems[1]!.message.fr).toContain("suit directement le début");
  });

  it("names a second process, timers on events and every unsupported element, all at once", async () => {
    const result = await importBpmn(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://example.org">
<bpmn:process id="P1"><bpmn:startEvent id="S"><bpmn:timerEventDefinition id="T"/></bpmn:startEvent>
<bpmn:serviceTask id="ST"/><bpmn:intermediateCatchEvent id="IC"/><bpmn:eventBasedGateway id="EG"/>
<bpmn:complexGateway id="CG"/><bpmn:callActivity id="CA"/><bpmn:scriptTask id="SC"/></bpmn:process>
<bpmn:process id="P2"><bpmn:task id="X"/></bpmn:process></bpmn:definitions>`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.element} ${p.id}`)).toEqual(
      expect.arrayContaining([
        "Process P2",
        "StartEvent S",
        "ServiceTask ST",
        "IntermediateCatchEvent IC",
        "EventBasedGateway EG",
        "ComplexGateway CG",
        "CallActivity CA",
        "ScriptTask SC",
      ]),
    );
  });

  it("reports what is not XML, and reader warnings about unknown BPMN elements", async () => {
    const broken = await importBpmn("<bpmn:definitions");
    expect(broken.ok).toBe(false);
    const unknown = await importBpmn(
      bpmn(
        `<bpmn:startEvent id="S"/><bpmn:task id="A" name="Faire"/><bpmn:endEvent id="E"/><bpmn:inventedThing id="Z"/>${flow("f1", "S", "A")}${flow("f2", "A", "E")}`,
      ),
    );
    if (!unknown.ok) throw new Error(JSON.stringify(unknown.problems));
    expect(unknown.warnings.map((w) => w.en).join("\n")).toContain("BPMN reader warning");
  });
});

describe("slug", () => {
  it("turns names into identifiers of the definition format", () => {
    expect(slug("Réception de l'État — « Dossier » N°3", "x")).toBe("reception-de-l-etat-dossier-n-3");
    expect(slug("???", "repli")).toBe("repli");
  });
});

describe("definitionToYaml", () => {
  it("names the schema first and keeps the schema's key order", () => {
    const text = definitionToYaml(rich);
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../definition.schema.json");
    expect(Object.keys(parse(text))).toEqual(Object.keys(procedureDefinition.shape).filter((k) => k in rich));
    expect(procedureDefinition.parse(parse(text))).toEqual(rich);
  });
});
