import { describe, expect, it } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { procedureDefinition } from "../definition/schema.js";
import { escapeMarkup } from "../text/escapeMarkup.js";
import { layoutProcedure } from "./layout.js";
import { renderSvg, textWidth, wrap } from "./svg.js";

// The tests run from the repository root, where `procedures/` is the catalog.
const joinDomain = definitionFromCatalog("douanes-c-jonction-domaine");
const backups = definitionFromCatalog("douanes-d-sauvegarde-serveurs");
const ordering = definitionFromCatalog("douanes-g-commande-reception-materiel");
const projects = definitionFromCatalog("douanes-i-gestion-projets");
const archiving = definitionFromCatalog("mffe-archivage-fonds-dossier");

const draw = async (def: typeof joinDomain) => renderSvg(def, await layoutProcedure(def));

/** The markup of one step's task group (task groups hold no nested group). */
function taskGroup(svg: string, stepId: string): string {
  const match = svg.match(new RegExp(`<g class="lg-task" data-step="${stepId}">(.*?)</g>`, "s"));
  expect(match, `no task group for ${stepId}`).not.toBeNull();
  return match![1]!;
}

/** The text a reader sees in a piece of markup: tspans joined by spaces, entities decoded. */
function visibleText(markup: string): string {
  return [...markup.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)]
    .map((m) => m[1]!)
    .join(" ")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}

/**
 * Well-formedness without a DOM: every tag closes in order, attributes are quoted, and every `&`
 * starts an entity. The browser test parses the documents for real.
 */
function expectWellFormed(svg: string): void {
  const body = svg.replace(/<\?xml[^>]*\?>/, "");
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop(), `</${name}> closes the wrong element`).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(stack).toEqual([]);
  // Every "<" belongs to a tag that the pattern above recognised.
  const tags = body.match(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g) ?? [];
  expect(body.split("<").length - 1).toBe(tags.length);
  expect(body).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
}

