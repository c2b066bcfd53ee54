import { z } from "zod";
import { procedureDefinition } from "../../engine/definition/schema.js";

/** The JSON Schema editors use to check and complete procedure files. */
export function definitionJsonSchema(): string {
  const schema = z.toJSONSchema(procedureDefinition, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "Logigramme procedure definition" }, null, 2)}\n`;
}
