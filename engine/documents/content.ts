import type { FormField, ProcedureDefinition } from "../definition/schema.js";
import {
  type DocumentLanguage,
  type DocumentTemplate,
  fill,
  type Letterhead,
  placeholders,
  templateTexts,
} from "./template.js";

/**
 * What a PDF shows, every value already in words: the renderer only draws. Built here, purely, from
 * a template (or the case summary) and the facts of a case.
 */
export interface DocumentContent {
  language: DocumentLanguage;
  title: string;
  letterhead: Letterhead | null;
  organisationName: string;
  registryNumber: string;
  /** « Fait à Abidjan, le 2 mars 2026 » / "Issued on 2 March 2026". */
  dateLine: string;
  blocks: ContentBlock[];
  signatures: Array<{ label: string; name: string; title: string }>;
  /** The public check of the file; null for a document that is not kept (the summary is). */
  verification: { code: string; url: string } | null;
  labels: DocumentLabels;
}

export type ContentBlock =
  | { heading: string }
  | { paragraph: string }
  | { fields: Array<{ label: string; value: string }> }
  | { table: { columns: string[]; widths: number[]; rows: string[][] } };

export interface DocumentLabels {
  registryNumber: string;
  page: (n: number, of: number) => string;
  verify: string;
  code: string;
}

export const LABELS: Record<DocumentLanguage, DocumentLabels> = {
  fr: {
    registryNumber: "N° d'enregistrement",
    page: (n, of) => `Page ${n} / ${of}`,
    verify: "Vérifier l'authenticité de ce document",
    code: "Code",
  },
  en: {
    registryNumber: "Registry number",
    page: (n, of) => `Page ${n} of ${of}`,
    verify: "Check that this document is authentic",
    code: "Code",
  },
};

/** Who completed a step of the case, as the audit trail says. */
export interface StepCompletion {
  stepId: string;
  actorCode: string | null;
  byName: string;
  /** Set when a deputy acted: the absent person's name. */
  onBehalfOfName: string | null;
  at: string;
  outcome: string | null;
}

/** The facts of one case a document is written from. */
export interface CaseFacts {
  registryNumber: string;
  title: string;
  requesterName: string;
  startedAt: string;
  data: Record<string, unknown>;
  completions: StepCompletion[];
  organisationName: string;
  timeZone: string;
}

const LOCALE: Record<DocumentLanguage, string> = { fr: "fr-FR", en: "en-GB" };

export function formatDate(iso: string, language: DocumentLanguage, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE[language], { dateStyle: "long", timeZone }).format(new Date(iso));
}

export function formatDateTime(iso: string, language: DocumentLanguage, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE[language], {
    dateStyle: "short",
    timeStyle: "short",
    timeZone,
  }).format(new Date(iso));
}

/** Every form field of the definition by id (the first declaration wins: ids are shared across steps). */
export function fieldsById(def: ProcedureDefinition): Map<string, FormField> {
  const fields = new Map<string, FormField>();
  for (const step of def.steps) for (const f of step.form ?? []) if (!fields.has(f.id)) fields.set(f.id, f);
  return fields;
}

/**
 * A form value in words: an option's label, a number with the language's grouping (the narrow
 * no-break space of `fr-FR`) and its unit, a date written out, « Oui » / « Non ».
 */
export function formatValue(
  field: FormField | undefined,
  value: unknown,
  language: DocumentLanguage,
  timeZone: string,
): string {
  if (value === undefined || value === null || value === "") return "—";
  if (!field) return String(value);
  switch (field.type) {
    case "number":
    case "integer": {
      const n = typeof value === "number" ? value : Number(value);
      if (!Number.isFinite(n)) return String(value);
      const formatted = new Intl.NumberFormat(LOCALE[language]).format(n);
      return field.unit ? `${formatted} ${field.unit}` : formatted;
    }
    case "boolean":
      return value === true ? (language === "fr" ? "Oui" : "Yes") : language === "fr" ? "Non" : "No";
    case "date":
      return typeof value === "string" ? formatDate(`${value}T12:00:00Z`, language, "UTC") : String(value);
    case "datetime":
      return typeof value === "string" ? formatDateTime(value, language, timeZone) : String(value);
    case "select":
      return field.options?.find((o) => o.value === value)?.label ?? String(value);
    default:
      return String(value);
  }
}

