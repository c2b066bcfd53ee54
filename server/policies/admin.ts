import { message } from "../../engine/messages.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";

/** Administration of an organisation (accounts, roles, API tokens) is for its administrators. */
export function requireAdmin(user: UserRow): void {
  if (!user.isAdmin) {
    throw new AppError(
      403,
      "admin_required",
      message(
        "réservé aux administrateurs de l'organisation",
        "reserved to the organisation's administrators",
      ),
    );
  }
}
