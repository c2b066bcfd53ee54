import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { listVersions } from "../db/queries/definitionVersions.js";
import { addOverseer, removeOverseer } from "../db/queries/overseers.js";
import { notFound } from "../errors.js";
import { type AdminContext, adminChange } from "./adminChange.js";
import { checkRole } from "./unitEditor.js";

/** A procedure of the administrator's organisation, or a 404. */
export async function procedureOf(db: Db, ctx: AdminContext, procedureId: string): Promise<void> {
  const versions = await listVersions(db, ctx.admin.organisation, procedureId);
  if (versions.length === 0) {
    throw notFound({ fr: `procédure « ${procedureId} »`, en: `procedure "${procedureId}"` });
  }
}

/** Lets the holders of a role read every case of a procedure (quality direction, auditors…). */
export async function addProcedureOverseer(db: Db, ctx: AdminContext, procedureId: string, roleCode: string) {
  await adminChange(
    db,
    ctx,
    async (tx) => {
      await procedureOf(tx, ctx, procedureId);
      await checkRole(tx, ctx.admin.organisation, roleCode, "roleCode");
      await addOverseer(tx, { organisation: ctx.admin.organisation, procedureId, roleCode });
    },
    () => ({ type: "overseer_added", payload: { procedureId, roleCode } }),
  );
}

export async function removeProcedureOverseer(
  db: Db,
  ctx: AdminContext,
  procedureId: string,
  roleCode: string,
) {
  await adminChange(
    db,
    ctx,
    async (tx) => {
      await procedureOf(tx, ctx, procedureId);
      if (!(await removeOverseer(tx, { organisation: ctx.admin.organisation, procedureId, roleCode }))) {
        throw notFound(
          message(
            `rôle de contrôle « ${roleCode} » de cette procédure`,
            `oversight role "${roleCode}" of this procedure`,
          ),
        );
      }
    },
    () => ({ type: "overseer_removed", payload: { procedureId, roleCode } }),
  );
}
