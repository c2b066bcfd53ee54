import type { BpmnImport, ImportOptions } from "../../engine/bpmn/import.js";
import type { DefinitionProblem } from "../../engine/definition/problems.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import type { Positions } from "../../engine/yaml/parseWithSchema.js";
import type { CsvProblem } from "../../shared/api/orgChartCsv.js";
import type { CsvRecord } from "../orgChart/csvRecords.js";

/** What the parsing workers do: read a file sent by a caller, into plain data that crosses threads. */
export type ParsingJob =
  | { kind: "definition"; file: string; text: string }
  | { kind: "bpmn"; xml: string; options: ImportOptions }
  | { kind: "csv"; text: string; columns: readonly string[] };

export type ParsingResult =
  | { kind: "definition"; ok: true; definition: ProcedureDefinition; positions: Positions }
  | { kind: "definition"; ok: false; problems: DefinitionProblem[] }
  | { kind: "bpmn"; result: BpmnImport }
  | { kind: "csv"; result: { records: CsvRecord[]; problems: CsvProblem[] } };

export type ResultOf<K extends ParsingJob["kind"]> = Extract<ParsingResult, { kind: K }>;
