import type { CaseEvent } from "../../engine/case/events.js";
import type { CaseState } from "../../engine/case/state.js";
import { isSystemStep } from "../../engine/case/timing.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import { chainEvents, type NewEvent } from "../db/queries/events.js";
import { writeTransition } from "../db/queries/transitions.js";
import { conflict } from "../errors.js";
import { announceTransition } from "../messages/caseAnnouncer.js";
import { noOutgoing } from "../messages/outbox.js";
import { routeTask } from "../orgChart/actorResolution.js";
import { recordStepTimers } from "../time/stepTimersWriter.js";
import { writeStepRecords } from "./stepRecordsWriter.js";

/** Who caused a transition, as the audit trail records it. */
export interface EventAuthor {
  /** Null for the system (a job) and for a requester without an account. */
  userId: string | null;
  /** The definition actor (role) they acted as. */
  role: string | null;
  onBehalfOfUserId: string | null;
  /** A job acting: recorded in each event's payload as `system: { job, jobId }` (« Système »). */
  system?: { job: string; jobId: string } | null;
  /** A requester without an account acting on the portal: recorded as `requester: { name, via }`. */
  requester?: { name: string; via: "portail" } | null;
}

export interface RecordedCase {
  id: string;
  organisation: string;
  registryNumber: string;
  requesterId: string | null;
  parentCaseId: string | null;
  version: number;
  headHash: string;
  eventCount: number;
}

/**
 * Writes one engine transition: events chained onto the audit trail, the case row under its
 * optimistic lock, tasks closed for consumed steps and opened (routed in memory from the
 * organisation's directory) for entered ones — all in one statement. Must run inside the
 * transaction that read the case; throws a conflict (rolling it back) if the case moved on.
 */
export async function recordTransition(
  tx: Db,
  directory: OrganisationDirectory,
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
  // Timer and message steps are the system's: they have no task in anyone's inbox.
  const byPeople = (t: { stepId: string }) => !systemSteps.has(t.stepId);
  const systemSteps = new Set(def.steps.filter(isSystemStep).map((s) => s.id));
  const beforeIds = new Set((before?.tokens ?? []).filter(byPeople).map((t) => t.id));
  const afterIds = new Set(after.tokens.map((t) => t.id));
  const consumed = [...beforeIds].filter((id) => !afterIds.has(id));
  const ctx = { organisation: current.organisation, requesterId: current.requesterId, state: after };
  const offers: Array<{ tokenId: string; candidates: Array<{ roleCode: string; unitId: string | null }> }> =
    [];
  const opened = after.tokens
    .filter((t) => !beforeIds.has(t.id) && byPeople(t))
    .map((token) => {
      const { candidates, ...routing } = routeTask(directory, def, ctx, token);
      if (candidates) offers.push({ tokenId: token.id, candidates });
      return { tokenId: token.id, stepId: token.stepId, ...routing, dueAt: token.dueAt };
    });

  // Notifications and webhooks, written with the transition: sent by jobs once it commits.
  const outgoing = noOutgoing();
  announceTransition(outgoing, {
    caseId: current.id,
    registryNumber: current.registryNumber,
    directory,
    def,
    before,
    after,
    events: engineEvents,
    opened: opened.map((o) => ({
      stepId: o.stepId,
      roleCode: o.roleCode ?? null,
      unitId: o.unitId ?? null,
      assigneeId: o.assigneeId ?? null,
      dueAt: o.dueAt ? new Date(o.dueAt) : null,
    })),
    authorUserId: author.userId,
    now,
  });
  const written = await writeTransition(tx, {
    organisation: current.organisation,
    caseId: current.id,
    expectedVersion: current.version,
    state: after,
    chained,
    now,
    closing: {
      tokenIds: consumed,
      status: after.status === "cancelled" ? "cancelled" : "done",
      by: author.userId,
    },
    opened,
    reassigned: engineEvents.flatMap((e) =>
      e.type === "reassigned"
        ? [{ tokenId: e.tokenId, assigneeId: e.toUserId }]
        : e.type === "taken"
          ? [{ tokenId: e.tokenId, assigneeId: e.byUserId }]
          : [],
    ),
    deadlines: engineEvents.flatMap((e) =>
      e.type === "deadline_set" ? [{ tokenId: e.tokenId, dueAt: e.dueAt }] : [],
    ),
    comments: engineEvents.flatMap((e) =>
      e.type === "commented" && author.userId ? [{ authorId: author.userId, body: e.text }] : [],
    ),
    candidates: offers.flatMap((o) => o.candidates.map((c) => ({ tokenId: o.tokenId, ...c }))),
    outgoing,
  });
  // The case moved on since it was read (the row lock normally prevents it), or another
  // transaction closed a task first: nothing was written, and the whole transaction rolls back.
  if (!written.updated || written.closed !== consumed.length) throw conflict();
  // Registers the completed steps write to (their `records`), in this same transaction.
  await writeStepRecords(tx, directory, def, current, after, engineEvents, author.userId, now);
  // Reminders, escalations, timers and messages the clock will trigger (server/time/).
  await recordStepTimers(tx, directory.calendar, def, current, before, after, now);
  return { headHash: chained.head.hash, eventCount: chained.head.count };
}

function toEventRow(event: CaseEvent, author: EventAuthor, now: Date): NewEvent {
  const { type, ...content } = event;
  const payload: Record<string, unknown> = author.system
    ? { ...content, system: author.system }
    : author.requester
      ? { ...content, requester: author.requester }
      : content;
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
