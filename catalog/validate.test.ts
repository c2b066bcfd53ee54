import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "./loadCatalog.js";

const invalid = (name: string) =>
  join(import.meta.dirname, "..", "tests", "fixtures", "invalid", `${name}.yaml`);

function problemsOf(name: string) {
  return loadCatalog([invalid(name)]).problems;
}

describe("the definition validator", () => {
  it.each([
    ["yaml-syntax", "yaml_syntax"],
    ["schema-error", "schema"],
    ["unknown-actor", "unknown_actor"],
    ["missing-target", "missing_target"],
    ["unreachable-step", "unreachable_step"],
    ["path-without-end", "path_without_end"],
    ["loop-without-exit", "loop_without_exit"],
    ["decision-one-outcome", "decision_too_few_outcomes"],
    ["duplicate-ids", "duplicate_id"],
    ["missing-history", "missing_history"],
  ])("rejects %s with a %s problem located in the file", (fixture, code) => {
    const problems = problemsOf(fixture);
    const problem = problems.find((p) => p.code === code);
    expect(problem, JSON.stringify(problems, null, 2)).toBeDefined();
    expect(problem?.file).toContain(`${fixture}.yaml`);
    expect(problem?.line).toBeGreaterThan(0);
    expect(problem?.message.fr.length).toBeGreaterThan(10);
    expect(problem?.message.en.length).toBeGreaterThan(10);
  });

  it("names the missing field and the unknown key of a schema error", () => {
    const messages = problemsOf("schema-error").map((p) => p.message.fr);
    expect(messages).toContain("title : champ obligatoire manquant");
    expect(messages.some((m) => m.includes("« colour »"))).toBe(true);
  });

  it("points an unknown actor at the line of the step that names it", () => {
    const problem = problemsOf("unknown-actor").find((p) => p.code === "unknown_actor");
    expect(problem?.line).toBe(14);
    expect(problem?.message.fr).toContain("« CHEF »");
  });

  it("tells a loop with no way out from a path that only leads into it", () => {
    const loop = problemsOf("loop-without-exit");
    expect(loop.filter((p) => p.code === "loop_without_exit").map((p) => p.message.en)).toHaveLength(2);
    expect(loop.some((p) => p.code === "path_without_end")).toBe(false);
    const path = problemsOf("path-without-end");
    expect(path.find((p) => p.code === "path_without_end")?.message.fr).toContain("« c »");
  });

  it("refuses an alternative actor whose role the org chart does not have, pointing at that choice", () => {
    const problem = problemsOf("unknown-alternative-role").find((p) => p.code === "unknown_role");
    expect(problem?.path).toEqual(["actors", "CB / CHEF", "anyOf", 1, "role"]);
    expect(problem?.line).toBe(14);
    expect(problem?.message.fr).toContain("« CHEF »");
    expect(problemsOf("unknown-alternative-role").filter((p) => p.code === "unknown_role")).toHaveLength(1);
  });

  it("refuses an actor bound to a form field that is not a person field, pointing at the actor", () => {
    const problem = problemsOf("person-not-a-person-field").find((p) => p.code === "unknown_field");
    expect(problem?.path).toEqual(["actors", "MS", "person", "field"]);
    expect(problem?.line).toBe(12);
    expect(problem?.message.fr).toContain("« maitre »");
  });

  it("refuses an organisation chart whose security officer names a role it does not have", () => {
    const problems = loadCatalog([
      join(import.meta.dirname, "..", "tests", "fixtures", "invalid-chart"),
    ]).problems;
    const problem = problems.find((p) => p.code === "unknown_role");
    expect(problem?.path).toEqual(["securityOfficer"]);
    expect(problem?.file).toContain("organisation.yaml");
    expect(problem?.line).toBe(4);
    expect(problem?.message.fr).toContain("« RSSI »");
  });

  it("reads each organisation's manual apart from its procedures: front and back matter, records table", () => {
    const catalog = loadCatalog([join(import.meta.dirname, "..", "procedures")]);
    const ministry = catalog.manuals.find((m) => m.organisation === "mffe")!;
    expect(ministry.version).toBe("00");
    expect(ministry.front.map((s) => s.title)).toEqual([
      "Liste des destinataires pour action",
      "Objet",
      "Domaine d'application",
      "Références",
    ]);
    expect(ministry.records?.rows[0]).toMatchObject({
      issuer: "Direction de la qualité",
      retention: "Indéfini",
    });
    expect(catalog.manuals.find((m) => m.organisation === "douanes")?.version).toBe("2");
  });

  it("holds every procedure of both manuals", () => {
    const expected = [
      ...[
        "a-installation-site",
        "b-deploiement-materiel",
        "c-jonction-domaine",
        "d-sauvegarde-serveurs",
        "e-compte-mail",
        "f-maintien-condition-operationnelle",
        "g-commande-reception-materiel",
        "h-acces-data-center",
        "i-gestion-projets",
        "j-regles-tarif-selectivite",
        "k-developpement-applications",
        "l-comptes-utilisateurs",
        "m-gestion-anomalies",
        "n-comptes-systeme-decisionnel",
        "o-demandes-donnees",
        "p-maintenances-evolutives-decisionnel",
        "q-integration-sources-sydam",
        "r-sauvegarde-base-sydam",
        "s-arret-sydam",
      ].map((id) => `douanes-${id}`),
      ...[
        "courrier-interne",
        "courrier-externe",
        "maintenance-annuelle",
        "assistance-spontanee",
        "gestion-stages",
        "deroulement-stage",
        "renforcement-capacites",
        "conception-logiciel",
        "archivage-fonds-dossier",
        "recherche-documentaire",
        "modification-manuel",
        "revision-diffusion",
      ].map((id) => `mffe-${id}`),
    ];
    const ids = loadCatalog([join(import.meta.dirname, "..", "procedures")]).definitions.map(
      (e) => e.definition.id,
    );
    expect(expected.filter((id) => !ids.includes(id))).toEqual([]);
    expect(ids.filter((id) => !expected.includes(id))).toEqual([]);
  });

  it("marks as reconstructed the customs procedures the guide gives no flowchart for", () => {
    const reconstructed = loadCatalog([join(import.meta.dirname, "..", "procedures")])
      .definitions.filter((e) => e.definition.reconstructed)
      .map((e) => e.definition.id);
    for (const letter of ["f", "j", "k", "m", "o", "q"]) {
      expect(reconstructed.some((id) => id.startsWith(`douanes-${letter}-`))).toBe(true);
    }
  });

  it("accepts the whole shipped catalog", () => {
    const catalog = loadCatalog([join(import.meta.dirname, "..", "procedures")]);
    expect(catalog.problems).toEqual([]);
    expect(catalog.definitions.length).toBeGreaterThan(0);
  });
});
