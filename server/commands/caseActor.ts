import type { CaseAction } from "../../engine/case/transitions.js";
import { act } from "../../engine/case/transitions.js";
import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { findAttachments } from "../db/queries/attachments.js";
import { type CaseRow, findCase } from "../db/queries/cases.js";
import { findDefinition } from "../db/queries/definitions.js";
import { standingInFor } from "../db/queries/delegations.js";
import { findUserById } from "../db/queries/orgChart.js";
import { findTaskByToken } from "../db/queries/tasks.js";
import { AppError, fromEngineError, notFound } from "../errors.js";
import { resolveActor, Units } from "../orgChart/actorResolution.js";
import { organisationToday } from "../orgChart/organisationToday.js";
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
    if (!user?.active) throw notFound({ fr: "utilisateur", en: "user" });

    const tokenId = "tokenId" in input.action ? input.action.tokenId : null;
    const task = tokenId ? ((await findTaskByToken(tx, current.id, tokenId)) ?? undefined) : undefined;
    const ctx = {
      organisation: current.organisation,
      requesterId: current.requesterId,
      state: current.state,
    };
    const units = await Units.load(tx, current.organisation);
    const calendar = await loadCalendar(tx, current.organisation);
    const token = tokenId ? (current.state.tokens.find((t) => t.id === tokenId) ?? null) : null;
    // A deputy acts for the absent person on steps only; comments and cancellations are their own.
    const deputising = token
      ? { standingInFor: await standingInFor(tx, user.id, organisationToday(calendar, now)), token }
      : { standingInFor: [] };
    const actor = await resolveActor(tx, units, def, ctx, user, task?.unitId ?? null, deputising);

    if (input.action.type === "reassign") {
      const deputy = await findUserById(tx, input.action.toUserId);
      if (!deputy?.active || deputy.organisation !== current.organisation) {
        throw new AppError(
          422,
          "unknown_user",
          message(
            "la personne désignée n'existe pas ou n'est plus active dans cette organisation",
            "the person named does not exist or is no longer active in this organisation",
          ),
          "toUserId",
        );
      }
    }
    if (input.action.type === "complete" && input.action.imputeTo && !units.code(input.action.imputeTo)) {
      throw new AppError(
        422,
        "unknown_unit",
        message(
          `aucune unité « ${input.action.imputeTo} » dans l'organigramme`,
          `no unit "${input.action.imputeTo}" in the organisation chart`,
        ),
        "imputeTo",
      );
    }
    const documentHashes =
      input.action.type === "complete"
        ? await checkAttachments(tx, current.id, input.action.documents ?? {})
        : {};

    const result = act(def, current.state, actor, input.action, input.expectedVersion, { now, calendar });
    if (!result.ok) throw fromEngineError(result.error);
    const events = result.events.map((e) =>
      e.type === "step_completed" && Object.keys(documentHashes).length > 0 ? { ...e, documentHashes } : e,
    );

    const stepActor = tokenId ? (def.steps.find((s) => s.id === task?.stepId)?.actor ?? null) : null;
    const head = await recordTransition(
      tx,
      units,
      def,
      current,
      current.state,
      result.state,
      events,
      {
        userId: user.id,
        // An actor with alternatives is recorded by the role the person held it by (« CS »).
        role: (stepActor && actor.actingRoles?.[stepActor]) ?? stepActor,
        onBehalfOfUserId: actor.onBehalfOfUserId ?? null,
      },
      now,
    );
    for (const effect of result.effects) {
      await startCaseIn(
        tx,
        {
          procedureId: effect.procedureId,
          requesterId: current.requesterId,
          data: effect.data,
          parentCaseId: current.id,
        },
        now,
      );
    }
    return {
      ...current,
      state: result.state,
      version: result.state.version,
      status: result.state.status,
      ...head,
      updatedAt: now,
      closedAt: result.state.status === "active" ? null : now,
    };
  });
}

/** Documents named in a completion must be attachments uploaded to this very case. */
async function checkAttachments(
  tx: Db,
  caseId: string,
  documents: Record<string, string>,
): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const ids = Object.values(documents);
  const found = await findAttachments(
    tx,
    ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
  );
  for (const [documentId, attachmentId] of Object.entries(documents)) {
    const row = found.find((a) => a.id === attachmentId);
    if (!row || row.caseId !== caseId) {
      throw new AppError(
        422,
        "unknown_attachment",
        message(
          `la pièce jointe fournie pour « ${documentId} » n'a pas été déposée sur ce dossier`,
          `the attachment given for "${documentId}" was not uploaded to this case`,
        ),
        documentId,
      );
    }
    hashes[documentId] = row.sha256;
  }
  return hashes;
}
