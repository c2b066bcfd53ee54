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
    drawings: Object.fromEntries(procedures.map((p) => [p.id, `<svg data-for="${p.id}"></svg>`])),
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

  it("writes the manual's table: actor, activity, comment and documents, délai, for every step", () => {
    const html = manual();
    expect(html).toContain('<th scope="col">Acteurs</th><th scope="col">Enchaînement des activités</th>');
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
