import type { ProcedureDefinition, Step } from "../definition/schema.js";
import { deadlineText } from "../diagram/layout.js";
import type { OrganisationChart } from "../organisation/schema.js";
import { escapeMarkup } from "../text/escapeMarkup.js";
import type { ManualDocument, ManualSection } from "./manualSchema.js";

/**
 * The procedures manual regenerated from the definitions, as one HTML document ready to print:
 * the paper manual and the running system can then never disagree.
 */
export interface ManualInput {
  organisation: OrganisationChart;
  procedures: ProcedureDefinition[];
  /**
   * The logigramme of each procedure, by id: the standalone SVG documents of its parts, top to
   * bottom, each drawn to fit a page at full size (`engine/diagram/printSvg.ts`).
   */
  drawings: Record<string, string[]>;
  /** When it was generated, written on the cover (the caller's clock, not the engine's). */
  generatedOn: string;
  /** What the manual says besides its procedures (`manual.yaml`), when the organisation has it. */
  manual?: ManualDocument | undefined;
}

const STATUS: Record<ProcedureDefinition["status"], string> = {
  draft: "Projet",
  in_force: "En vigueur",
  expired: "Expirée",
};

const e = escapeMarkup;

const MARK_WORDS = {
  reconstructed: { step: "Étape reconstituée", outcome: "issue reconstituée" },
  inferred: { step: "Étape déduite", outcome: "issue déduite" },
} as const;

