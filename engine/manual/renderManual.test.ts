import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { renderManual } from "./renderManual.js";

const catalog = loadCatalog([join(import.meta.dirname, "..", "..", "procedures")]);
const douanes = catalog.organisations.find((o) => o.organisation === "douanes")!;
const procedures = catalog.definitions.map((e) => e.definition).filter((d) => d.organisation === "douanes");

function manual() {
  return renderManual({
    organisation: douanes,
    procedures,
    drawings: Object.fromEntries(procedures.map((p) => [p.id, [`<svg data-for="${p.id}"></svg>`]])),
    generatedOn: "2026-11-22",
  });
}

describe("the regenerated procedures manual", () => {
  it("has a section per procedure, in a table of contents, with its logigramme", () => {
    const html = manual();
    for (const p of procedures) {
      expect(html).toContain(`<section class="procedure" id="${p.id}">`);
      expect(html).toContain(`href="#${p.id}"`);
      expect(html).toContain(`<svg data-for="${p.id}">`);
    }
  });

  it("numbers each procedure as its manual does and prints every part of its logigramme in order", () => {
    const html = renderManual({
      organisation: douanes,
      procedures,
      drawings: Object.fromEntries(
        procedures.map((p) => [
          p.id,
          [`<svg data-part="1" data-for="${p.id}"></svg>`, `<svg data-part="2" data-for="${p.id}"></svg>`],
        ]),
      ),
      generatedOn: "2026-11-22",
    });
    expect(html).toContain('<a href="#douanes-a-installation-site">A. ');
    expect(html).toContain("<h2>S. Procédure d&#39;arrêt");
    const section = html.split('id="douanes-i-gestion-projets"')[1]!.split("</section>")[0]!;
    expect(section.indexOf('data-part="1"')).toBeLessThan(section.indexOf('data-part="2"'));
    expect(section).toContain("(suite, partie 2 sur 2)");
  });

  it("writes the manual's table: actor, activity, comment and documents, délai, for every step", () => {
    const html = manual();
    expect(html).toContain(
      '<th scope="col">Acteurs</th><th scope="col">Enchaînement des activités, commentaires et documents associés</th><th scope="col">Délais</th>',
    );
    const backup = procedures.find((p) => p.id === "douanes-d-sauvegarde-serveurs")!;
    for (const step of backup.steps)
      expect(html).toContain(`<strong>${step.title.replaceAll("'", "&#39;")}</strong>`);
    const rows = html
      .split('id="douanes-d-sauvegarde-serveurs"')[1]!
      .split("</section>")[0]!
      .match(/<tr>\s*<td>\d+\./g);
    expect(rows).toHaveLength(backup.steps.length);
  });

  it("shows the purpose, scope, acronyms and versions, and flags reconstructed flows", () => {
    const html = manual();
    expect(html).toContain("<h3>Sigles et définitions</h3>");
    expect(html).toContain("<h3>Versions</h3>");
    const reconstructed = procedures.filter((p) => p.reconstructed);
    expect(reconstructed.length).toBeGreaterThan(0);
    expect(html.match(/Logigramme reconstitué/g)).toHaveLength(reconstructed.length);
    // A note on a procedure that is not reconstructed (customs S: chart and comments disagree) is printed too.
    const noted = procedures.filter((p) => !p.reconstructed && p.reconstructionNote);
    expect(noted.length).toBeGreaterThan(0);
    for (const p of noted)
      expect(html).toContain(
        `<strong>Note de lecture</strong> : ${p.reconstructionNote!.replaceAll("'", "&#39;")}`,
      );
  });

  it("prints every mark with its note, on the step and on the outcome", () => {
    const backup = procedures.find((p) => p.id === "douanes-d-sauvegarde-serveurs")!;
    const decisionStep = procedures.flatMap((p) => p.steps).find((s) => s.decision)!;
    const owner = procedures.find((p) => p.steps.includes(decisionStep))!;
    const [first, ...rest] = decisionStep.decision!.outcomes;
    const marked = [
      {
        ...backup,
        steps: backup.steps.map((s, i) =>
          i === 0
            ? { ...s, mark: { kind: "reconstructed" as const, note: "absente du tableau du guide" } }
            : s,
        ),
      },
      {
        ...owner,
        steps: owner.steps.map((s) =>
          s === decisionStep
            ? {
                ...s,
                decision: {
                  ...s.decision!,
                  outcomes: [
                    { ...first!, mark: { kind: "inferred" as const, note: "non dessinée" } },
                    ...rest,
                  ],
                },
              }
            : s,
        ),
      },
    ];
    const html = renderManual({
      organisation: douanes,
      procedures: marked,
      drawings: {},
      generatedOn: "2026-11-22",
    });
    expect(html).toContain('<p class="mark">Étape reconstituée : absente du tableau du guide</p>');
    expect(html).toContain('<span class="mark">(issue déduite : non dessinée)</span>');
  });

  it("writes the manual's own version and the definition's, and a history line per definition version", () => {
    const ministry = catalog.definitions
      .map((e) => e.definition)
      .find((d) => d.id === "mffe-courrier-externe")!;
    const chart = catalog.organisations.find((o) => o.organisation === "mffe")!;
    const html = renderManual({
      organisation: chart,
      procedures: [ministry],
      drawings: {},
      generatedOn: "2026-11-22",
    });
    expect(html).toContain(`Version 00 — définition n° ${ministry.version} — En vigueur`);
    for (let v = 1; v <= ministry.version; v++)
      expect(html).toMatch(new RegExp(`<tr><td>00</td><td>${v}</td>`));
  });

  it("prints the manual's cover, front matter, records table, revision rules and history from its data", () => {
    const chart = catalog.organisations.find((o) => o.organisation === "mffe")!;
    const manual = catalog.manuals.find((m) => m.organisation === "mffe")!;
    const ministry = catalog.definitions.map((e) => e.definition).filter((d) => d.organisation === "mffe");
    const html = renderManual({
      organisation: chart,
      procedures: ministry,
      drawings: {},
      generatedOn: "2026-11-22",
      manual,
    });
    expect(html).toContain("<p>Version : 00 — ");
    expect(html).toContain("<p>Réf : PO 001/DSI</p>");
    expect(html).toContain("Date : non renseignée dans le manuel d&#39;origine");
    const order = [
      "1. Liste des destinataires pour action",
      "2. Objet",
      "3. Domaine d&#39;application",
      "4. Références",
    ];
    const positions = order.map((h) => html.indexOf(`<h2>${h}</h2>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const firstProcedure = html.indexOf('<section class="procedure"');
    expect(positions[3]).toBeLessThan(firstProcedure);
    const records = html.indexOf("<h2>6. Gestion des enregistrements</h2>");
    expect(records).toBeGreaterThan(html.lastIndexOf('<section class="procedure"'));
    expect(html).toContain(
      "<td>Direction de la qualité</td><td>Archive MFFE</td><td>Archive MFFE</td><td>Indéfini</td>",
    );
    expect(html.indexOf("<h2>7.1. Fréquence de révision</h2>")).toBeGreaterThan(records);
    expect(html).toContain("<h2>8. Diffusion d&#39;un document</h2>");
    expect(html).toContain("<h2>État des modifications du manuel</h2>");
  });

  it("escapes text so that a title cannot inject markup", () => {
    const [first] = procedures;
    const html = renderManual({
      organisation: douanes,
      procedures: [{ ...first!, title: "Courrier <script>alert(1)</script> & « suivi »" }],
      drawings: {},
      generatedOn: "2026-11-22",
    });
    expect(html).not.toContain("<script>");
    expect(html).toContain("Courrier &lt;script&gt;alert(1)&lt;/script&gt; &amp; « suivi »");
  });
});
