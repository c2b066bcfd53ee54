import type { DefinitionProblem } from "../definition/problems.js";
import { message } from "../messages.js";
import { registryPlaceholders } from "../registry/registryNumber.js";
import type { RegisterDefinition } from "./schema.js";

/** Columns every register has besides its fields. */
export const BUILT_IN_COLUMNS = ["number", "state", "createdAt", "updatedAt"] as const;

/**
 * What the schema cannot check inside one register file: unique field ids, states that exist,
 * list columns and filters that name fields, a numbering format that can be produced.
 * Rules spanning files (other registers, roles of the org chart) are in catalog/checkRegisters.ts.
 */
export function validateRegister(def: RegisterDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const fieldIds = new Set<string>();
  def.fields.forEach((field, i) => {
    if (fieldIds.has(field.id)) {
      problems.push({
        code: "duplicate_id",
        path: ["fields", i, "id"],
        message: message(
          `le champ « ${field.id} » est déjà déclaré`,
          `field "${field.id}" is already declared`,
        ),
      });
    }
    fieldIds.add(field.id);
  });

  for (const placeholder of registryPlaceholders(def.numbering)) {
    if (!/^(YYYY|YY|MM|seq(:\d+)?)$/.test(placeholder)) {
      problems.push({
        code: "registry_format",
        path: ["numbering"],
        message: message(
          `{${placeholder}} n'est pas un élément de numérotation connu ({YYYY}, {YY}, {MM}, {seq:N})`,
          `{${placeholder}} is not a known numbering part ({YYYY}, {YY}, {MM}, {seq:N})`,
        ),
      });
    }
  }

  if (def.states) {
    const stateIds = new Set<string>();
    def.states.list.forEach((state, i) => {
      if (stateIds.has(state.id)) {
        problems.push({
          code: "duplicate_id",
          path: ["states", "list", i, "id"],
          message: message(
            `l'état « ${state.id} » est déjà déclaré`,
            `state "${state.id}" is already declared`,
          ),
        });
      }
      stateIds.add(state.id);
    });
    const checkState = (id: string, path: Array<string | number>) => {
      if (!stateIds.has(id)) {
        problems.push({
          code: "unknown_state",
          path,
          message: message(
            `l'état « ${id} » n'est pas déclaré dans states.list`,
            `state "${id}" is not declared in states.list`,
          ),
        });
      }
    };
    checkState(def.states.initial, ["states", "initial"]);
    def.states.changes.forEach((change, i) => {
      checkState(change.from, ["states", "changes", i, "from"]);
      checkState(change.to, ["states", "changes", i, "to"]);
    });
  }

  const columns: readonly string[] = [...BUILT_IN_COLUMNS, ...fieldIds];
  const checkColumn = (id: string, path: Array<string | number>) => {
    if (!columns.includes(id) || (id === "state" && !def.states)) {
      problems.push({
        code: "unknown_register_field",
        path,
        message: message(
          `« ${id} » n'est ni un champ du registre ni une colonne commune (${BUILT_IN_COLUMNS.join(", ")})`,
          `"${id}" is neither a field of the register nor a common column (${BUILT_IN_COLUMNS.join(", ")})`,
        ),
      });
    }
  };
  def.list.columns.forEach((id, i) => {
    checkColumn(id, ["list", "columns", i]);
  });
  def.list.filters.forEach((id, i) => {
    checkColumn(id, ["list", "filters", i]);
  });
  if (def.glpi) {
    const fieldIds = new Set(def.fields.map((f) => f.id));
    const known = (id: string) => fieldIds.has(id) || (id === "state" && def.states !== undefined);
    const unknown = (id: string, path: Array<string | number>) =>
      problems.push({
        code: "unknown_register_field",
        path,
        message: message(
          `« ${id} » n'est pas un champ du registre (import GLPI)`,
          `"${id}" is not a field of the register (GLPI import)`,
        ),
      });
    for (const id of Object.keys(def.glpi.columns)) if (!known(id)) unknown(id, ["glpi", "columns", id]);
    for (const id of Object.keys(def.glpi.values)) if (!known(id)) unknown(id, ["glpi", "values", id]);
    def.glpi.match.forEach((id, i) => {
      if (!fieldIds.has(id) || !(id in def.glpi!.columns)) unknown(id, ["glpi", "match", i]);
    });
  }
  return problems;
}
