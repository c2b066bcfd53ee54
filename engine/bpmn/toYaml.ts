import { stringify } from "yaml";
import type { ProcedureDefinition } from "../definition/schema.js";

const ORDER: Array<keyof ProcedureDefinition> = [
  "id",
  "title",
  "organisation",
  "source",
  "version",
  "status",
  "effectiveDate",
  "revisionDate",
  "reconstructed",
  "reconstructionNote",
  "purpose",
  "scope",
  "glossary",
  "registry",
  "calendar",
  "actors",
  "start",
  "startableBy",
  "steps",
  "schedule",
  "revision",
  "documentTemplates",
  "history",
];

/** A definition as the YAML file people edit: keys in the schema's order, the schema named first. */
export function definitionToYaml(def: ProcedureDefinition): string {
  const ordered = Object.fromEntries(ORDER.filter((k) => def[k] !== undefined).map((k) => [k, def[k]]));
  return `# yaml-language-server: $schema=../definition.schema.json\n${stringify(ordered, { lineWidth: 100 })}`;
}
