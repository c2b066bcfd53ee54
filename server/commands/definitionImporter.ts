import { createHash } from "node:crypto";
import type { CatalogEntry } from "../../catalog/checkCatalog.js";
import { checkCatalog } from "../../catalog/checkCatalog.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { type LocalizedMessage, message } from "../../engine/messages.js";
import type { OrganisationChart } from "../../engine/organisation/schema.js";
import { locatorOf } from "../../engine/yaml/parseWithSchema.js";
import type { DefinitionProblemView } from "../../shared/api/catalogAdmin.js";
import { canonicalJson } from "../audit/hashChain.js";
import type { Db } from "../db/database.js";
import { findDefinitionHash } from "../db/queries/definitions.js";
import {
  insertVersion,
  listVersions,
  lockProcedure,
  storedProcedureIds,
} from "../db/queries/definitionVersions.js";
import { listUnits } from "../db/queries/orgChart.js";
import { listRoles } from "../db/queries/roles.js";
import { AppError } from "../errors.js";
import { parseOffThread } from "../imports/parsingPool.js";
import { type AdminContext, adminChange } from "./adminChange.js";

export type DefinitionImport =
  | { ok: true; definition: ProcedureDefinition; warnings: LocalizedMessage[] }
  | { ok: false; problems: DefinitionProblemView[] };

/**
 * Checks a procedure file sent by an administrator as `logigramme validate` does (YAML syntax,
 * schema, logigramme rules, then against the organisation's chart and the stored procedures), and
 * stores it as a draft version: a new version number above every stored one, never a changed
 * content under an existing number. Putting it in force is a separate act (definitionActivator).
 */
export async function importDefinition(
  db: Db,
  ctx: AdminContext,
  input: { format: "yaml" | "bpmn"; content: string; id?: string | undefined },
): Promise<DefinitionImport> {
  const file = `import.${input.format === "yaml" ? "yaml" : "bpmn"}`;
  let entry: CatalogEntry;
  let warnings: LocalizedMessage[] = [];
  if (input.format === "yaml") {
    const parsed = await parseOffThread({ kind: "definition", file, text: input.content });
    if (!parsed.ok) return { ok: false, problems: parsed.problems.map(fromDefinitionProblem) };
    entry = { file, definition: parsed.definition, locate: locatorOf(parsed.positions) };
  } else {
    const { result: imported } = await parseOffThread({
      kind: "bpmn",
      xml: input.content,
      options: { organisation: ctx.admin.organisation, ...(input.id ? { id: input.id } : {}) },
    });
    if (!imported.ok) {
      return {
        ok: false,
        problems: imported.problems.map((p) => ({
          code: "bpmn",
          message: p.message,
          path: [],
          line: null,
          column: null,
          element: p.element,
          elementId: p.id,
        })),
      };
    }
    entry = { file, definition: imported.definition, locate: () => ({}) };
    warnings = imported.warnings;
  }
  const def = entry.definition;
  if (def.organisation !== ctx.admin.organisation) {
    return {
      ok: false,
      problems: [
        fromDefinitionProblem({
          code: "unknown_unit",
          path: ["organisation"],
          ...entry.locate(["organisation"]),
          message: message(
            `vous administrez « ${ctx.admin.organisation} », pas « ${def.organisation} »`,
            `you administer "${ctx.admin.organisation}", not "${def.organisation}"`,
          ),
        }),
      ],
    };
  }

  const catalogProblems = checkCatalog(
    [entry],
    [await chartOf(db, ctx.admin.organisation)],
    await storedProcedureIds(db, ctx.admin.organisation),
  );
  if (catalogProblems.length > 0) return { ok: false, problems: catalogProblems.map(fromDefinitionProblem) };

  const hash = createHash("sha256").update(canonicalJson(def)).digest("hex");
  await adminChange(
    db,
    ctx,
    async (tx) => {
      // Procedure ids are the organisation's own: another organisation's `courrier-externe` is
      // neither seen nor squatted here.
      await lockProcedure(tx, def.organisation, def.id);
      const versions = await listVersions(tx, def.organisation, def.id);
      const existing = await findDefinitionHash(tx, def);
      if (existing !== null) {
        throw existing === hash
          ? new AppError(
              409,
              "version_exists",
              message(
                `« ${def.id} » version ${def.version} est déjà enregistrée, à l'identique`,
                `"${def.id}" version ${def.version} is already stored, unchanged`,
              ),
              "version",
            )
          : new AppError(
              409,
              "definition_changed",
              message(
                `« ${def.id} » version ${def.version} existe déjà avec un autre contenu : donnez un nouveau numéro de version`,
                `"${def.id}" version ${def.version} already exists with other content: give it a new version number`,
              ),
              "version",
            );
      }
      const latest = versions[0]?.version ?? 0;
      if (def.version <= latest) {
        throw new AppError(
          422,
          "version_too_low",
          message(
            `la version ${def.version} doit dépasser la dernière version enregistrée (${latest})`,
            `version ${def.version} must be greater than the latest stored version (${latest})`,
          ),
          "version",
        );
      }
      await insertVersion(tx, def, hash, "draft", ctx.now);
    },
    () => ({
      type: "procedure_imported",
      payload: { procedureId: def.id, version: def.version, format: input.format, contentHash: hash },
    }),
  );
  return { ok: true, definition: def, warnings };
}

/** The organisation's chart as the catalog check reads it: its roles and unit codes. */
/** The organisation's chart as stored, in the shape the catalog checks read (roles and unit codes). */
export async function chartOf(db: Db, organisation: string): Promise<OrganisationChart> {
  const [roles, units] = await Promise.all([listRoles(db, organisation), listUnits(db, organisation)]);
  return {
    organisation,
    name: organisation,
    calendar: "CI",
    roles: roles.map((r) => ({ code: r.code, title: r.title })),
    units: units.map((u) => ({ code: u.code, name: u.name, kind: "autre" as const })),
    users: [],
  };
}

function fromDefinitionProblem(p: {
  code: string;
  message: LocalizedMessage;
  path: Array<string | number>;
  line?: number | undefined;
  column?: number | undefined;
}): DefinitionProblemView {
  return {
    code: p.code,
    message: p.message,
    path: p.path,
    line: p.line ?? null,
    column: p.column ?? null,
    element: null,
    elementId: null,
  };
}
