import { message } from "../../engine/messages.js";
import { passwordProblems } from "../../shared/passwordPolicy.js";
import { appendSecurityEvent } from "../audit/securityTrail.js";
import { hashPassword, verifyPassword } from "../auth/passwords.js";
import type { Db } from "../db/database.js";
import { setPassword } from "../db/queries/accounts.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { deleteSessionsOf } from "../db/queries/sessions.js";
import { AppError } from "../errors.js";

/**
 * A person changes their own password: the current one is checked, the new one must follow the
 * policy and differ from it. Their other sessions end; the one they used stays open.
 */
export async function changeOwnPassword(
  db: Db,
  user: UserRow,
  input: { currentPassword: string; newPassword: string; sessionTokenHash: string; ip: string | null },
  now: Date,
): Promise<void> {
  if (user.authSource !== "local" || !user.passwordHash) {
    throw new AppError(
      409,
      "external_password",
      message(
        "ce compte se connecte par l'annuaire de l'administration : changez le mot de passe là-bas",
        "this account signs in through the administration's directory: change the password there",
      ),
    );
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError(
      422,
      "wrong_password",
      message("le mot de passe actuel est incorrect", "the current password is wrong"),
      "currentPassword",
    );
  }
  const problems = passwordProblems(input.newPassword, { matricule: user.matricule, name: user.name });
  if (input.newPassword === input.currentPassword) {
    problems.push(message("différent de l'actuel", "different from the current one"));
  }
  if (problems.length > 0) {
    throw new AppError(
      422,
      "weak_password",
      message(
        `le nouveau mot de passe doit comporter ${problems.map((p) => p.fr).join(", ")}`,
        `the new password needs ${problems.map((p) => p.en).join(", ")}`,
      ),
      "newPassword",
    );
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await setPassword(tx, user.id, passwordHash, false, now);
    await deleteSessionsOf(tx, user.id, input.sessionTokenHash);
    await appendSecurityEvent(
      tx,
      {
        organisation: user.organisation,
        type: "password_changed",
        userId: user.id,
        matricule: user.matricule,
        actorUserId: null,
        ip: input.ip,
        payload: { wasDefault: user.mustChangePassword },
      },
      now,
    );
  });
}
