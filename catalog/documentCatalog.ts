import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import type { DefinitionProblem } from "../engine/definition/problems.js";
import { unknownPlaceholders } from "../engine/documents/content.js";
import {
  type DocumentTemplate,
  documentTemplate,
  type Letterhead,
  letterhead,
} from "../engine/documents/template.js";
import { message } from "../engine/messages.js";
import { organisationChart } from "../engine/organisation/schema.js";
import { parseWithSchema } from "../engine/yaml/parseWithSchema.js";
import type { CatalogEntry } from "./checkCatalog.js";

export const LETTERHEAD_FILE = "letterhead.yaml";
export const TEMPLATES_FOLDER = "documents";

/** One organisation's official-document data: its letterhead (and logo) and its templates by id. */
export interface OrganisationDocuments {
  letterhead: Letterhead | null;
  logo: Buffer | null;
  templates: Map<string, DocumentTemplate>;
}

/** Reads `letterhead.yaml` and `documents/*.yaml` of the organisation folder that holds `organisation.yaml`. */
export function loadOrganisationDocuments(
  folder: string,
  cwd = process.cwd(),
): { documents: OrganisationDocuments; problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const documents: OrganisationDocuments = { letterhead: null, logo: null, templates: new Map() };
  const letterheadPath = join(folder, LETTERHEAD_FILE);
  if (existsSync(letterheadPath)) {
    const parsed = parseWithSchema(
      relative(cwd, letterheadPath),
      readFileSync(letterheadPath, "utf8"),
      letterhead,
    );
    if (parsed.ok) {
      documents.letterhead = parsed.value;
      const logo = parsed.value.logo ? join(folder, parsed.value.logo) : null;
      if (logo && existsSync(logo)) documents.logo = readFileSync(logo);
      else if (logo) {
        problems.push({
          code: "document_template",
          path: ["logo"],
          file: relative(cwd, letterheadPath),
          message: message(
            `le logo ${parsed.value.logo} est introuvable`,
            `logo ${parsed.value.logo} not found`,
          ),
        });
      }
    } else problems.push(...parsed.problems);
  }
  const templatesFolder = join(folder, TEMPLATES_FOLDER);
  if (existsSync(templatesFolder)) {
    for (const name of readdirSync(templatesFolder).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const path = join(templatesFolder, name);
      const file = relative(cwd, path);
      const parsed = parseWithSchema(file, readFileSync(path, "utf8"), documentTemplate);
      if (!parsed.ok) {
        problems.push(...parsed.problems);
        continue;
      }
      if (parsed.value.id !== basename(name).replace(/\.ya?ml$/, "")) {
        problems.push({
          code: "document_template",
          path: ["id"],
          file,
          ...parsed.locate(["id"]),
          message: message(
            `l'identifiant du modèle (« ${parsed.value.id} ») doit être le nom de son fichier`,
            `the template's id ("${parsed.value.id}") must be its file name`,
          ),
        });
      }
      documents.templates.set(parsed.value.id, parsed.value);
    }
  }
  return { documents, problems };
}

/** Every organisation folder's documents, by organisation code (the folder of its organisation.yaml). */
export function loadDocumentCatalog(
  charts: Array<{ organisation: string; file: string }>,
  cwd = process.cwd(),
): { byOrganisation: Map<string, OrganisationDocuments>; problems: DefinitionProblem[] } {
  const byOrganisation = new Map<string, OrganisationDocuments>();
  const problems: DefinitionProblem[] = [];
  for (const chart of charts) {
    const loaded = loadOrganisationDocuments(dirname(chart.file), cwd);
    byOrganisation.set(chart.organisation, loaded.documents);
    problems.push(...loaded.problems);
  }
  return { byOrganisation, problems };
}

/**
 * A definition's `documentTemplates` against its organisation's templates: the template exists, the
 * step exists and produces the document, every placeholder can be filled and every signing actor exists.
 */
export function checkDocumentTemplates(
  entries: CatalogEntry[],
  byOrganisation: Map<string, OrganisationDocuments>,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const { file, definition: def, locate } of entries) {
    (def.documentTemplates ?? []).forEach((use, i) => {
      const problem = (field: string, fr: string, en: string) => {
        const path = ["documentTemplates", i, field];
        problems.push({ code: "document_template", path, file, ...locate(path), message: message(fr, en) });
      };
      const template = byOrganisation.get(def.organisation)?.templates.get(use.template);
      if (!template) {
        problem(
          "template",
          `le modèle « ${use.template} » est introuvable dans procedures/${def.organisation}/${TEMPLATES_FOLDER}/`,
          `template "${use.template}" not found in procedures/${def.organisation}/${TEMPLATES_FOLDER}/`,
        );
      }
      const step = def.steps.find((s) => s.id === use.step);
      if (!step) {
        problem("step", `l'étape « ${use.step} » n'existe pas`, `step "${use.step}" does not exist`);
      } else if (!(step.documents ?? []).some((d) => d.id === use.document && d.kind === "produces")) {
        problem(
          "document",
          `l'étape « ${use.step} » ne produit pas de document « ${use.document} »`,
          `step "${use.step}" produces no document "${use.document}"`,
        );
      }
      if (!template) return;
      for (const name of unknownPlaceholders(def, template)) {
        problem(
          "template",
          `le modèle « ${template.id} » utilise {{${name}}}, qu'aucun dossier de cette procédure ne renseigne`,
          `template "${template.id}" uses {{${name}}}, which no case of this procedure fills`,
        );
      }
      for (const s of template.signatures) {
        if (!def.actors[s.actor]) {
          problem(
            "template",
            `le modèle « ${template.id} » fait signer l'acteur « ${s.actor} », inconnu de la procédure`,
            `template "${template.id}" has actor "${s.actor}" sign, unknown to the procedure`,
          );
        }
      }
    });
  }
  return problems;
}

/**
 * The documents of every organisation of a catalog folder (`procedures/`), for the server: found
 * beside each `organisation.yaml`. A folder that is missing gives an empty catalog.
 */
export function loadDocumentCatalogFrom(folder: string): Map<string, OrganisationDocuments> {
  if (!existsSync(folder)) return new Map();
  const charts: Array<{ organisation: string; file: string }> = [];
  for (const name of readdirSync(folder).sort()) {
    const file = join(folder, name, "organisation.yaml");
    if (!existsSync(file)) continue;
    const parsed = parseWithSchema(file, readFileSync(file, "utf8"), organisationChart);
    if (parsed.ok) charts.push({ organisation: parsed.value.organisation, file });
  }
  return loadDocumentCatalog(charts).byOrganisation;
}
