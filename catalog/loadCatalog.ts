import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { parseDefinition } from "../engine/definition/parse.js";
import type { DefinitionProblem } from "../engine/definition/problems.js";
import { type ManualDocument, manualDocument } from "../engine/manual/manualSchema.js";
import { message } from "../engine/messages.js";
import { type OrganisationChart, organisationChart } from "../engine/organisation/schema.js";
import { parseRegister } from "../engine/register/parse.js";
import { parseWithSchema } from "../engine/yaml/parseWithSchema.js";
import { type CatalogEntry, checkCatalog } from "./checkCatalog.js";
import { checkRegisters, type RegisterEntry } from "./checkRegisters.js";
import {
  checkDocumentTemplates,
  LETTERHEAD_FILE,
  loadDocumentCatalog,
  TEMPLATES_FOLDER,
} from "./documentCatalog.js";

export interface Catalog {
  definitions: CatalogEntry[];
  organisations: OrganisationChart[];
  /** Registers declared in `<organisation>/registers/*.yaml`. */
  registers: RegisterEntry[];
  /** Each organisation's manual apart from its procedures (`manual.yaml`), when it has one. */
  manuals: ManualDocument[];
  problems: DefinitionProblem[];
}

const ORGANISATION_FILE = "organisation.yaml";
const MANUAL_FILE = "manual.yaml";

/** Every `.yaml`/`.yml` file under the given paths (files or folders), sorted for stable output. */
export function listYamlFiles(paths: string[]): string[] {
  const files = new Set<string>();
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      // Document templates are not procedures: documentCatalog.ts reads them.
      if (basename(path) === TEMPLATES_FOLDER) return;
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else if (/\.ya?ml$/.test(path) && basename(path) !== LETTERHEAD_FILE) {
      files.add(path);
      // A definition checked alone still needs the org chart that resolves its actors.
      const folder = isRegister(path) ? dirname(dirname(path)) : dirname(path);
      const chart = join(folder, ORGANISATION_FILE);
      if (existsSync(chart)) files.add(chart);
    }
  };
  for (const p of paths) visit(p);
  return [...files].sort((a, b) => Number(isChart(b)) - Number(isChart(a)) || a.localeCompare(b));
}

/**
 * Reads procedure definitions and organisation charts, checks each file and then the catalog
 * as a whole. A catalog with problems is still returned so that every problem can be reported
 * at once; callers refuse to run it.
 */
export function loadCatalog(paths: string[], cwd = process.cwd()): Catalog {
  const definitions: CatalogEntry[] = [];
  const organisations: OrganisationChart[] = [];
  const registers: RegisterEntry[] = [];
  const manuals: ManualDocument[] = [];
  const problems: DefinitionProblem[] = [];
  const chartFiles: Array<{ organisation: string; file: string }> = [];

  for (const path of listYamlFiles(paths)) {
    const file = relative(cwd, path) || path;
    const text = readFileSync(path, "utf8");
    if (isChart(path)) {
      const parsed = parseWithSchema(file, text, organisationChart);
      if (parsed.ok) {
        organisations.push(parsed.value);
        chartFiles.push({ organisation: parsed.value.organisation, file: path });
        problems.push(...checkChart(parsed.value, file, parsed.locate));
      } else problems.push(...parsed.problems);
      continue;
    }
    if (isRegister(path)) {
      const parsed = parseRegister(file, text);
      if (parsed.ok) registers.push({ file, register: parsed.register, locate: parsed.locate });
      else problems.push(...parsed.problems);
      continue;
    }
    if (basename(path) === MANUAL_FILE) {
      const parsed = parseWithSchema(file, text, manualDocument);
      if (parsed.ok) manuals.push(parsed.value);
      else problems.push(...parsed.problems);
      continue;
    }
    const parsed = parseDefinition(file, text);
    if (parsed.ok) definitions.push({ file, definition: parsed.definition, locate: parsed.locate });
    else problems.push(...parsed.problems);
  }

  problems.push(...checkCatalog(definitions, organisations));
  const documents = loadDocumentCatalog(chartFiles, cwd);
  problems.push(...documents.problems, ...checkDocumentTemplates(definitions, documents.byOrganisation));
  problems.push(...checkRegisters(registers, organisations, definitions));
  for (const manual of manuals) {
    if (!organisations.some((o) => o.organisation === manual.organisation))
      problems.push({
        code: "unknown_unit",
        path: ["organisation"],
        file: MANUAL_FILE,
        message: message(
          `le manuel de « ${manual.organisation} » n'a pas d'organigramme dans le catalogue`,
          `the manual of "${manual.organisation}" has no organisation chart in the catalog`,
        ),
      });
  }
  return { definitions, organisations, registers, manuals, problems };
}

/** Register files live in a `registers` folder beside the organisation's procedures. */
function isRegister(path: string): boolean {
  return basename(dirname(path)) === "registers";
}

/** What the chart's schema cannot say: the roles it names exist in it. */
function checkChart(
  chart: OrganisationChart,
  file: string,
  locate: (path: Array<string | number>) => { line?: number; column?: number },
): DefinitionProblem[] {
  const roles = new Set(chart.roles.map((r) => r.code));
  if (chart.securityOfficer === undefined || roles.has(chart.securityOfficer)) return [];
  return [
    {
      code: "unknown_role",
      path: ["securityOfficer"],
      file,
      ...locate(["securityOfficer"]),
      message: message(
        `le rôle « ${chart.securityOfficer} » du responsable de la sécurité n'existe pas dans l'organigramme « ${chart.organisation} »`,
        `security officer role "${chart.securityOfficer}" is not in organisation chart "${chart.organisation}"`,
      ),
    },
  ];
}

function isChart(path: string): boolean {
  return basename(path) === ORGANISATION_FILE;
}
