import { availableActions } from "../../engine/case/availableActions.js";
import { startCase } from "../../engine/case/transitions.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { mayStart, startRuleOf } from "../../engine/definition/startRule.js";
import { message } from "../../engine/messages.js";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";
import { resolveActor } from "../orgChart/actorResolution.js";

/**
 * Who may open a case from the back office: whoever the definition's start rule names (by default
 * the holders of the first step's actor, anyone for a request), or the organisation's
 * administrator. A procedure of another organisation is answered like one that does not exist.
 * Linked cases started by a hand-off do not come here: the command starts them for the original
 * requester.
 */
export function assertMayStartCase(
  directory: OrganisationDirectory,
  user: UserRow,
  procedureId: string,
  def: ProcedureDefinition | null,
): void {
  if (!def || def.organisation !== user.organisation) {
    throw new AppError(
      404,
      "procedure_not_found",
      message(`aucune procédure en vigueur « ${procedureId} »`, `no procedure in force "${procedureId}"`),
      "procedureId",
    );
  }
  if (mayStartCase(directory, user, def)) return;
  throw new AppError(
    403,
    "not_allowed",
    message(
      `vous ne pouvez pas ouvrir de dossier « ${def.title} » : la procédure ne le permet pas à vos rôles`,
      `you may not open a "${def.title}" case: the procedure does not allow it for your roles`,
    ),
  );
}

export function mayStartCase(
  directory: OrganisationDirectory,
  user: UserRow,
  def: ProcedureDefinition,
): boolean {
  return mayStart(startRuleOf(def), directory.starter(user.id, user.isAdmin));
}

/**
 * Whether the first task of a case this person opens now would be theirs, so that they fill the
 * first step's whole form (decision, files) when they open it: a dry run of the pure engine.
 */
export function completesFirstStep(
  directory: OrganisationDirectory,
  user: Pick<UserRow, "id" | "organisation">,
  def: ProcedureDefinition,
  requesterUserId: string | null,
  now: Date,
): boolean {
  const started = startCase(def, { requesterUserId, data: {} }, { now, calendar: directory.calendar });
  if (!started.ok) return false;
  const caseCtx = { organisation: def.organisation, requesterId: requesterUserId, state: started.state };
  const actor = resolveActor(directory, def, caseCtx, user);
  return availableActions(def, started.state, actor).some(
    (a) => a.type === "complete" && a.stepId === def.start,
  );
}