/** The values a template's placeholders are filled with. */
export function caseValues(
  def: ProcedureDefinition,
  facts: CaseFacts,
  issuedAt: string,
  language: DocumentLanguage,
): Record<string, string> {
  const values: Record<string, string> = {
    "case.registryNumber": facts.registryNumber,
    "case.title": facts.title || "—",
    "case.requester": facts.requesterName,
    "case.startedAt": formatDate(facts.startedAt, language, facts.timeZone),
    "case.procedure": def.title,
    issuedAt: formatDate(issuedAt, language, facts.timeZone),
    organisation: facts.organisationName,
  };
  const fields = fieldsById(def);
  for (const [id, field] of fields) {
    values[`data.${id}`] = formatValue(field, facts.data[id], language, facts.timeZone);
  }
  // The latest completion of a step counts: a step done again after a send-back replaces the first.
  for (const c of facts.completions) {
    values[`step.${c.stepId}.by`] = c.byName;
    values[`step.${c.stepId}.at`] = formatDate(c.at, language, facts.timeZone);
  }
  return values;
}

/** The placeholders a template uses that a case of this definition can never fill. */
export function unknownPlaceholders(def: ProcedureDefinition, template: DocumentTemplate): string[] {
  const fields = fieldsById(def);
  const steps = new Set(def.steps.map((s) => s.id));
  const known = (name: string) => {
    if (name.startsWith("data.")) return fields.has(name.slice(5));
    const step = /^step\.([^.]+)\.(by|at)$/.exec(name);
    if (step) return steps.has(step[1]!);
    return (
      [
        "case.registryNumber",
        "case.title",
        "case.requester",
        "case.startedAt",
        "case.procedure",
        "issuedAt",
        "organisation",
      ] as string[]
    ).includes(name);
  };
  return [...new Set(templateTexts(template).flatMap(placeholders))].filter((p) => !known(p));
}

/** A template filled from a case: what the renderer draws for an official document. */
export function templateContent(input: {
  def: ProcedureDefinition;
  template: DocumentTemplate;
  letterhead: Letterhead | null;
  facts: CaseFacts;
  issuedAt: string;
  verification: { code: string; url: string };
}): DocumentContent {
  const { def, template, facts } = input;
  const language = template.language;
  const values = caseValues(def, facts, input.issuedAt, language);
  const f = (s: string) => fill(s, values);
  const blocks: ContentBlock[] = template.blocks.map((b) =>
    "heading" in b
      ? { heading: f(b.heading) }
      : "paragraph" in b
        ? { paragraph: f(b.paragraph) }
        : { fields: b.fields.map((x) => ({ label: f(x.label), value: f(x.value) })) },
  );
  const signatures = template.signatures.map((s) => {
    const actorTitle = def.actors[s.actor]?.title ?? s.actor;
    const last = [...facts.completions].reverse().find((c) => c.actorCode === s.actor);
    return {
      label: s.label ? f(s.label) : actorTitle,
      name: last ? (last.onBehalfOfName ? `${last.byName} (${last.onBehalfOfName})` : last.byName) : "",
      title: actorTitle,
    };
  });
  return {
    language,
    title: f(template.title),
    letterhead: input.letterhead,
    organisationName: facts.organisationName,
    registryNumber: facts.registryNumber,
    dateLine: dateLine(input.letterhead, input.issuedAt, language, facts.timeZone),
    blocks,
    signatures,
    verification: input.verification,
    labels: LABELS[language],
  };
}

function dateLine(letterhead: Letterhead | null, iso: string, language: DocumentLanguage, timeZone: string) {
  const date = formatDate(iso, language, timeZone);
  if (language === "fr") return letterhead?.city ? `Fait à ${letterhead.city}, le ${date}` : `Le ${date}`;
  return letterhead?.city ? `${letterhead.city}, ${date}` : date;
}

