import type { CaseEvent } from "../../engine/case/events.js";
import type { CaseState, Token } from "../../engine/case/state.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import type { Db } from "../db/database.js";
import { saveCaseState } from "../db/queries/cases.js";
import { insertComment } from "../db/queries/comments.js";
import { chainEvents, insertEvents, type NewEvent } from "../db/queries/events.js";
import { offerTaskToCandidates } from "../db/queries/taskCandidates.js";
import { closeTasks, openTasks, reassignTask, setTaskDueDate } from "../db/queries/tasks.js";
import { conflict } from "../errors.js";
import { routeTask, type Units } from "../orgChart/actorResolution.js";

/** Who caused a transition, as the audit trail records it. */
export interface EventAuthor {
  userId: string | null;
  /** The definition actor (role) they acted as. */
  role: string | null;
  onBehalfOfUserId: string | null;
}

export interface RecordedCase {
  id: string;
  organisation: string;
  requesterId: string;
  version: number;
  headHash: string;
  eventCount: number;
}

/**
 * Writes one engine transition: events chained onto the audit trail, the case row under its
 * optimistic lock, tasks closed for consumed steps and opened for entered ones. Must run inside
 * the transaction that read the case; throws a conflict (rolling it back) if the case moved on.
 */
export async function recordTransition(
  tx: Db,
  units: Units,
  def: ProcedureDefinition,
  current: RecordedCase,
  before: CaseState | null,
  after: CaseState,
  engineEvents: CaseEvent[],
  author: EventAuthor,
  now: Date,
): Promise<{ headHash: string; eventCount: number }> {
  const chained = chainEvents(
    current.id,
    { hash: current.headHash, count: current.eventCount },
    engineEvents.map((e) => toEventRow(e, author, now)),
  );
  // The case row first: it is the lock. A concurrent transition waits here, then finds the version
  // changed and gives up before writing any event.
  if (!(await saveCaseState(tx, current.id, current.version, after, chained.head, now))) {
    throw conflict();
  }
  await insertEvents(tx, chained);

  const beforeIds = new Set((before?.tokens ?? []).map((t) => t.id));
  const afterIds = new Set(after.tokens.map((t) => t.id));
  const consumed = [...beforeIds].filter((id) => !afterIds.has(id));
  const closing = after.status === "cancelled" ? "cancelled" : "done";
  const closed = await closeTasks(tx, current.id, consumed, closing, author.userId, now);
  // Another transaction closed the task first: the lock above normally catches it; this is the backstop.
  if (closed !== consumed.length) throw conflict();

  const entered: Token[] = after.tokens.filter((t) => !beforeIds.has(t.id));
  const ctx = { organisation: current.organisation, requesterId: current.requesterId, state: after };
  const rows = [];
  const offers = [];
  for (const token of entered) {
    const { candidates, ...routing } = await routeTask(tx, units, def, ctx, token);
    offers.push({ tokenId: token.id, candidates });
    rows.push({
      caseId: current.id,
      tokenId: token.id,
      stepId: token.stepId,
      ...routing,
      dueAt: token.dueAt ? new Date(token.dueAt) : null,
      createdAt: now,
    });
  }
  await openTasks(tx, rows);
  for (const offer of offers) await offerTaskToCandidates(tx, current.id, offer.tokenId, offer.candidates);

  for (const e of engineEvents) {
    if (e.type === "reassigned") await reassignTask(tx, current.id, e.tokenId, e.toUserId);
    if (e.type === "deadline_set") await setTaskDueDate(tx, current.id, e.tokenId, new Date(e.dueAt));
    // Comments also live in their own table, for listing and searching without replaying events.
    if (e.type === "commented" && author.userId) {
      await insertComment(tx, { caseId: current.id, authorId: author.userId, body: e.text, createdAt: now });
    }
  }
  return { headHash: chained.head.hash, eventCount: chained.head.count };
}

function toEventRow(event: CaseEvent, author: EventAuthor, now: Date): NewEvent {
  const { type, ...payload } = event;
  const stepId = "stepId" in event ? event.stepId : null;
  return {
    type,
    actorUserId: author.userId,
    actorRole: author.role,
    onBehalfOfUserId: author.onBehalfOfUserId,
    stepBefore: type === "step_entered" ? null : stepId,
    stepAfter:
      type === "step_entered"
        ? stepId
        : type === "sent_back"
          ? (event as { toStepId: string }).toStepId
          : null,
    payload,
    occurredAt: now.toISOString(),
  };
}
