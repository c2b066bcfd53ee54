import { message } from "../../engine/messages.js";
import { newDefaultPassword } from "../auth/defaultPassword.js";
import { hashPassword } from "../auth/passwords.js";
import type { Db } from "../db/database.js";
import { findUserById, findUserByMatricule, type UserRow } from "../db/queries/orgChart.js";
import { insertUser, resetPassword, updateUser } from "../db/queries/people.js";
import { deleteSessionsOf } from "../db/queries/sessions.js";
import { clearAccountThrottles } from "../db/queries/signInThrottles.js";
import { findUnit } from "../db/queries/units.js";
import { AppError } from "../errors.js";
import { sameOrganisation } from "../policies/admin.js";
import { type AdminContext, adminChange } from "./adminChange.js";
import { stripUndefined } from "./unitEditor.js";

const userWord = { fr: "utilisateur", en: "user" };

export interface NewUser {
  matricule: string;
  name: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  unitId: string;
}

/**
 * Creates an account with a default password, returned once for the administrator to hand over;
 * the person's first login must replace it.
 */
export async function createUser(
  db: Db,
  ctx: AdminContext,
  input: NewUser,
): Promise<{ user: UserRow; defaultPassword: string }> {
  const defaultPassword = newDefaultPassword(input);
  const passwordHash = await hashPassword(defaultPassword);
  const user = await adminChange(
    db,
    ctx,
    async (tx) => {
      if (await findUserByMatricule(tx, input.matricule, ctx.admin.organisation)) {
        throw new AppError(
          409,
          "user_exists",
          message(
            `le matricule ${input.matricule} est déjà attribué`,
            `matricule ${input.matricule} is already taken`,
          ),
          "matricule",
        );
      }
      await unitOf(tx, ctx, input.unitId);
      return insertUser(tx, {
        organisation: ctx.admin.organisation,
        matricule: input.matricule,
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        unitId: input.unitId,
        active: true,
        passwordHash,
        mustChangePassword: true,
      });
    },
    (u) => ({
      type: "user_created",
      userId: u.id,
      matricule: u.matricule,
      payload: { name: u.name, email: u.email, phone: u.phone, unitId: u.unitId },
    }),
  );
  return { user, defaultPassword };
}

export interface UserChange {
  name?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  unitId?: string | undefined;
  active?: boolean | undefined;
}

/** Edits name, e-mail, phone or unit; deactivating ends every session of the account. */
export async function changeUser(db: Db, ctx: AdminContext, userId: string, change: UserChange) {
  return adminChange(
    db,
    ctx,
    async (tx) => {
      const before = sameOrganisation(ctx.admin, await findUserById(tx, userId), userWord);
      if (change.active === false && before.id === ctx.admin.id) {
        throw new AppError(
          422,
          "self_deactivation",
          message(
            "un administrateur ne peut pas désactiver son propre compte",
            "an administrator cannot deactivate their own account",
          ),
          "active",
        );
      }
      if (change.unitId) await unitOf(tx, ctx, change.unitId);
      const after = await updateUser(tx, before.id, stripUndefined(change));
      if (change.active === false) await deleteSessionsOf(tx, before.id);
      return { before, after };
    },
    ({ before, after }) => ({
      type:
        before.active !== after.active
          ? after.active
            ? "user_activated"
            : "user_deactivated"
          : "user_changed",
      userId: after.id,
      matricule: after.matricule,
      payload: {
        before: {
          name: before.name,
          email: before.email,
          phone: before.phone,
          unitId: before.unitId,
          active: before.active,
        },
        after: {
          name: after.name,
          email: after.email,
          phone: after.phone,
          unitId: after.unitId,
          active: after.active,
        },
      },
    }),
  ).then((r) => r.after);
}

/** Gives an account a new default password (to be changed at next login) and ends its sessions. */
export async function resetUserPassword(db: Db, ctx: AdminContext, userId: string): Promise<string> {
  const target = sameOrganisation(ctx.admin, await findUserById(db, userId), userWord);
  if (target.authSource !== "local") {
    throw new AppError(
      409,
      "external_password",
      message(
        "ce compte se connecte par l'annuaire de l'administration : son mot de passe se gère là-bas",
        "this account signs in through the administration's directory: its password is managed there",
      ),
    );
  }
  const defaultPassword = newDefaultPassword(target);
  const passwordHash = await hashPassword(defaultPassword);
  await adminChange(
    db,
    ctx,
    async (tx) => {
      await resetPassword(tx, target.id, passwordHash, ctx.now);
      await clearAccountThrottles(tx, target.id);
      await deleteSessionsOf(tx, target.id);
    },
    () => ({ type: "password_reset", userId: target.id, matricule: target.matricule, payload: {} }),
  );
  return defaultPassword;
}

async function unitOf(tx: Db, ctx: AdminContext, unitId: string) {
  const unit = await findUnit(tx, unitId);
  if (!unit || unit.organisation !== ctx.admin.organisation) {
    throw new AppError(
      422,
      "unknown_unit",
      message("cette unité n'existe pas dans l'organisation", "this unit is not in the organisation"),
      "unitId",
    );
  }
  return unit;
}
