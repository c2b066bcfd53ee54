import { z } from "zod";
import { procedureDefinition } from "../../engine/definition/schema.js";
import { registerDefinition } from "../../engine/register/schema.js";

/** The JSON Schema editors use to check and complete procedure files. */
export function definitionJsonSchema(): string {
  const schema = z.toJSONSchema(procedureDefinition, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "Logigramme procedure definition" }, null, 2)}\n`;
}

/** The JSON Schema of register files (`procedures/<organisation>/registers/*.yaml`). */
export function registerJsonSchema(): string {
  const schema = z.toJSONSchema(registerDefinition, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "Logigramme register definition" }, null, 2)}\n`;
}
