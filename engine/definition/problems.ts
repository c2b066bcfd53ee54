import type { LocalizedMessage } from "../messages.js";

export type ProblemCode =
  | "yaml_syntax"
  | "yaml_limits"
  | "schema"
  | "duplicate_id"
  | "unknown_actor"
  | "missing_target"
  | "unreachable_step"
  | "path_without_end"
  | "loop_without_exit"
  | "decision_too_few_outcomes"
  | "unknown_outcome"
  | "unknown_field"
  | "registry_format"
  | "unknown_procedure"
  | "unknown_role"
  | "unknown_unit"
  | "parallel_structure"
  | "document_template"
  | "timing"
  // Registers (engine/register/):
  | "unknown_state"
  | "unknown_register"
  | "unknown_register_field"
  | "missing_history";

/** One thing wrong with a definition, located in its file when the file is known. */
export interface DefinitionProblem {
  code: ProblemCode;
  message: LocalizedMessage;
  /** Path inside the definition, e.g. ["steps", 3, "next"]. */
  path: Array<string | number>;
  file?: string;
  line?: number;
  column?: number;
}

export function formatProblem(p: DefinitionProblem, language: "fr" | "en" = "fr"): string {
  const where = [p.file ?? "", p.line !== undefined ? `${p.line}:${p.column ?? 1}` : ""]
    .filter(Boolean)
    .join(":");
  return `${where ? `${where}: ` : ""}[${p.code}] ${p.message[language]}`;
}