function what(step: Step, def: ProcedureDefinition): string {
  const lines: string[] = [];
  if (step.decision) {
    const outcomes = step.decision.outcomes
      .map((o) => {
        const target = o.next ? def.steps.find((s) => s.id === o.next)?.title : endWords(o.end!);
        const mark = o.mark
          ? ` <span class="mark">(${MARK_WORDS[o.mark.kind].outcome} : ${e(o.mark.note)})</span>`
          : "";
        return `<li><strong>${e(o.label)}</strong> → ${e(target ?? "")}${mark}</li>`;
      })
      .join("");
    lines.push(`<p class="decision">${e(step.decision.question)}</p><ul class="outcomes">${outcomes}</ul>`);
    if (step.decision.rule) lines.push(`<p class="rule">Issue déterminée par les données saisies.</p>`);
  } else if (step.parallel) {
    const branches = step.parallel.branches
      .map((b) => e(def.steps.find((s) => s.id === b)?.title ?? b))
      .join(" ∥ ");
    lines.push(`<p class="next">→ en parallèle : ${branches}</p>`);
  } else if (step.end) {
    lines.push(`<p class="next">→ ${e(endWords(step.end))}</p>`);
  }
  if (step.handoff)
    lines.push(`<p class="handoff">Déclenche la procédure « ${e(step.handoff.procedure)} ».</p>`);
  if (step.call)
    lines.push(
      `<p class="handoff">${
        step.call.wait
          ? `Appelle la procédure « ${e(step.call.procedure)} », demandée par ${e(step.actor)}, et attend sa fin : son issue est celle de l'étape.`
          : `Lance la procédure « ${e(step.call.procedure)} », demandée par ${e(step.actor)}, sans l'attendre.`
      }</p>`,
    );
  return lines.join("");
}

function endWords(outcome: "completed" | "rejected" | "cancelled"): string {
  return {
    completed: "Fin de la procédure",
    rejected: "Fin : demande rejetée",
    cancelled: "Fin : demande annulée",
  }[outcome];
}

function documents(step: Step): string {
  const docs = (step.documents ?? []).map((d) => {
    const checklist = (d.checklist ?? []).map((i) => `<li>${e(i.label)}</li>`).join("");
    const kind = d.kind === "requires" ? "Requis" : "Produit";
    return `<li><em>${kind}${d.required ? " (obligatoire)" : ""} :</em> ${e(d.title)}${checklist ? `<ul>${checklist}</ul>` : ""}</li>`;
  });
  return [
    step.comment ? `<p>${e(step.comment)}</p>` : "",
    docs.length > 0 ? `<ul class="docs">${docs.join("")}</ul>` : "",
  ].join("");
}

/**
 * The procedure's number in its manual (« 5.1 », « A »), read from the section it comes from;
 * the definitions' order when the section has none.
 */
export function manualNumber(def: ProcedureDefinition, index: number): string {
  const match = /^(\d+(?:\.\d+)*|[A-Z])\b/.exec(def.source.section ?? "");
  return match?.[1] ?? String(index);
}

function logigramme(def: ProcedureDefinition, parts: string[] | undefined): string {
  if (!parts || parts.length === 0)
    return `<figure class="logigramme"><p>(logigramme indisponible)</p></figure>`;
  return parts
    .map(
      (svg, i) =>
        `<figure class="logigramme${i > 0 ? " continued" : ""}">${i > 0 ? `<figcaption>Logigramme « ${e(def.title)} » (suite, partie ${i + 1} sur ${parts.length})</figcaption>` : ""}${svg}</figure>`,
    )
    .join("");
}

/** About how many characters of body text a line of the A4 portrait page holds, and its height. */
const LINE = { chars: 100, height: 16 } as const;

/**
 * An estimate, in CSS pixels, of what a procedure's section prints above its logigramme (heading,
 * identity, note, purpose, scope, acronyms, actors): the first part of the drawing is cut to the
 * room left on that page. Erring high costs a little white space; erring low would push the whole
 * part to the next page.
 */
export function procedureHeadHeight(def: ProcedureDefinition): number {
  const lines = (text: string | undefined, chars: number = LINE.chars) =>
    Math.max(1, Math.ceil((text ?? "—").length / chars));
  const actors = [...new Set(def.steps.map((s) => s.actor))]
    .map((a) => `${a} : ${def.actors[a]?.title ?? ""} ; `)
    .join("");
  const note = def.reconstructionNote ? lines(def.reconstructionNote, 90) * LINE.height + 22 : 0;
  const glossary = (def.glossary ?? []).reduce(
    (h, g, i, all) =>
      i % 2 === 1 ? h : h + Math.max(lines(g.label, 40), lines(all[i + 1]?.label, 40)) * LINE.height + 7,
    0,
  );
  return (
    40 + // heading
    2 * 28 + // identity rows
    note +
    4 * 26 + // h3 headings: objet, domaine, acteurs, logigramme
    (glossary ? glossary + 26 : 0) +
    (lines(def.purpose) + lines(def.scope) + lines(actors)) * LINE.height +
    24 // margins
  );
}

function procedureSection(
  def: ProcedureDefinition,
  index: number,
  drawing: string[] | undefined,
  dateNote: string,
): string {
  const actorsInUse = [...new Set(def.steps.map((s) => s.actor))];
  // Acronyms two to a row: half the height of the guide's own one-column table.
  const entries = (def.glossary ?? []).map((g) => `<th scope="row">${e(g.code)}</th><td>${e(g.label)}</td>`);
  const glossary = entries
    .filter((_, i) => i % 2 === 0)
    .map((cell, i) => `<tr>${cell}${entries[2 * i + 1] ?? "<td></td><td></td>"}</tr>`);
  // The chain itself is the logigramme above; the table keeps, per numbered activity, what the
  // drawing cannot hold: the comments, documents, data and délais, and the outcomes in words.
  const rows = def.steps.map(
    (step, i) => `<tr>
      <td>${i + 1}. ${e(step.actor)}</td>
      <td><strong>${e(step.title)}</strong>${step.mark ? `<p class="mark">${MARK_WORDS[step.mark.kind].step} : ${e(step.mark.note)}</p>` : ""}${what(step, def)}${documents(step)}</td>
      <td>${e(deadlineText(step.deadline) ?? "—")}</td>
    </tr>`,
  );
  const history = (def.history ?? []).map(
    (h) =>
      `<tr><td>${e(h.version)}</td><td>${h.definitionVersion ?? "—"}</td><td>${e(h.date ?? "—")}</td><td>${e(h.description)}</td></tr>`,
  );
  const manualVersion = def.source.manualVersion;
  return `<section class="procedure" id="${e(def.id)}">
  <h2>${e(manualNumber(def, index))}. ${e(def.title)}</h2>
  <table class="identity"><tbody>
    <tr><th scope="row">Référence</th><td>${e([def.source.reference, def.source.section && `section ${def.source.section}`].filter(Boolean).join(", ") || def.id)}</td>
        <th scope="row">Version</th><td>${manualVersion ? `Version ${e(manualVersion)} — ` : ""}définition n° ${def.version} — ${STATUS[def.status]}</td></tr>
    <tr><th scope="row">Date</th><td>${e(def.effectiveDate ?? dateNote)}</td>
        <th scope="row">Révision</th><td>${e(def.revisionDate ?? (def.effectiveDate ? "—" : dateNote))}</td></tr>
  </tbody></table>
  ${def.reconstructed ? `<p class="reconstructed"><strong>Logigramme reconstitué</strong> : le manuel source ne donnait pas ce logigramme. ${e(def.reconstructionNote ?? "")}</p>` : def.reconstructionNote ? `<p class="reconstructed"><strong>Note de lecture</strong> : ${e(def.reconstructionNote)}</p>` : ""}
  <h3>Objet</h3><p>${e(def.purpose ?? "—")}</p>
  <h3>Domaine d'application</h3><p>${e(def.scope ?? "—")}</p>
  ${glossary.length > 0 ? `<h3>Sigles et définitions</h3><table class="glossary"><tbody>${glossary.join("")}</tbody></table>` : ""}
  <h3>Acteurs</h3><p class="actors">${actorsInUse.map((a) => `<strong>${e(a)}</strong> : ${e(def.actors[a]?.title ?? "")}`).join(" ; ")}</p>
  <h3>Logigramme</h3>
  ${logigramme(def, drawing)}
  <h3>Enchaînement des activités</h3>
  <table class="steps">
    <thead><tr><th scope="col">Acteurs</th><th scope="col">Enchaînement des activités, commentaires et documents associés</th><th scope="col">Délais</th></tr></thead>
    <tbody>${rows.join("")}</tbody>
  </table>
  <h3>Versions</h3>
  <table class="versions"><colgroup><col class="narrow"><col class="narrow"><col class="date"><col></colgroup><thead><tr><th scope="col">Version du manuel</th><th scope="col">Définition</th><th scope="col">Date d'application</th><th scope="col">Description des modifications</th></tr></thead>
  <tbody>${history.join("") || `<tr><td>${e(manualVersion ?? "—")}</td><td>${def.version}</td><td>${e(def.effectiveDate ?? "—")}</td><td>Version initiale</td></tr>`}</tbody></table>
</section>`;
}

// A4 portrait: the logigrammes run top to bottom like the manuals' own chains, at full size (one
// CSS pixel per drawing unit, so that their 10 px texts print at 7.5 pt); a drawing is never
// shrunk to the page, it is cut into parts beforehand (PRINT_PAGE).
const STYLE = `
  @page { size: A4 portrait; margin: 12mm 12mm 12mm 12mm; }
  body { font-family: "DejaVu Sans", Verdana, "Segoe UI", Arial, sans-serif; font-size: 9pt; color: #111; line-height: 1.32; margin: 0; }
  h1 { font-size: 20pt; margin: 0 0 6mm; }
  h2 { font-size: 13pt; border-bottom: 2px solid #333; padding-bottom: 1.5mm; margin: 0 0 2.5mm; }
  h3 { font-size: 10pt; margin: 2.5mm 0 0.8mm; break-after: avoid; }
  p { margin: 0.8mm 0; }
  .cover { min-height: 200mm; display: flex; flex-direction: column; justify-content: center; }
  .procedure, nav.toc-page { break-before: page; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #777; padding: 0.7mm 1.3mm; vertical-align: top; text-align: left; }
  thead th { background: #e8e8e8; }
  table.steps { font-size: 8pt; } table.steps td:first-child { width: 12%; } table.steps td:last-child { width: 11%; }
  table.steps { line-height: 1.25; } table.steps p { margin: 0.3mm 0; }
  table.glossary { table-layout: fixed; } table.glossary th { width: 9%; } table.glossary td { width: 41%; }
  table.versions { font-size: 8pt; } table.versions col.narrow { width: 12%; } table.versions col.date { width: 14%; }
  .actor-title, .fields, .rule, .handoff { color: #444; font-size: 8pt; }
  .decision { font-style: italic; margin: 0.5mm 0; }
  ul { margin: 0.5mm 0; padding-left: 5mm; }
  .reconstructed { border: 1px dashed #555; padding: 1.5mm; background: #f4f4f4; }
  .mark { border: 1px dashed #555; padding: 0.5mm 1.5mm; font-size: 8pt; font-style: italic; }
  .front, .back, .records-section { break-before: page; }
  figure.logigramme { margin: 1mm 0 2mm; break-inside: avoid; text-align: center; }
  figure.logigramme.continued { break-before: page; }
  figure.logigramme figcaption { font-size: 8pt; color: #444; text-align: left; margin-bottom: 1mm; }
  figure.logigramme svg { max-width: 100%; height: auto; }
  tr { break-inside: avoid; }
`;

/**
 * The room a logigramme's parts may take on A4 portrait with the margins above, in CSS pixels:
 * a whole page (`height`), and a part after the first, on a page of its own (under
 * a one-line caption). 186 mm wide, 273 mm high.
 */
export const PRINT_PAGE = { width: 700, height: 1030, next: 975 } as const;

function manualSection(section: ManualSection): string {
  const heading = `${section.number ? `${e(section.number)}. ` : ""}${e(section.title)}`;
  const paragraphs = section.paragraphs.map((p) => `<p>${e(p)}</p>`).join("");
  const items = section.items ? `<ul>${section.items.map((i) => `<li>${e(i)}</li>`).join("")}</ul>` : "";
  return `<section class="manual-part"><h2>${heading}</h2>${paragraphs}${items}</section>`;
}

function recordsTable(records: NonNullable<ManualDocument["records"]>): string {
  const rows = records.rows
    .map(
      (r) =>
        `<tr><td>${e(r.record)}</td><td>${e(r.identification)}</td><td>${e(r.issuer)}</td><td>${e(r.access)}</td><td>${e(r.filing)}</td><td>${e(r.retention)}</td></tr>`,
    )
    .join("");
  return `<section class="records-section"><h2>${records.number ? `${e(records.number)}. ` : ""}${e(records.title)}</h2>
  <table class="records"><thead><tr><th scope="col">Enregistrement</th><th scope="col">Identification</th><th scope="col">Émetteur</th><th scope="col">Accès (lieu physique)</th><th scope="col">Classement (lieu géographique)</th><th scope="col">Durée de conservation</th></tr></thead>
  <tbody>${rows}</tbody></table></section>`;
}

export function renderManual(input: ManualInput): string {
  const { organisation, procedures, drawings, manual } = input;
  const source = procedures[0]?.source;
  const title = manual?.title ?? source?.document ?? `Manuel de procédures — ${organisation.name}`;
  const version = manual?.version ?? source?.manualVersion;
  const dateNote = manual?.dateNote ?? "non renseignée";
  const toc = procedures
    .map(
      (p, i) =>
        `<li><a href="#${e(p.id)}">${e(manualNumber(p, i + 1))}. ${e(p.title)}</a>${p.reconstructed ? " <em>(reconstitué)</em>" : ""}</li>`,
    )
    .join("");
  const coverLines = (manual?.cover ?? [organisation.name])
    .map((l) => `<p><strong>${e(l)}</strong></p>`)
    .join("");
  const manualHistory = (manual?.history ?? [])
    .map((h) => `<tr><td>${e(h.version)}</td><td>${e(h.date ?? "—")}</td><td>${e(h.description)}</td></tr>`)
    .join("");
  // The manual's own history closes its back matter (the ministry's §7); a manual without back
  // matter (the customs guide) has it under its sommaire rather than on a page of its own.
  const historySection = manual
    ? `<section class="manual-part"><h2>État des modifications du manuel</h2><table class="versions"><thead><tr><th scope="col">Version</th><th scope="col">Date d'application</th><th scope="col">Description des modifications</th></tr></thead><tbody>${manualHistory}</tbody></table></section>`
    : "";
  const acronyms = (manual?.acronyms ?? [])
    .map((g) => `<tr><th scope="row">${e(g.code)}</th><td>${e(g.label)}</td></tr>`)
    .join("");
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<section class="cover">
  ${coverLines}
  <h1>${e(title)}</h1>
  ${manual?.reference ? `<p>Réf : ${e(manual.reference)}</p>` : ""}
  <p>Version : ${e(version ?? "—")} — ${procedures.length} procédure(s)</p>
  <p>Date : ${e(manual?.date ?? dateNote)}</p>
  <p>Document régénéré par Logigramme le ${e(input.generatedOn)} à partir des définitions en vigueur.</p>
</section>
<nav class="toc-page"><h2>Sommaire</h2><ul class="toc">${toc}</ul>${manual && manual.back.length === 0 ? historySection : ""}</nav>
${manual && manual.front.length > 0 ? `<div class="front">${manual.front.map(manualSection).join("\n")}</div>` : ""}
${acronyms ? `<section class="manual-part"><h2>Sigles</h2><table class="glossary"><tbody>${acronyms}</tbody></table></section>` : ""}
${procedures.map((p, i) => procedureSection(p, i + 1, drawings[p.id], dateNote)).join("\n")}
${manual?.records ? recordsTable(manual.records) : ""}
${manual && manual.back.length > 0 ? `<div class="back">${manual.back.map(manualSection).join("\n")}\n${historySection}</div>` : ""}
</body>
</html>
`;
}
