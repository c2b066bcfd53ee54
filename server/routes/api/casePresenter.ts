import { availableActions } from "../../../engine/case/availableActions.js";
import type { CaseView } from "../../../shared/api/cases.js";
import { directoryOf } from "../../context/organisationDirectory.js";
import type { Db } from "../../db/database.js";
import type { AttachmentRow } from "../../db/queries/attachments.js";
import { listCaseAttachments } from "../../db/queries/attachments.js";
import type { CaseRow } from "../../db/queries/cases.js";
import { listCaseComments } from "../../db/queries/comments.js";
import { findDefinition } from "../../db/queries/definitions.js";
import { listCaseEvents } from "../../db/queries/events.js";
import { roleTitles, type UserRow } from "../../db/queries/orgChart.js";
import { type PersonRef, peopleByIds } from "../../db/queries/people.js";
import { listCaseTasks } from "../../db/queries/tasks.js";
import { notFound } from "../../errors.js";
import { resolveActor } from "../../orgChart/actorResolution.js";
import { standingInNow } from "../../orgChart/standingIn.js";

type EventRow = Awaited<ReturnType<typeof listCaseEvents>>[number];

/** A case as its reader sees it: state, tasks and who holds them, history, and what they may do now. */
export async function presentCase(db: Db, row: CaseRow, user: UserRow, now: Date): Promise<CaseView> {
  const def = await findDefinition(db, {
    organisation: row.organisation,
    id: row.procedureId,
    version: row.procedureVersion,
  });
  if (!def) throw notFound({ fr: "définition de la procédure", en: "procedure definition" });
  const units = await directoryOf(db, row.organisation);
  const actor = resolveActor(
    units,
    def,
    { organisation: row.organisation, requesterId: row.requesterId, state: row.state },
    user,
    null,
    // A deputy is offered the absent person's steps, as the action itself would allow.
    { standingInFor: (await standingInNow(db, user, now)).map((d) => d.userId) },
  );
  // One after the other: inside an operation's transaction there is one connection, and
  // node-postgres refuses (from version 9) queries sent to it while another runs.
  const tasks = await listCaseTasks(db, row.id);
  const history = await listCaseEvents(db, row.id);
  const comments = await listCaseComments(db, row.id);
  const attachments = await listCaseAttachments(db, row.id);
  const titles = await roleTitles(db, row.organisation);
  const people = await peopleByIds(db, [
    row.requesterId,
    ...tasks.map((t) => t.assigneeId),
    ...history.flatMap((e) => [e.actorUserId, e.onBehalfOfUserId]),
    ...comments.map((c) => c.authorId),
  ]);
  const requester = requesterOf(row, people);
  const imputed = units.unitByCode(row.state.imputedUnit);
  return {
    id: row.id,
    registryNumber: row.registryNumber,
    title: row.title,
    procedure: { id: def.id, version: def.version, title: def.title },
    status: row.status,
    version: row.version,
    requester,
    imputedUnit: imputed ? { code: imputed.code, name: imputed.name } : null,
    data: row.state.data,
    currentSteps: row.state.tokens.map((token) => {
      const step = def.steps.find((s) => s.id === token.stepId);
      const task = tasks.find((t) => t.tokenId === token.id && t.status === "open");
      const assignee = task?.assigneeId ? (people.get(task.assigneeId) ?? null) : null;
      return {
        stepId: token.stepId,
        title: step?.title ?? token.stepId,
        dueAt: token.dueAt,
        actorCode: task?.actorCode ?? null,
        actorTitle: task ? (def.actors[task.actorCode]?.title ?? null) : null,
        returned: returnInto(
          history,
          token.id,
          people,
          (id) => def.steps.find((s) => s.id === id)?.title ?? id,
        ),
        heldBy: task
          ? {
              roleCode: task.roleCode,
              roleTitle: task.roleCode ? (titles.get(task.roleCode) ?? null) : null,
              unitName: units.unit(task.unitId)?.name ?? null,
              person: assignee,
            }
          : null,
        mark: step?.mark ?? null,
        calls: step?.call?.wait ? step.call.procedure : null,
      };
    }),
    tasks: tasks.map((t) => ({
      id: t.id,
      stepId: t.stepId,
      status: t.status,
      actorCode: t.actorCode,
      roleCode: t.roleCode,
      unitId: t.unitId,
      assigneeId: t.assigneeId,
      dueAt: t.dueAt?.toISOString() ?? null,
      closedAt: t.closedAt?.toISOString() ?? null,
    })),
    // Actions name the task to post to, not the engine's token.
    actions: availableActions(def, row.state, actor).map((a) =>
      "tokenId" in a
        ? { ...a, taskId: tasks.find((t) => t.tokenId === a.tokenId && t.status === "open")?.id ?? null }
        : a,
    ),
    history: history.map((e) => presentEvent(e, people)),
    comments: comments.map((c) => ({
      id: c.id,
      authorId: c.authorId,
      authorName: people.get(c.authorId)?.name ?? "",
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
    attachments: attachments.map(presentAttachment),
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

/**
 * How the case came to the step a token waits at, when it was returned there: the event just
 * before the token's `step_entered` (entries of the same transition aside) is a send-back, or a
 * completion given with its motif (a NON).
 */
export function returnInto(
  history: EventRow[],
  tokenId: string,
  people: Map<string, PersonRef>,
  stepTitle: (stepId: string) => string,
): CaseView["currentSteps"][number]["returned"] {
  const entered = history.findLastIndex((e) => e.type === "step_entered" && e.payload.tokenId === tokenId);
  if (entered < 0) return null;
  const cause = history.slice(0, entered).findLast((e) => e.type !== "step_entered");
  if (!cause || typeof cause.payload.reason !== "string") return null;
  if (cause.type !== "sent_back" && cause.type !== "step_completed") return null;
  return {
    byName: cause.actorUserId ? (people.get(cause.actorUserId)?.name ?? null) : null,
    fromStepId: cause.stepBefore,
    fromStepTitle: cause.stepBefore ? stepTitle(cause.stepBefore) : null,
    reason: cause.payload.reason,
    at: cause.occurredAt.toISOString(),
  };
}

/** The person who asked: an account, or someone without one as the case row names them. */
function requesterOf(row: CaseRow, people: Map<string, PersonRef>): CaseView["requester"] {
  const person = row.requesterId ? people.get(row.requesterId) : undefined;
  if (person) return { ...person, external: null };
  if (row.externalRequester) {
    return { id: null, matricule: null, name: row.externalRequester.name, external: row.externalRequester };
  }
  throw notFound({ fr: "demandeur", en: "requester" });
}

export function presentEvent(e: EventRow, people: Map<string, PersonRef>) {
  return {
    seq: e.seq,
    type: e.type,
    actorUserId: e.actorUserId,
    // A requester without an account (the portal) is named in the event itself.
    actorName: e.actorUserId
      ? (people.get(e.actorUserId)?.name ?? null)
      : ((e.payload as { requester?: { name?: string } }).requester?.name ?? null),
    actorRole: e.actorRole,
    onBehalfOfUserId: e.onBehalfOfUserId,
    onBehalfOfName: e.onBehalfOfUserId ? (people.get(e.onBehalfOfUserId)?.name ?? null) : null,
    system: systemAuthor(e.payload),
    stepBefore: e.stepBefore,
    stepAfter: e.stepAfter,
    payload: e.payload,
    occurredAt: e.occurredAt.toISOString(),
  };
}

/** The job an event written by the system names in its payload (`system: { job, jobId }`). */
function systemAuthor(payload: Record<string, unknown>): { job: string; jobId: string } | null {
  const system = payload.system as { job?: unknown; jobId?: unknown } | undefined;
  return system && typeof system.job === "string" && typeof system.jobId === "string"
    ? { job: system.job, jobId: system.jobId }
    : null;
}

export function presentAttachment(a: AttachmentRow) {
  return {
    id: a.id,
    documentId: a.documentId,
    fileName: a.fileName,
    mediaType: a.mediaType,
    size: a.size,
    sha256: a.sha256,
    uploadedAt: a.uploadedAt.toISOString(),
  };
}
