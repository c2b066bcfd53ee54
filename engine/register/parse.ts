import type { DefinitionProblem } from "../definition/problems.js";
import { type Locate, type Positions, parseWithSchema } from "../yaml/parseWithSchema.js";
import { type RegisterDefinition, registerDefinition } from "./schema.js";
import { validateRegister } from "./validate.js";

export type RegisterParseResult =
  | {
      ok: true;
      register: RegisterDefinition;
      locate: Locate;
      positions: Positions;
    }
  | { ok: false; problems: DefinitionProblem[] };

/** Reads one register file's text: YAML, schema, then the register's own rules. Pure. */
export function parseRegister(file: string, text: string): RegisterParseResult {
  const parsed = parseWithSchema(file, text, registerDefinition);
  if (!parsed.ok) return parsed;
  const problems = validateRegister(parsed.value).map((p) => ({ ...p, file, ...parsed.locate(p.path) }));
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, register: parsed.value, locate: parsed.locate, positions: parsed.positions };
}