/** The case's printable summary (fiche de suivi): its data, its steps, who did what and when, its documents. */
export function caseSummaryContent(input: {
  def: ProcedureDefinition;
  letterhead: Letterhead | null;
  facts: CaseFacts;
  status: string;
  documents: Array<{ title: string; fileName: string; sha256: string; at: string }>;
  printedAt: string;
  language: DocumentLanguage;
}): DocumentContent {
  const { def, facts, language } = input;
  const fr = language === "fr";
  const fields = fieldsById(def);
  const stepTitle = (id: string) => def.steps.find((s) => s.id === id)?.title ?? id;
  const outcomeLabel = (stepId: string, outcome: string | null) =>
    outcome
      ? (def.steps.find((s) => s.id === stepId)?.decision?.outcomes.find((o) => o.id === outcome)?.label ??
        outcome)
      : "";
  const status: Record<string, [string, string]> = {
    active: ["En cours", "In progress"],
    completed: ["Terminé", "Completed"],
    rejected: ["Rejeté", "Rejected"],
    cancelled: ["Annulé", "Cancelled"],
  };
  const [statusFr, statusEn] = status[input.status] ?? [input.status, input.status];
  const blocks: ContentBlock[] = [
    {
      fields: [
        { label: fr ? "Procédure" : "Procedure", value: def.title },
        { label: fr ? "Objet" : "Subject", value: facts.title || "—" },
        { label: fr ? "Demandeur" : "Requester", value: facts.requesterName },
        {
          label: fr ? "Ouvert le" : "Opened on",
          value: formatDateTime(facts.startedAt, language, facts.timeZone),
        },
        { label: fr ? "État" : "Status", value: fr ? statusFr : statusEn },
      ],
    },
    { heading: fr ? "Données du dossier" : "Case data" },
    Object.keys(facts.data).length > 0
      ? {
          fields: [...fields.entries()]
            .filter(([id]) => id in facts.data)
            .map(([id, field]) => ({
              label: field.label,
              value: formatValue(field, facts.data[id], language, facts.timeZone),
            })),
        }
      : { paragraph: "—" },
    { heading: fr ? "Étapes" : "Steps" },
    {
      table: {
        columns: fr ? ["Étape", "Par", "Le", "Issue"] : ["Step", "By", "On", "Outcome"],
        widths: [0.42, 0.24, 0.18, 0.16],
        rows: facts.completions.map((c) => [
          stepTitle(c.stepId),
          c.onBehalfOfName ? `${c.byName} (${fr ? "pour" : "for"} ${c.onBehalfOfName})` : c.byName,
          formatDateTime(c.at, language, facts.timeZone),
          outcomeLabel(c.stepId, c.outcome),
        ]),
      },
    },
    { heading: fr ? "Documents" : "Documents" },
    input.documents.length > 0
      ? {
          table: {
            columns: fr ? ["Document", "Fichier", "Le", "SHA-256"] : ["Document", "File", "On", "SHA-256"],
            widths: [0.3, 0.3, 0.18, 0.22],
            rows: input.documents.map((d) => [
              d.title,
              d.fileName,
              formatDateTime(d.at, language, facts.timeZone),
              `${d.sha256.slice(0, 16)}…`,
            ]),
          },
        }
      : { paragraph: "—" },
  ];
  return {
    language,
    title: fr ? `Fiche de suivi du dossier ${facts.registryNumber}` : `Case summary ${facts.registryNumber}`,
    letterhead: input.letterhead,
    organisationName: facts.organisationName,
    registryNumber: facts.registryNumber,
    dateLine: fr
      ? `Édité le ${formatDateTime(input.printedAt, language, facts.timeZone)}`
      : `Printed on ${formatDateTime(input.printedAt, language, facts.timeZone)}`,
    blocks,
    signatures: [],
    verification: null,
    labels: LABELS[language],
  };
}
