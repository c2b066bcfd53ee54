import type { DefinitionProblem } from "../engine/definition/problems.js";
import type { ProcedureDefinition } from "../engine/definition/schema.js";
import { message } from "../engine/messages.js";
import { flattenUnits, type OrganisationChart } from "../engine/organisation/schema.js";

export interface CatalogEntry {
  file: string;
  definition: ProcedureDefinition;
  locate: (path: Array<string | number>) => { line?: number; column?: number };
}

/**
 * Rules that need more than one file: ids unique within their organisation, hand-offs to
 * procedures of the same organisation that exist, and every fixed actor resolving to a role and
 * unit of its organisation's chart. Two organisations may both have `courrier-externe`; a
 * hand-off never starts a case in another organisation.
 */
export function checkCatalog(
  entries: CatalogEntry[],
  charts: OrganisationChart[],
  /** Procedures of the definitions' organisation known elsewhere (stored) that hand-offs may target. */
  knownProcedures: ReadonlySet<string> = new Set(),
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const ids = new Map<string, string>();
  const chartByCode = new Map(charts.map((c) => [c.organisation, c]));

  for (const { file, definition: def, locate } of entries) {
    const problem = (p: Omit<DefinitionProblem, "file">) => problems.push({ ...p, file, ...locate(p.path) });

    const key = `${def.organisation}/${def.id}`;
    const earlier = ids.get(key);
    if (earlier) {
      problem({
        code: "duplicate_id",
        path: ["id"],
        message: message(
          `la procédure « ${def.id} » est déjà définie dans ${earlier}`,
          `procedure "${def.id}" is already defined in ${earlier}`,
        ),
      });
    }
    ids.set(key, file);

    def.steps.forEach((step, i) => {
      for (const [kind, target] of [
        ["handoff", step.handoff?.procedure],
        ["call", step.call?.procedure],
      ] as const) {
        const inCatalog = entries.some(
          (e) => e.definition.organisation === def.organisation && e.definition.id === target,
        );
        if (target && !knownProcedures.has(target) && !inCatalog) {
          problem({
            code: "unknown_procedure",
            path: ["steps", i, kind, "procedure"],
            message:
              kind === "handoff"
                ? message(
                    `le relais vers la procédure « ${target} » est impossible : elle n'existe pas dans le catalogue`,
                    `hand-off to procedure "${target}" is impossible: it is not in the catalog`,
                  )
                : message(
                    `l'étape appelle la procédure « ${target} », qui n'existe pas dans le catalogue`,
                    `the step calls procedure "${target}", which is not in the catalog`,
                  ),
          });
        }
      }
    });

    const revision = def.revision?.procedure;
    if (
      revision &&
      !knownProcedures.has(revision) &&
      !entries.some((e) => e.definition.organisation === def.organisation && e.definition.id === revision)
    ) {
      problem({
        code: "unknown_procedure",
        path: ["revision", "procedure"],
        message: message(
          `la procédure de révision « ${revision} » n'existe pas dans le catalogue`,
          `revision procedure "${revision}" is not in the catalog`,
        ),
      });
    }

    const chart = chartByCode.get(def.organisation);
    if (!chart) {
      problem({
        code: "unknown_unit",
        path: ["organisation"],
        message: message(
          `aucun organigramme « ${def.organisation} » dans le catalogue`,
          `no organisation chart "${def.organisation}" in the catalog`,
        ),
      });
      continue;
    }
    const roles = new Set(chart.roles.map((r) => r.code));
    const units = new Set(flattenUnits(chart.units).map((u) => u.code));
    for (const [code, actor] of Object.entries(def.actors)) {
      actor.anyOf?.forEach((alternative, j) => {
        if (!roles.has(alternative.role))
          problem({
            code: "unknown_role",
            path: ["actors", code, "anyOf", j, "role"],
            message: message(
              `le rôle « ${alternative.role} », l'un des choix de l'acteur « ${code} », n'existe pas dans l'organigramme « ${chart.organisation} »`,
              `role "${alternative.role}", one of the choices of actor "${code}", is not in organisation chart "${chart.organisation}"`,
            ),
          });
        if (alternative.unit && !units.has(alternative.unit))
          problem({
            code: "unknown_unit",
            path: ["actors", code, "anyOf", j, "unit"],
            message: message(
              `l'unité « ${alternative.unit} », l'un des choix de l'acteur « ${code} », n'existe pas dans l'organigramme « ${chart.organisation} »`,
              `unit "${alternative.unit}", one of the choices of actor "${code}", is not in organisation chart "${chart.organisation}"`,
            ),
          });
      });
      if (actor.relative || actor.anyOf || actor.person) continue;
      const role = actor.role ?? code;
      if (!roles.has(role)) {
        problem({
          code: "unknown_role",
          path: ["actors", code],
          message: message(
            `le rôle « ${role} » de l'acteur « ${code} » n'existe pas dans l'organigramme « ${chart.organisation} »`,
            `role "${role}" of actor "${code}" is not in organisation chart "${chart.organisation}"`,
          ),
        });
      }
      if (actor.unit && !units.has(actor.unit)) {
        problem({
          code: "unknown_unit",
          path: ["actors", code, "unit"],
          message: message(
            `l'unité « ${actor.unit} » de l'acteur « ${code} » n'existe pas dans l'organigramme « ${chart.organisation} »`,
            `unit "${actor.unit}" of actor "${code}" is not in organisation chart "${chart.organisation}"`,
          ),
        });
      }
    }
    def.startableBy?.roles?.forEach((starter, j) => {
      if (!roles.has(starter.role))
        problem({
          code: "unknown_role",
          path: ["startableBy", "roles", j, "role"],
          message: message(
            `le rôle « ${starter.role} », qui peut ouvrir la procédure, n'existe pas dans l'organigramme « ${chart.organisation} »`,
            `role "${starter.role}", allowed to open the procedure, is not in organisation chart "${chart.organisation}"`,
          ),
        });
      if (starter.unit && !units.has(starter.unit))
        problem({
          code: "unknown_unit",
          path: ["startableBy", "roles", j, "unit"],
          message: message(
            `l'unité « ${starter.unit} », qui peut ouvrir la procédure, n'existe pas dans l'organigramme « ${chart.organisation} »`,
            `unit "${starter.unit}", allowed to open the procedure, is not in organisation chart "${chart.organisation}"`,
          ),
        });
    });
    def.startableBy?.units?.forEach((unit, j) => {
      if (!units.has(unit))
        problem({
          code: "unknown_unit",
          path: ["startableBy", "units", j],
          message: message(
            `l'unité « ${unit} », qui peut ouvrir la procédure, n'existe pas dans l'organigramme « ${chart.organisation} »`,
            `unit "${unit}", allowed to open the procedure, is not in organisation chart "${chart.organisation}"`,
          ),
        });
    });
    def.steps.forEach((step, i) => {
      for (const unit of step.imputation?.units ?? []) {
        if (!units.has(unit)) {
          problem({
            code: "unknown_unit",
            path: ["steps", i, "imputation", "units"],
            message: message(
              `l'unité d'imputation « ${unit} » de l'étape « ${step.id} » n'existe pas dans l'organigramme « ${chart.organisation} »`,
              `imputation unit "${unit}" of step "${step.id}" is not in organisation chart "${chart.organisation}"`,
            ),
          });
        }
      }
    });
  }
  return problems;
}
