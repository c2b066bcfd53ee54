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
  /** The logigramme of each procedure, by id, as a standalone SVG document. */
  drawings: Record<string, string>;
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
  } else if (step.next) {
    lines.push(`<p class="next">→ ${e(def.steps.find((s) => s.id === step.next)?.title ?? step.next)}</p>`);
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
  const fields = (step.form ?? []).map(
    (f) => `${e(f.label)}${f.required ? " *" : ""}${f.help ? ` (${e(f.help)})` : ""}`,
  );
  return [
    step.comment ? `<p>${e(step.comment)}</p>` : "",
    docs.length > 0 ? `<ul class="docs">${docs.join("")}</ul>` : "",
    fields.length > 0 ? `<p class="fields">Données saisies : ${fields.join(", ")}</p>` : "",
  ].join("");
}

function procedureSection(
  def: ProcedureDefinition,
  index: number,
  drawing: string | undefined,
  dateNote: string,
): string {
  const actorsInUse = [...new Set(def.steps.map((s) => s.actor))];
  const glossary = (def.glossary ?? []).map(
    (g) => `<tr><th scope="row">${e(g.code)}</th><td>${e(g.label)}</td></tr>`,
  );
  const rows = def.steps.map(
    (step, i) => `<tr>
      <td>${i + 1}. ${e(step.actor)}<br><span class="actor-title">${e(def.actors[step.actor]?.title ?? "")}</span></td>
      <td><strong>${e(step.title)}</strong>${step.mark ? `<p class="mark">${MARK_WORDS[step.mark.kind].step} : ${e(step.mark.note)}</p>` : ""}${what(step, def)}</td>
      <td>${documents(step)}</td>
      <td>${e(deadlineText(step.deadline) ?? "—")}</td>
    </tr>`,
  );
  const history = (def.history ?? []).map(
    (h) =>
      `<tr><td>${e(h.version)}</td><td>${h.definitionVersion ?? "—"}</td><td>${e(h.date ?? "—")}</td><td>${e(h.description)}</td></tr>`,
  );
  const manualVersion = def.source.manualVersion;
  return `<section class="procedure" id="${e(def.id)}">
  <h2>${index}. ${e(def.title)}</h2>
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
  <h3>Acteurs</h3><ul class="actors">${actorsInUse.map((a) => `<li><strong>${e(a)}</strong> : ${e(def.actors[a]?.title ?? "")}</li>`).join("")}</ul>
  <h3>Logigramme</h3>
  <figure class="logigramme">${drawing ?? "<p>(logigramme indisponible)</p>"}</figure>
  <h3>Enchaînement des activités</h3>
  <table class="steps">
    <thead><tr><th scope="col">Acteurs</th><th scope="col">Enchaînement des activités</th><th scope="col">Commentaires et documents associés</th><th scope="col">Délais</th></tr></thead>
    <tbody>${rows.join("")}</tbody>
  </table>
  <h3>Versions</h3>
  <table class="versions"><thead><tr><th scope="col">Version du manuel</th><th scope="col">Définition</th><th scope="col">Date d'application</th><th scope="col">Description des modifications</th></tr></thead>
  <tbody>${history.join("") || `<tr><td>${e(manualVersion ?? "—")}</td><td>${def.version}</td><td>${e(def.effectiveDate ?? "—")}</td><td>Version initiale</td></tr>`}</tbody></table>
</section>`;
}

const STYLE = `
  @page { size: A4 landscape; margin: 14mm; }
  body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; line-height: 1.4; }
  h1 { font-size: 22pt; margin: 0 0 6mm; }
  h2 { font-size: 15pt; border-bottom: 2px solid #333; padding-bottom: 2mm; }
  h3 { font-size: 11.5pt; margin: 5mm 0 2mm; }
  .cover { min-height: 150mm; display: flex; flex-direction: column; justify-content: center; }
  .procedure { break-before: page; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #777; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
  thead th { background: #e8e8e8; }
  table.steps td:first-child { width: 16%; } table.steps td:last-child { width: 10%; }
  .actor-title, .fields, .rule, .handoff { color: #444; font-size: 9pt; }
  .decision { font-style: italic; margin: 1mm 0; }
  ul { margin: 1mm 0; padding-left: 5mm; }
  .reconstructed { border: 1px dashed #555; padding: 2mm; background: #f4f4f4; }
  .mark { border: 1px dashed #555; padding: 0.5mm 1.5mm; font-size: 9pt; font-style: italic; }
  .front, .back, .records-section { break-before: page; }
  figure.logigramme { margin: 0; break-inside: avoid; }
  figure.logigramme svg { width: 100%; height: auto; max-height: 170mm; }
  tr { break-inside: avoid; }
`;

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
        `<li><a href="#${e(p.id)}">${i + 1}. ${e(p.title)}</a>${p.reconstructed ? " <em>(reconstitué)</em>" : ""}</li>`,
    )
    .join("");
  const coverLines = (manual?.cover ?? [organisation.name])
    .map((l) => `<p><strong>${e(l)}</strong></p>`)
    .join("");
  const manualHistory = (manual?.history ?? [])
    .map((h) => `<tr><td>${e(h.version)}</td><td>${e(h.date ?? "—")}</td><td>${e(h.description)}</td></tr>`)
    .join("");
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
<nav><h2>Sommaire</h2><ul class="toc">${toc}</ul></nav>
${manual && manual.front.length > 0 ? `<div class="front">${manual.front.map(manualSection).join("\n")}</div>` : ""}
${acronyms ? `<section class="manual-part"><h2>Sigles</h2><table class="glossary"><tbody>${acronyms}</tbody></table></section>` : ""}
${procedures.map((p, i) => procedureSection(p, i + 1, drawings[p.id], dateNote)).join("\n")}
${manual?.records ? recordsTable(manual.records) : ""}
${
  manual
    ? `<div class="back">${manual.back.map(manualSection).join("\n")}
<section class="manual-part"><h2>État des modifications du manuel</h2><table class="versions"><thead><tr><th scope="col">Version</th><th scope="col">Date d'application</th><th scope="col">Description des modifications</th></tr></thead><tbody>${manualHistory}</tbody></table></section></div>`
    : ""
}
</body>
</html>
`;
}
