import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { findRole, insertRole, type RoleRow, updateRole } from "../db/queries/roles.js";
import { AppError, notFound } from "../errors.js";
import { type AdminContext, adminChange } from "./adminChange.js";
import { stripUndefined } from "./unitEditor.js";

/** Creates a role of the administrator's organisation. */
export async function createRole(
  db: Db,
  ctx: AdminContext,
  input: { code: string; title: string; privileged: boolean },
): Promise<RoleRow> {
  const organisation = ctx.admin.organisation;
  return adminChange(
    db,
    ctx,
    async (tx) => {
      if (await findRole(tx, organisation, input.code)) {
        throw new AppError(
          409,
          "role_exists",
          message(`le rôle « ${input.code} » existe déjà`, `role "${input.code}" already exists`),
          "code",
        );
      }
      return insertRole(tx, { organisation, ...input });
    },
    (role) => ({ type: "role_created", payload: { ...role } }),
  );
}

/** Edits a role's title, or marks it privileged (its holders must use a second factor). */
export async function changeRole(
  db: Db,
  ctx: AdminContext,
  code: string,
  change: { title?: string | undefined; privileged?: boolean | undefined },
): Promise<RoleRow> {
  const organisation = ctx.admin.organisation;
  return adminChange(
    db,
    ctx,
    async (tx) => {
      const before = await findRole(tx, organisation, code);
      if (!before) throw notFound({ fr: `rôle « ${code} »`, en: `role "${code}"` });
      return { before, after: await updateRole(tx, organisation, code, stripUndefined(change)) };
    },
    ({ before, after }) => ({
      type: after.privileged !== before.privileged ? "role_privilege_changed" : "role_changed",
      payload: {
        code,
        before: { title: before.title, privileged: before.privileged },
        after: { title: after.title, privileged: after.privileged },
      },
    }),
  ).then((r) => r.after);
}
