import { checkCatalog } from "../../catalog/checkCatalog.js";
import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { findDefinition } from "../db/queries/definitions.js";
import {
  activateVersion,
  listVersions,
  lockProcedure,
  storedProcedureIds,
} from "../db/queries/definitionVersions.js";
import { AppError, notFound } from "../errors.js";
import { type AdminContext, adminChange } from "./adminChange.js";
import { chartOf } from "./definitionImporter.js";

/**
 * Puts a stored version in force: new cases start on it, the version that was in force is
 * retired ("expired"), and running cases keep the version they started on.
 */
export async function activateDefinition(
  db: Db,
  ctx: AdminContext,
  procedureId: string,
  version: number,
): Promise<void> {
  await adminChange(
    db,
    ctx,
    async (tx) => {
      await lockProcedure(tx, ctx.admin.organisation, procedureId);
      const versions = await listVersions(tx, ctx.admin.organisation, procedureId);
      const target = versions.find((v) => v.version === version);
      if (!target) {
        throw notFound({
          fr: `procédure « ${procedureId} » version ${version}`,
          en: `procedure "${procedureId}" version ${version}`,
        });
      }
      if (target.status === "in_force") {
        throw new AppError(
          409,
          "already_in_force",
          message(`la version ${version} est déjà en vigueur`, `version ${version} is already in force`),
        );
      }
      await refuseUnresolvedActors(tx, ctx.admin.organisation, procedureId, version);
      return activateVersion(tx, ctx.admin.organisation, procedureId, version);
    },
    (retired) => ({ type: "procedure_activated", payload: { procedureId, version, retired } }),
  );
}

/**
 * A draft may have been made before the org chart held its roles and units (an organisation
 * adopting another's procedures): it goes in force only once every actor resolves.
 */
async function refuseUnresolvedActors(
  db: Db,
  organisation: string,
  id: string,
  version: number,
): Promise<void> {
  const definition = await findDefinition(db, { organisation, id, version });
  if (!definition) return;
  const problems = checkCatalog(
    [{ file: `${id} v${version}`, definition, locate: () => ({}) }],
    [await chartOf(db, organisation)],
    await storedProcedureIds(db, organisation),
  );
  if (problems.length === 0) return;
  const listed = (lang: "fr" | "en") =>
    problems
      .slice(0, 5)
      .map((p) => p.message[lang])
      .join(lang === "fr" ? " ; " : "; ");
  throw new AppError(
    422,
    "definition_unresolved",
    message(
      `la version ${version} ne peut pas entrer en vigueur : ${listed("fr")}${problems.length > 5 ? ` (et ${problems.length - 5} autre(s))` : ""}`,
      `version ${version} cannot go in force: ${listed("en")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`,
    ),
  );
}
