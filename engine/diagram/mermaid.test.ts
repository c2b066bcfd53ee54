import { describe, expect, it } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { procedureDefinition } from "../definition/schema.js";
import { mermaidLabel, renderMermaid } from "./mermaid.js";

// The tests run from the repository root, where `procedures/` is the catalog.
const joinDomain = definitionFromCatalog("douanes-c-jonction-domaine");
const projects = definitionFromCatalog("douanes-i-gestion-projets");

describe("the Mermaid text", () => {
  it("is a left-to-right flowchart", () => {
    expect(renderMermaid(joinDomain).startsWith("flowchart LR\n")).toBe(true);
  });

  it("has one subgraph per actor lane, titled with the actor's title", () => {
    for (const def of [joinDomain, projects]) {
      const text = renderMermaid(def);
      const actors = [...new Set(def.steps.map((s) => s.actor))];
      expect(text.match(/^ {2}subgraph /gm)).toHaveLength(actors.length);
      expect(text.match(/^ {2}end$/gm)).toHaveLength(actors.length);
      // Lane ids are the actor codes made safe for Mermaid (« CS / Agent BAS » has spaces and a slash).
      const titles = text
        .split("\n")
        .filter((l) => /^ {2}subgraph lane_\w+\[/.test(l))
        .map((l) => l.replace(/^ {2}subgraph lane_\w+/, ""));
      for (const actor of actors) expect(titles).toContain(`["${actor} — ${def.actors[actor]!.title}"]`);
    }
  });

  it("puts every step in a box inside its actor's subgraph", () => {
    const text = renderMermaid(projects);
    const blocks = [...text.matchAll(/subgraph lane_\S+\["(.*?) — .*?\n(.*?)\n {2}end/gs)];
    for (const step of projects.steps) {
      const line = `    n_task_${step.id.replaceAll("-", "_")}["${step.title}`;
      const block = blocks.find((b) => b[2]!.includes(line));
      expect(block, step.id).toBeDefined();
      expect(block![1]).toBe(step.actor);
    }
  });

  it("draws decisions as diamonds whose outgoing edges carry the outcome labels", () => {
    const text = renderMermaid(joinDomain);
    for (const step of joinDomain.steps.filter((s) => s.decision)) {
      const gateway = `n_decision_${step.id.replaceAll("-", "_")}`;
      expect(text).toContain(`    ${gateway}{"${step.decision!.question}"}`);
      for (const o of step.decision!.outcomes) {
        const target = o.next ? `n_task_${o.next.replaceAll("-", "_")}` : `n_end_${o.end}`;
        expect(text).toContain(`  ${gateway} -- "${o.label}" --> ${target}`);
      }
    }
  });

  it("writes the start and the ends as stadium-shaped terminals", () => {
    const text = renderMermaid(projects);
    expect(text).toContain('    n_start(["Début"])');
    expect(text).toContain('    n_end_completed(["Fin"])');
    expect(text).toContain('    n_end_rejected(["Rejet"])');
  });

  it("escapes quotes, brackets, markup and entities inside labels", () => {
    expect(mermaidLabel('Dossier "complet" [A] <b> & #1 `x`')).toBe(
      '"Dossier #quot;complet#quot; [A] #lt;b#gt; #amp; #35;1 #96;x#96;"',
    );
    const def = procedureDefinition.parse({
      ...joinDomain,
      steps: joinDomain.steps.map((s, i) => (i === 0 ? { ...s, title: 'Poste "A" {B} (C) [D]' } : s)),
    });
    const text = renderMermaid(def);
    expect(text).toContain('n_task_verification_caracteristiques["Poste #quot;A#quot; {B} (C) [D]"]');
  });

  it("keeps node ids distinct when two step ids differ only by - and _", () => {
    const def = procedureDefinition.parse({
      ...joinDomain,
      steps: joinDomain.steps
        .map((s) =>
          s.id === "jonction"
            ? { ...s, id: "mise_a_jour" }
            : s.next === "jonction"
              ? { ...s, next: "mise_a_jour" }
              : s,
        )
        .map((s) =>
          s.decision
            ? {
                ...s,
                decision: {
                  ...s.decision,
                  outcomes: s.decision.outcomes.map((o) =>
                    o.next === "jonction" ? { ...o, next: "mise_a_jour" } : o,
                  ),
                },
              }
            : s,
        ),
    });
    const text = renderMermaid(def);
    expect(text).toContain("n_task_mise_a_jour[");
    expect(text).toContain("n_task_mise_a_jour_2[");
  });

  it("gives the same text every time", () => {
    expect(renderMermaid(projects)).toBe(renderMermaid(projects));
  });
});
