import type { DefinitionProblem } from "../engine/definition/problems.js";
import { message } from "../engine/messages.js";
import { flattenUnits, type OrganisationChart } from "../engine/organisation/schema.js";
import { isKnownReference } from "../engine/register/plan.js";
import type { RegisterDefinition } from "../engine/register/schema.js";
import type { CatalogEntry } from "./checkCatalog.js";

export interface RegisterEntry {
  file: string;
  register: RegisterDefinition;
  locate: (path: Array<string | number>) => { line?: number; column?: number };
}

/**
 * Rules across files for registers: one id per organisation, roles and units of the org chart,
 * entry fields pointing to registers that exist, and procedure steps' `records` naming
 * registers, fields, states and form fields that exist.
 */
export function checkRegisters(
  registers: RegisterEntry[],
  charts: OrganisationChart[],
  definitions: CatalogEntry[],
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const byKey = new Map<string, RegisterEntry>();
  const chartByCode = new Map(charts.map((c) => [c.organisation, c]));

  for (const entry of registers) {
    const { file, register: reg, locate } = entry;
    const problem = (p: Omit<DefinitionProblem, "file">) => problems.push({ ...p, file, ...locate(p.path) });
    const key = `${reg.organisation}/${reg.id}`;
    const earlier = byKey.get(key);
    if (earlier) {
      problem({
        code: "duplicate_id",
        path: ["id"],
        message: message(
          `le registre « ${reg.id} » est déjà défini dans ${earlier.file}`,
          `register "${reg.id}" is already defined in ${earlier.file}`,
        ),
      });
    }
    byKey.set(key, entry);
  }

  for (const { file, register: reg, locate } of registers) {
    const problem = (p: Omit<DefinitionProblem, "file">) => problems.push({ ...p, file, ...locate(p.path) });
    reg.fields.forEach((field, i) => {
      if (field.type === "entry" && field.register && !byKey.has(`${reg.organisation}/${field.register}`)) {
        problem({
          code: "unknown_register",
          path: ["fields", i, "register"],
          message: message(
            `le registre « ${field.register} » n'existe pas dans l'organisation « ${reg.organisation} »`,
            `register "${field.register}" does not exist in organisation "${reg.organisation}"`,
          ),
        });
      }
    });
    const chart = chartByCode.get(reg.organisation);
    if (!chart) {
      problem({
        code: "unknown_unit",
        path: ["organisation"],
        message: message(
          `aucun organigramme « ${reg.organisation} » dans le catalogue`,
          `no organisation chart "${reg.organisation}" in the catalog`,
        ),
      });
      continue;
    }
    const roles = new Set(chart.roles.map((r) => r.code));
    const units = new Set(flattenUnits(chart.units).map((u) => u.code));
    const lists = ["read", "write", "stockManagers", "archivists"] as const;
    for (const list of lists) {
      (reg.access[list] ?? []).forEach((ref, i) => {
        const [role = "", unit] = ref.split("@");
        if (!roles.has(role) || (unit !== undefined && !units.has(unit))) {
          problem({
            code: unit !== undefined && roles.has(role) ? "unknown_unit" : "unknown_role",
            path: ["access", list, i],
            message: message(
              `« ${ref} » ne désigne pas un rôle (et une unité) de l'organigramme « ${chart.organisation} »`,
              `"${ref}" is not a role (and unit) of organisation chart "${chart.organisation}"`,
            ),
          });
        }
      });
    }
  }

  for (const { file, definition: def, locate } of definitions) {
    const problem = (p: Omit<DefinitionProblem, "file">) => problems.push({ ...p, file, ...locate(p.path) });
    const formFields = new Set(def.steps.flatMap((s) => (s.form ?? []).map((f) => f.id)));
    def.steps.forEach((step, s) => {
      (step.records ?? []).forEach((record, r) => {
        const at = ["steps", s, "records", r];
        const reg = byKey.get(`${def.organisation}/${record.register}`)?.register;
        if (!reg) {
          problem({
            code: "unknown_register",
            path: [...at, "register"],
            message: message(
              `le registre « ${record.register} » n'existe pas dans l'organisation « ${def.organisation} »`,
              `register "${record.register}" does not exist in organisation "${def.organisation}"`,
            ),
          });
          return;
        }
        const fieldIds = new Map(reg.fields.map((f) => [f.id, f]));
        const checkMap = (name: "set" | "find", map: Record<string, unknown> | undefined) => {
          for (const [fieldId, expr] of Object.entries(map ?? {})) {
            if (!fieldIds.has(fieldId)) {
              problem({
                code: "unknown_register_field",
                path: [...at, name, fieldId],
                message: message(
                  `le registre « ${reg.id} » n'a pas de champ « ${fieldId} »`,
                  `register "${reg.id}" has no field "${fieldId}"`,
                ),
              });
            }
            checkExpression(expr as string | number | boolean, [...at, name, fieldId]);
          }
        };
        const checkExpression = (expr: string | number | boolean, path: Array<string | number>) => {
          const formRef = typeof expr === "string" ? /^\$form\.(.+)$/.exec(expr) : null;
          if (!isKnownReference(expr) || (formRef && !formFields.has(formRef[1]!))) {
            problem({
              code: "unknown_field",
              path,
              message: message(
                `« ${String(expr)} » ne désigne ni un champ des formulaires de la procédure ni une référence connue`,
                `"${String(expr)}" is neither a form field of the procedure nor a known reference`,
              ),
            });
          }
          if (expr === "$item" && !record.each) {
            problem({
              code: "unknown_field",
              path,
              message: message("$item n'a de sens qu'avec « each »", "$item only makes sense with `each`"),
            });
          }
        };
        checkMap("set", record.set);
        checkMap("find", record.find);
        if (record.each) checkExpression(record.each, [...at, "each"]);
        if (record.state && !reg.states?.list.some((st) => st.id === record.state)) {
          problem({
            code: "unknown_state",
            path: [...at, "state"],
            message: message(
              `le registre « ${reg.id} » n'a pas d'état « ${record.state} »`,
              `register "${reg.id}" has no state "${record.state}"`,
            ),
          });
        }
        if (record.movement) {
          if (fieldIds.get(record.movement.field)?.type !== "quantity") {
            problem({
              code: "unknown_register_field",
              path: [...at, "movement", "field"],
              message: message(
                `« ${record.movement.field} » n'est pas un champ « quantity » du registre « ${reg.id} »`,
                `"${record.movement.field}" is not a quantity field of register "${reg.id}"`,
              ),
            });
          }
          checkExpression(record.movement.amount, [...at, "movement", "amount"]);
        }
        if (record.outcome && !step.decision?.outcomes.some((o) => o.id === record.outcome)) {
          problem({
            code: "unknown_outcome",
            path: [...at, "outcome"],
            message: message(
              `l'étape « ${step.id} » n'a pas d'issue « ${record.outcome} »`,
              `step "${step.id}" has no outcome "${record.outcome}"`,
            ),
          });
        }
      });
    });
  }
  return problems;
}
