import type { ProcedureDefinition } from "../engine/definition/schema.js";
import { loadCatalog } from "./loadCatalog.js";

/**
 * A procedure of the catalog by id, for commands that work on one (draw, export-bpmn…).
 * Throws a message naming the known ids when it is not there.
 */
export function definitionFromCatalog(id: string, paths: string[] = ["procedures"]): ProcedureDefinition {
  const catalog = loadCatalog(paths);
  const entry = catalog.definitions.find((e) => e.definition.id === id);
  if (!entry) {
    const known = catalog.definitions.map((e) => e.definition.id).join(", ");
    throw new Error(`procédure inconnue « ${id} » / unknown procedure "${id}". Connues / known: ${known}`);
  }
  return entry.definition;
}
