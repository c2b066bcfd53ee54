import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { addMembership, findUserById } from "../db/queries/orgChart.js";
import { removeMembership } from "../db/queries/people.js";
import { findUnit } from "../db/queries/units.js";
import { AppError, notFound } from "../errors.js";
import { sameOrganisation } from "../policies/admin.js";
import { type AdminContext, adminChange } from "./adminChange.js";
import { checkRole } from "./unitEditor.js";

export interface Membership {
  userId: string;
  roleCode: string;
  unitId: string;
}

/** Gives a person a role in a unit; both must exist in the administrator's organisation. */
export async function grantRole(db: Db, ctx: AdminContext, m: Membership): Promise<void> {
  await adminChange(
    db,
    ctx,
    async (tx) => {
      const user = sameOrganisation(ctx.admin, await findUserById(tx, m.userId), {
        fr: "utilisateur",
        en: "user",
      });
      await checkRole(tx, ctx.admin.organisation, m.roleCode, "roleCode");
      const unit = await findUnit(tx, m.unitId);
      if (!unit || unit.organisation !== ctx.admin.organisation) {
        throw new AppError(
          422,
          "unknown_unit",
          message("cette unité n'existe pas dans l'organisation", "this unit is not in the organisation"),
          "unitId",
        );
      }
      await addMembership(tx, m);
      return { user, unit };
    },
    ({ user, unit }) => ({
      type: "role_granted",
      userId: user.id,
      matricule: user.matricule,
      payload: { roleCode: m.roleCode, unitId: unit.id, unitCode: unit.code },
    }),
  );
}

/** Takes a role in a unit away from a person. */
export async function revokeRole(db: Db, ctx: AdminContext, m: Membership): Promise<void> {
  await adminChange(
    db,
    ctx,
    async (tx) => {
      const user = sameOrganisation(ctx.admin, await findUserById(tx, m.userId), {
        fr: "utilisateur",
        en: "user",
      });
      if (!(await removeMembership(tx, m))) {
        throw notFound({
          fr: `rôle « ${m.roleCode} » de cette personne dans cette unité`,
          en: `role "${m.roleCode}" of this person in this unit`,
        });
      }
      return user;
    },
    (user) => ({
      type: "role_revoked",
      userId: user.id,
      matricule: user.matricule,
      payload: { roleCode: m.roleCode, unitId: m.unitId },
    }),
  );
}
