import { type Locate, type Positions, parseWithSchema } from "../yaml/parseWithSchema.js";
import type { DefinitionProblem } from "./problems.js";
import { type ProcedureDefinition, procedureDefinition } from "./schema.js";
import { validateDefinition } from "./validate.js";

export type ParseResult =
  | {
      ok: true;
      definition: ProcedureDefinition;
      locate: Locate;
      positions: Positions;
    }
  | { ok: false; problems: DefinitionProblem[] };

/**
 * Reads one procedure file's text: YAML syntax, then the schema, then the logigramme rules.
 * Pure: the caller reads the file. Every problem carries the file name and the line it is about.
 */
export function parseDefinition(file: string, text: string): ParseResult {
  const parsed = parseWithSchema(file, text, procedureDefinition);
  if (!parsed.ok) return parsed;
  const problems = validateDefinition(parsed.value).map((p) => ({ ...p, file, ...parsed.locate(p.path) }));
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, definition: parsed.value, locate: parsed.locate, positions: parsed.positions };
}
