import type { CaseAction } from "../../engine/case/transitions.js";
import { act } from "../../engine/case/transitions.js";
import type { Db } from "../db/database.js";
import { type CaseRow, findCase } from "../db/queries/cases.js";
import { findDefinition } from "../db/queries/definitions.js";
import { findUserById } from "../db/queries/orgChart.js";
import { listCaseTasks } from "../db/queries/tasks.js";
import { fromEngineError, notFound } from "../errors.js";
import { resolveActor } from "../orgChart/actorResolution.js";
import { loadCalendar } from "./calendarLoader.js";
import { startCaseIn } from "./caseStarter.js";
import { recordTransition } from "./transitionRecorder.js";

export interface ActOnCaseInput {
  caseId: string;
  userId: string;
  action: CaseAction;
  /** The case version the person saw: acting on a stale screen is refused. */
  expectedVersion: number;
}

/**
 * One transition as one transaction: read the case and its definition version, resolve who the
 * person is on this case, let the engine decide, record the result, and start linked cases.
 */
export async function actOnCase(db: Db, input: ActOnCaseInput, now: Date): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const current = await findCase(tx, input.caseId);
    if (!current) throw notFound({ fr: "dossier", en: "case" });
    const def = await findDefinition(tx, current.procedureId, current.procedureVersion);
    if (!def) throw notFound({ fr: "définition de la procédure", en: "procedure definition" });
    const user = await findUserById(tx, input.userId);
    if (!user || !user.active) throw notFound({ fr: "utilisateur", en: "user" });

    const tokenId = "tokenId" in input.action ? input.action.tokenId : null;
    const task = tokenId ? (await listCaseTasks(tx, current.id)).find((t) => t.tokenId === tokenId) : undefined;
    const ctx = { organisation: current.organisation, requesterId: current.requesterId, state: current.state };
    const actor = await resolveActor(tx, def, ctx, user, task?.unitId ?? null);

    const calendar = await loadCalendar(tx, current.organisation);
    const result = act(def, current.state, actor, input.action, input.expectedVersion, { now, calendar });
    if (!result.ok) throw fromEngineError(result.error);

    const stepActor = tokenId ? def.steps.find((s) => s.id === task?.stepId)?.actor ?? null : null;
    await recordTransition(
      tx,
      def,
      current,
      current.state,
      result.state,
      result.events,
      { userId: user.id, role: stepActor, onBehalfOfUserId: actor.onBehalfOfUserId ?? null },
      now,
    );
    for (const effect of result.effects) {
      await startCaseIn(
        tx,
        { procedureId: effect.procedureId, requesterId: current.requesterId, data: effect.data, parentCaseId: current.id },
        now,
      );
    }
    return (await findCase(tx, current.id))!;
  });
}
