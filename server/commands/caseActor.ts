import type { CaseAction } from "../../engine/case/transitions.js";
import { act } from "../../engine/case/transitions.js";
import type { FormField } from "../../engine/definition/schema.js";
import { message } from "../../engine/messages.js";
import { authorOf, type OperationContext, personOf } from "../context/operationContext.js";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import type { CaseRow } from "../db/queries/cases.js";
import { definitionWithHash } from "../db/queries/definitions.js";
import type { DirectoryPerson } from "../db/queries/directory.js";
import { readCaseForTransition } from "../db/queries/transitions.js";
import { AppError, fromEngineError, notFound } from "../errors.js";
import { resolveActor } from "../orgChart/actorResolution.js";
import { organisationToday } from "../orgChart/organisationToday.js";
import { followCalls } from "./callFollower.js";
import { startCase } from "./caseStarter.js";
import { recordTransition } from "./transitionRecorder.js";

export interface ActOnCaseInput {
  caseId: string;
  action: CaseAction;
  /** The case version the person saw: acting on a stale screen is refused. */
  expectedVersion: number;
}

/**
 * One transition in the context's transaction: read and lock the case (with the organisation's
 * revision, the definition's hash, the task and the attachments named: one round trip), resolve
 * who the caller is on this case from the organisation's directory (in memory), let the engine
 * decide, write the result (one round trip), and start linked cases. The caller must be a person
 * (a session or a token); a job acts through its own commands.
 */
export async function actOnCase(ctx: OperationContext, input: ActOnCaseInput): Promise<CaseRow> {
  const { tx, now } = ctx;
  const person = personOf(ctx.caller);
  if (!person)
    throw new AppError(403, "forbidden", message("action réservée à une personne", "only a person may act"));
  const tokenId = "tokenId" in input.action ? input.action.tokenId : null;
  const documents = input.action.type === "complete" ? (input.action.documents ?? {}) : {};
  const read = await readCaseForTransition(
    tx,
    ctx.organisation,
    input.caseId,
    tokenId,
    Object.values(documents),
  );
  if (!read) throw notFound({ fr: "dossier", en: "case" });
  const current = read.case;
  const key = {
    organisation: current.organisation,
    id: current.procedureId,
    version: current.procedureVersion,
  };
  const def = await definitionWithHash(tx, key, read.definitionHash);
  if (!def) throw notFound({ fr: "définition de la procédure", en: "procedure definition" });
  const directory = await ctx.directory(read.revision);
  const user = directory.person(person.id);
  if (!user?.active) throw notFound({ fr: "utilisateur", en: "user" });

  const caseCtx = {
    organisation: current.organisation,
    requesterId: current.requesterId,
    state: current.state,
  };
  const token = tokenId ? (current.state.tokens.find((t) => t.id === tokenId) ?? null) : null;
  // A deputy acts for the absent person on steps only; comments and cancellations are their own.
  const deputising = token
    ? { standingInFor: directory.standingInFor(user.id, organisationToday(directory.calendar, now)), token }
    : { standingInFor: [] };
  const actor = resolveActor(directory, def, caseCtx, user, read.task?.unitId ?? null, deputising);

  if (input.action.type === "reassign") checkColleague(directory.person(input.action.toUserId), current);
  if (
    input.action.type === "complete" &&
    input.action.imputeTo &&
    !directory.unitByCode(input.action.imputeTo)
  ) {
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
  if (input.action.type === "complete" && token) {
    const step = def.steps.find((s) => s.id === token.stepId);
    checkNamedPeople(directory, step?.form ?? [], input.action.form ?? {});
  }
  const documentHashes = checkAttachments(current.id, documents, read.attachments);

  const result = act(def, current.state, actor, input.action, input.expectedVersion, {
    now,
    calendar: directory.calendar,
  });
  if (!result.ok) throw fromEngineError(result.error);
  const events = result.events.map((e) =>
    e.type === "step_completed" && Object.keys(documentHashes).length > 0 ? { ...e, documentHashes } : e,
  );

  const stepActor = read.task ? (def.steps.find((s) => s.id === read.task?.stepId)?.actor ?? null) : null;
  const author = {
    userId: user.id,
    // An actor with alternatives is recorded by the role the person held it by (« CS »).
    role: (stepActor && actor.actingRoles?.[stepActor]) ?? stepActor,
    onBehalfOfUserId: actor.onBehalfOfUserId ?? null,
    system: authorOf(ctx.caller).system,
  };
  const head = await recordTransition(
    tx,
    directory,
    def,
    current,
    current.state,
    result.state,
    events,
    author,
    now,
  );
  for (const effect of result.effects) {
    await startCase(ctx, {
      procedureId: effect.procedureId,
      // The linked case is asked for by the same requester, with or without an account.
      requester: current.requesterId
        ? { userId: current.requesterId }
        : { external: current.externalRequester ?? { name: "" } },
      data: effect.data,
      parentCaseId: current.id,
    });
  }
  await followCalls(ctx, directory, def, current, current.state, result.state, events, author);
  return {
    ...current,
    state: result.state,
    version: result.state.version,
    status: result.state.status,
    ...head,
    updatedAt: now,
    closedAt: result.state.status === "active" ? null : now,
  };
}

function checkColleague(person: DirectoryPerson | null, current: CaseRow): void {
  if (person?.active && person.organisation === current.organisation) return;
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

/** A `person` field names someone an actor will be bound to: an active person of this organisation. */
function checkNamedPeople(
  directory: OrganisationDirectory,
  form: FormField[],
  values: Record<string, unknown>,
): void {
  for (const field of form) {
    const value = values[field.id];
    if (field.type !== "person" || typeof value !== "string" || value.trim() === "") continue;
    if (directory.personByMatricule(value.trim())?.active) continue;
    throw new AppError(
      422,
      "unknown_user",
      message(
        `« ${field.label} » : aucune personne active de matricule « ${value.trim()} » dans cette organisation`,
        `"${field.label}": no active person with matricule "${value.trim()}" in this organisation`,
      ),
      field.id,
    );
  }
}

/** Documents named in a completion must be attachments uploaded to this very case. */
function checkAttachments(
  caseId: string,
  documents: Record<string, string>,
  found: Array<{ id: string; caseId: string | null; sha256: string }>,
): Record<string, string> {
  const hashes: Record<string, string> = {};
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
