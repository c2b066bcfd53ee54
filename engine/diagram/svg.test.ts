import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { procedureDefinition } from "../definition/schema.js";
import { layoutProcedure } from "./layout.js";
import { renderMermaid } from "./mermaid.js";
import { renderSvg, wrap } from "./svg.js";

const catalog = [join(import.meta.dirname, "..", "..", "procedures")];
const joinDomain = definitionFromCatalog("douanes-c-jonction-domaine", catalog);
const archiving = definitionFromCatalog("mffe-archivage-fonds-dossier", catalog);

describe("the swimlane logigramme", () => {
  it("draws one lane per actor that acts, with its title", async () => {
    const svg = renderSvg(joinDomain, await layoutProcedure(joinDomain));
    const actors = [...new Set(joinDomain.steps.map((s) => s.actor))];
    expect(svg.match(/<g class="lane" /g)).toHaveLength(actors.length);
    for (const actor of actors) expect(svg).toContain(`data-actor="${actor}"`);
  });

  it("draws a box per step and a diamond per decision, with the outcome labels on the flows", async () => {
    const svg = renderSvg(joinDomain, await layoutProcedure(joinDomain));
    for (const step of joinDomain.steps) expect(svg).toContain(`<g class="task" data-step="${step.id}">`);
    const decisions = joinDomain.steps.filter((s) => s.decision);
    expect(svg.match(/<polygon /g)).toHaveLength(decisions.length);
    for (const o of decisions.flatMap((s) => s.decision!.outcomes))
      expect(svg).toContain(`>${o.label}</text>`);
  });

  it("dashes the flows that loop back", async () => {
    const layout = await layoutProcedure(joinDomain);
    expect(layout.edges.some((e) => e.back)).toBe(true);
    expect(renderSvg(joinDomain, layout)).toContain('class="flow loop"');
  });

  it("writes each step's délai beside it", async () => {
    const svg = renderSvg(archiving, await layoutProcedure(archiving));
    expect(svg).toContain("Délai : 1 jour ouvré");
    expect(svg).toContain("Délai : Selon le cas (dépend du volume des dossiers à archiver)");
  });

  it("lays no two boxes of a lane on top of each other", async () => {
    for (const def of [joinDomain, archiving, definitionFromCatalog("douanes-i-gestion-projets", catalog)]) {
      const { nodes } = await layoutProcedure(def);
      for (const a of nodes) {
        for (const b of nodes) {
          if (a === b) continue;
          const overlap =
            a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
          expect(overlap, `${def.id}: ${a.id} overlaps ${b.id}`).toBe(false);
        }
      }
    }
  });

  it("escapes text and is the same every time", async () => {
    const def = procedureDefinition.parse({
      ...joinDomain,
      title: 'Poste <"A"> & co',
      steps: joinDomain.steps.map((s, i) => (i === 0 ? { ...s, title: "Vérifier <RAM> & OS" } : s)),
    });
    const svg = renderSvg(def, await layoutProcedure(def));
    expect(svg).toContain("Poste &lt;&quot;A&quot;&gt; &amp; co");
    expect(svg).not.toContain("<RAM>");
    expect(renderSvg(def, await layoutProcedure(def))).toBe(svg);
  });

  it("wraps long titles and cuts them with an ellipsis", () => {
    expect(wrap("Vérification des caractéristiques du poste de travail", 20, 2)).toEqual([
      "Vérification des",
      "caractéristiques du…",
    ]);
  });
});

describe("the Mermaid text", () => {
  it("has a subgraph per actor, every step and labelled decision flows", () => {
    const text = renderMermaid(joinDomain);
    expect(text.startsWith("flowchart LR\n")).toBe(true);
    for (const actor of new Set(joinDomain.steps.map((s) => s.actor)))
      expect(text).toContain(`subgraph lane_${actor}`);
    for (const step of joinDomain.steps) expect(text).toContain(`"${step.title}`);
    expect(text).toContain('-- "Oui" -->');
    expect(text).toContain('-- "Non" -->');
  });
});
