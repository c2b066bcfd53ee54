import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import type { RoleMatrix } from "../../shared/api/roleMatrix.js";

/** Which role acts at which step of each procedure, from the definitions' actors. */
export function stepsByRole(definitions: ProcedureDefinition[]): RoleMatrix["steps"] {
  return definitions.flatMap((def) =>
    def.steps.map((step) => {
      const actor = def.actors[step.actor];
      return {
        procedureId: def.id,
        version: def.version,
        procedureTitle: def.title,
        stepId: step.id,
        stepTitle: step.title,
        actorCode: step.actor,
        roleCode: actor?.relative || actor?.person ? null : (actor?.role ?? step.actor),
        unitCode: actor?.unit ?? null,
        relative: actor?.relative ?? null,
      };
    }),
  );
}

/** One line per role and step: the table auditors read, with who holds the role there. */
export function matrixLines(matrix: RoleMatrix): string[][] {
  const roles = new Map(matrix.roles.map((r) => [r.code, r]));
  return matrix.steps
    .filter((s) => s.roleCode !== null)
    .map((s) => {
      const role = roles.get(s.roleCode!);
      const holders = matrix.holders
        .filter(
          (h) => h.roleCode === s.roleCode && h.active && (s.unitCode === null || h.unitCode === s.unitCode),
        )
        .map((h) => h.matricule);
      return [
        s.roleCode!,
        role?.title ?? s.roleCode!,
        role?.privileged ? "true" : "false",
        s.procedureId,
        String(s.version),
        s.stepId,
        s.stepTitle,
        s.unitCode ?? "",
        [...new Set(holders)].join(";"),
      ];
    })
    .sort((a, b) => a[0]!.localeCompare(b[0]!) || a[3]!.localeCompare(b[3]!));
}