describe("the swimlane logigramme (SVG)", () => {
  it("is a standalone, well-formed SVG 1.1 document with its size, viewBox and accessible name", async () => {
    const layout = await layoutProcedure(joinDomain);
    const svg = renderSvg(joinDomain, layout);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" version="1\.1"/);
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain(`<title id="lg-${joinDomain.id}-title">${joinDomain.title}</title>`);
    expect(svg).toMatch(/<desc id="lg-douanes-c-jonction-domaine-desc">[^<]*jonction des postes/);
    expect(svg).not.toMatch(/url\((?!#lg-douanes-c-jonction-domaine-arrow\))/);
    expect(svg).not.toMatch(/<link|@import|@font-face|href=/);
    for (const def of [joinDomain, backups, ordering, projects, archiving]) expectWellFormed(await draw(def));
  });

  it("writes the title line with the version, and the « reconstitué » badge only when reconstructed", async () => {
    expect(projects.reconstructed).toBe(true);
    const reconstructed = await draw(projects);
    expect(reconstructed).toContain(`${projects.title} — version ${projects.version}</text>`);
    expect(reconstructed).toMatch(/<text [^>]*class="lg-badge">reconstitué<\/text>/);
    expect(joinDomain.reconstructed).toBe(false);
    const original = await draw(joinDomain);
    expect(original).toContain(`${joinDomain.title} — version ${joinDomain.version}</text>`);
    expect(original).not.toContain("reconstitué");
  });

  it("draws one lane per actor that acts, headed by its code in bold and its full title", async () => {
    for (const def of [joinDomain, projects]) {
      const svg = await draw(def);
      const actors = [...new Set(def.steps.map((s) => s.actor))];
      expect(svg.match(/<g class="lg-lane" /g)).toHaveLength(actors.length);
      for (const actor of actors) {
        const lane = svg.match(new RegExp(`<g class="lg-lane" data-actor="${actor}">(.*?)</g>`, "s"))![1]!;
        expect(lane).toContain(`class="lg-actor" text-anchor="start"><tspan x="8" y=`);
        expect(visibleText(lane)).toBe(`${actor} ${def.actors[actor]!.title}`);
      }
    }
  });

  it("draws one rounded task box per step with its title, on at most three lines", async () => {
    for (const def of [joinDomain, projects]) {
      const svg = await draw(def);
      expect(svg.match(/<g class="lg-task" /g)).toHaveLength(def.steps.length);
      for (const step of def.steps) {
        const group = taskGroup(svg, step.id);
        expect(group).toMatch(/<rect [^>]*rx="8"/);
        expect(group).toContain(`<title>${escapeMarkup(step.title)}`);
        const lines = group.match(/<text class="lg-label"[^>]*>(.*?)<\/text>/s)![1]!.match(/<tspan/g)!;
        expect(lines.length).toBeLessThanOrEqual(3);
        if (step.title.length < 40) expect(visibleText(group)).toBe(step.title);
      }
    }
  });

  it("cuts a title too long for its box with an ellipsis instead of letting it overflow", () => {
    const lines = wrap(
      "Vérification de la conformité technique et administrative du matériel livré par le fournisseur",
      154,
      12,
      3,
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]!.endsWith("…")).toBe(true);
    for (const line of lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(154);
    expect(wrap("Anticonstitutionnellement", 60, 12, 1)[0]).toMatch(/^Anti.*…$/);
  });

  it("draws a diamond per decision with its question, and each outcome label on its flow", async () => {
    for (const def of [joinDomain, ordering]) {
      const svg = await draw(def);
      const decisions = def.steps.filter((s) => s.decision);
      expect(svg.match(/<g class="lg-decision" [^>]*><title>[^<]*<\/title><polygon /g)).toHaveLength(
        decisions.length,
      );
      for (const step of decisions) {
        const question = svg.match(
          new RegExp(`<g class="lg-question" data-question-of="${step.id}">(.*?)</g>`),
        )!;
        expect(visibleText(question[1]!).replace("…", "")).toSatisfy((shown: string) =>
          step.decision!.question.startsWith(shown.trim()),
        );
      }
      const labels = [...svg.matchAll(/<g class="lg-outcome" data-outcome="[^"]*"[^>]*>(.*?)<\/g>/g)].map(
        (m) => visibleText(m[1]!),
      );
      const expected = decisions.flatMap((s) => s.decision!.outcomes.map((o) => o.label));
      expect(labels).toHaveLength(expected.length);
      for (const [i, label] of labels.entries()) {
        expect(expected[i]!.startsWith(label.replace("…", "").trim())).toBe(true);
      }
    }
  });

  it("draws the start as a thin circle and each end as a thick circle named by how the case ends", async () => {
    const svg = await draw(projects);
    expect(svg).toMatch(/<g class="lg-start"><circle [^>]*class="lg-start"\/>.*?>Début<\/tspan>/);
    expect(svg).toMatch(/<g class="lg-end" data-outcome="completed"><circle [^>]*class="lg-end"\/>.*?>Fin</);
    expect(svg).toMatch(/<g class="lg-end" data-outcome="rejected"><circle [^>]*class="lg-end"\/>.*?>Rejet</);
    expect(svg).toMatch(/circle\.lg-start \{[^}]*stroke-width: 1\.5/);
    expect(svg).toMatch(/circle\.lg-end \{[^}]*stroke-width: 4/);
  });

  it("ends every flow with the one arrowhead marker defined in <defs>", async () => {
    const svg = await draw(backups);
    expect(svg.match(/<marker /g)).toHaveLength(1);
    const layout = await layoutProcedure(backups);
    expect(
      svg.match(
        /<path d="M[^"]*" class="lg-flow[^"]*" marker-end="url\(#lg-douanes-d-sauvegarde-serveurs-arrow\)"[^>]*\/>/g,
      ),
    ).toHaveLength(layout.edges.length);
  });

  it("writes a step's délai in small italics with its box, and its full text in the tooltip", async () => {
    const svg = await draw(archiving);
    const reception = taskGroup(svg, "reception");
    expect(reception).toMatch(/<text class="lg-deadline"[^>]*><tspan[^>]*>Délai : 1 jour ouvré<\/tspan>/);
    expect(svg).toMatch(/\.lg-deadline \{[^}]*font-style: italic/);
    const update = taskGroup(svg, "mise-a-jour");
    expect(update).toContain("délai : Selon le cas (dépend du volume des dossiers à archiver)</title>");
    expect(visibleText(update)).toContain("Délai : Selon le cas");
    const plain = archiving.steps.find((s) => !s.deadline)!;
    expect(taskGroup(svg, plain.id)).not.toContain("lg-deadline");
  });

  it("dashes the flows that loop back, and only those", async () => {
    for (const def of [joinDomain, backups]) {
      const layout = await layoutProcedure(def);
      const loops = layout.edges.filter((e) => e.back).length;
      expect(loops).toBeGreaterThan(0);
      const svg = renderSvg(def, layout);
      expect(svg.match(/class="lg-flow lg-loop"/g)).toHaveLength(loops);
      expect(svg).toMatch(/path\.lg-loop \{ stroke-dasharray: [\d ]+; \}/);
    }
  });

  it("escapes &, <, > and quotes in every text it writes", async () => {
    const def = procedureDefinition.parse({
      ...joinDomain,
      title: 'Poste <"A"> & co',
      actors: { ...joinDomain.actors, AGBIT: { ...joinDomain.actors.AGBIT, title: "Agent R&D <BIT>" } },
      steps: joinDomain.steps.map((s, i) =>
        i === 0
          ? {
              ...s,
              title: "Vérifier <RAM> & OS",
              decision: { ...s.decision!, question: 'Poste "conforme" ?' },
            }
          : s,
      ),
    });
    const svg = await draw(def);
    expectWellFormed(svg);
    expect(svg).toContain("Poste &lt;&quot;A&quot;&gt; &amp; co");
    expect(svg).toContain("Vérifier &lt;RAM&gt; &amp; OS");
    expect(svg).toContain("Agent R&amp;D &lt;BIT&gt;");
    expect(svg).toContain("Poste &quot;conforme&quot; ?");
    expect(svg).not.toMatch(/<RAM>|<BIT>|<"A">/);
  });

  it("dashes the steps and outcomes marked reconstructed or inferred, with a badge, their note and a legend", async () => {
    const decisionStep = ordering.steps.find((s) => s.decision)!;
    const [outcome, ...others] = decisionStep.decision!.outcomes;
    const marked = {
      ...ordering,
      steps: ordering.steps.map((s) =>
        s.id === ordering.start
          ? { ...s, mark: { kind: "reconstructed" as const, note: "Étape absente du logigramme du guide" } }
          : s.id === decisionStep.id
            ? {
                ...s,
                decision: {
                  ...s.decision!,
                  outcomes: [
                    {
                      ...outcome!,
                      mark: { kind: "inferred" as const, note: "Le guide ne dessine pas cette issue" },
                    },
                    ...others,
                  ],
                },
              }
            : s,
      ),
    };
    const plain = await draw(ordering);
    expect(plain).not.toContain("lg-marked");
    const svg = await draw(marked);
    const start = taskGroup(svg, ordering.start);
    expect(start).toContain('class="lg-task lg-marked"');
    expect(start).toContain(">reconstituée</text>");
    expect(start).toContain("étape reconstituée : Étape absente du logigramme du guide</title>");
    expect(svg.match(/<path [^>]*class="lg-flow lg-marked"[^>]*data-from="decision-/g)).toHaveLength(1);
    expect(svg).toContain("<title>Issue déduite : Le guide ne dessine pas cette issue</title>");
    expect(svg).toContain('class="lg-legend lg-marks-legend"');
    expect(svg).toContain("rect.lg-marked { stroke-dasharray: 5 3; }");
    const height = (markup: string) => Number(markup.match(/<svg [^>]*height="(\d+)"/)![1]);
    expect(height(svg)).toBe(height(plain) + 40);
  });

  it("draws a call activity as a collapsed sub-process, naming the procedure it calls in its tooltip", async () => {
    const step = ordering.steps.find((s) => s.next && s.id !== ordering.start)!;
    const calling = {
      ...ordering,
      steps: ordering.steps.map((s) =>
        s.id === step.id ? { ...s, call: { procedure: "douanes-q-integration", wait: true } } : s,
      ),
    };
    expect(await draw(ordering)).not.toContain('class="lg-call-marker"');
    const group = taskGroup(await draw(calling), step.id);
    expect(group).toContain('class="lg-call-marker" data-calls="douanes-q-integration"');
    expect(group).toContain("appelle la procédure « douanes-q-integration » et attend sa fin</title>");
  });

  it("gives the same string for the same procedure every time", async () => {
    for (const def of [ordering, projects]) expect(await draw(def)).toBe(await draw(def));
  });

  it("scopes its styles and ids to itself, so that a manual can inline many drawings", async () => {
    const svg = await draw(joinDomain);
    const style = svg.match(/<style type="text\/css">(.*?)<\/style>/s)![1]!;
    for (const rule of style.trim().split("\n")) expect(rule.startsWith("svg.lg-logigramme ")).toBe(true);
    for (const [, id] of svg.matchAll(/ id="([^"]+)"/g))
      expect(id!.startsWith(`lg-${joinDomain.id}-`)).toBe(true);
  });
});

describe("a case's path over the logigramme (SVG highlight)", () => {
  const highlight = {
    done: ["reception-plan", "execution", "verification"],
    current: ["recuperation-supports"],
    taken: [
      ["start", "reception-plan"],
      ["reception-plan", "execution"],
      ["execution", "verification"],
      ["verification", "recuperation-supports"],
    ] as Array<[string, string]>,
  };

  it("fills the done steps, outlines the current one, and leaves the others plain", async () => {
    const layout = await layoutProcedure(backups);
    const svg = renderSvg(backups, layout, highlight);
    expectWellFormed(svg);
    for (const step of highlight.done) {
      expect(svg).toMatch(new RegExp(`<g class="lg-task lg-done" data-step="${step}">`));
    }
    expect(svg).toMatch(
      /<g class="lg-task lg-current" data-step="recuperation-supports"><title>[^<]*\(étape en cours\)<\/title><rect [^>]*class="lg-task lg-current"\/>/,
    );
    expect(svg).toMatch(/<g class="lg-task" data-step="archivage">/);
    expect(svg).toMatch(/rect\.lg-task\.lg-done \{ fill: #[0-9a-f]{6}; \}/);
    expect(svg).toMatch(/rect\.lg-task\.lg-current \{[^}]*stroke-width: 4/);
  });

  it("draws the flows taken, through the decision's diamond, thicker and in the accent colour", async () => {
    const layout = await layoutProcedure(backups);
    const svg = renderSvg(backups, layout, highlight);
    const byNodes = (from: string, to: string) => layout.edges.find((e) => e.from === from && e.to === to)!;
    const expected = [
      byNodes("start", "task-reception-plan"),
      byNodes("task-reception-plan", "task-execution"),
      byNodes("task-execution", "task-verification"),
      byNodes("task-verification", "decision-verification"),
      byNodes("decision-verification", "task-recuperation-supports"),
    ];
    const flows = svg.match(/<g class="lg-flows">(.*?)<\/g>/s)![1]!;
    const takenPaths = flows.match(/<path d="[^"]*" class="lg-flow[^"]*lg-taken"[^>]*\/>/g) ?? [];
    expect(takenPaths).toHaveLength(expected.length);
    const d = (e: (typeof expected)[number]) =>
      e.points
        .map((p, i) => `${i === 0 ? "M" : "L"}${Math.round(p.x * 10) / 10},${Math.round(p.y * 10) / 10}`)
        .join(" ");
    for (const e of expected) expect(flows).toContain(`<path d="${d(e)}" class="lg-flow lg-taken"`);
    // The NON loop back to execution was not taken in this case.
    expect(svg.match(/class="lg-flow lg-loop"/g)).toHaveLength(layout.edges.filter((e) => e.back).length);
    expect(svg).toMatch(/path\.lg-flow\.lg-taken \{ stroke: #[0-9a-f]{6}; stroke-width: 3; \}/);
    expect(svg).toContain('marker-end="url(#lg-douanes-d-sauvegarde-serveurs-arrow-taken)"');
  });

  it("adds a legend under the lanes and says the progress in the description", async () => {
    const layout = await layoutProcedure(backups);
    const plain = renderSvg(backups, layout);
    const svg = renderSvg(backups, layout, highlight);
    const heightOf = (s: string) => Number(s.match(/ height="(\d+)"/)![1]);
    expect(heightOf(svg)).toBeGreaterThan(heightOf(plain));
    const key = svg.match(/<g class="lg-legend">(.*?)<\/g>/s)![1]!;
    expect(visibleText(key)).toBe("Étape faite Étape en cours Chemin suivi");
    expect(svg).toMatch(
      /<desc [^>]*>[^<]*Chemin suivi par le dossier : 3 activités faites, en cours : [^<]+\.<\/desc>/,
    );
    expect(plain).not.toContain("lg-legend");
    expect(plain).not.toContain("lg-taken");
  });
});
