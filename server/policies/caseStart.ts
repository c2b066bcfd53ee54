import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { membershipsOf, type UserRow } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";

/**
 * Who may open a case: a person of the procedure's organisation who holds a role in it (every
 * agent of the demo org charts does), or its administrator. A procedure of another organisation is
 * answered like one that does not exist. Linked cases started by a hand-off do not come here: the
 * command starts them for the original requester.
 */
export async function assertMayStartCase(
  db: Db,
  user: UserRow,
  procedureId: string,
  def: ProcedureDefinition | null,
): Promise<void> {
  if (!def || def.organisation !== user.organisation) {
    throw new AppError(
      404,
      "procedure_not_found",
      message(`aucune procédure en vigueur « ${procedureId} »`, `no procedure in force "${procedureId}"`),
      "procedureId",
    );
  }
  if (user.isAdmin || (await membershipsOf(db, user.id)).length > 0) return;
  throw new AppError(
    403,
    "not_allowed",
    message(
      "seules les personnes qui ont un rôle dans l'organisation peuvent ouvrir un dossier",
      "only people holding a role in the organisation may open a case",
    ),
  );
}
