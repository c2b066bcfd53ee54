import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { activateVersion, listVersions, lockProcedure } from "../db/queries/definitionVersions.js";
import { AppError, notFound } from "../errors.js";
import { type AdminContext, adminChange } from "./adminChange.js";

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
      return activateVersion(tx, ctx.admin.organisation, procedureId, version);
    },
    (retired) => ({ type: "procedure_activated", payload: { procedureId, version, retired } }),
  );
}
