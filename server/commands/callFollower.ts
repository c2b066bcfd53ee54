import type { CaseEvent } from "../../engine/case/events.js";
import type { Actor, CaseState } from "../../engine/case/state.js";
import { act, type CaseAction } from "../../engine/case/transitions.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import type { OperationContext } from "../context/operationContext.js";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import { casesCalledBy } from "../db/queries/cases.js";
import { definitionWithHash } from "../db/queries/definitions.js";
import { readCaseForTransition } from "../db/queries/transitions.js";
import type { ExternalRequester } from "../db/schema.js";
import { fromEngineError } from "../errors.js";
import { actorPerson } from "../orgChart/actorResolution.js";
import { startCase } from "./caseStarter.js";
import { type EventAuthor, recordTransition } from "./transitionRecorder.js";

/** The engine's actor for what a call activity does by itself: return an outcome, cancel a callee. */
const SYSTEM_ACTOR: Actor = { userId: "system", actorCodes: [], system: true };

/** What the follower needs of the case a transition was recorded on. */
export interface FollowedCase {
  id: string;
  organisation: string;
  registryNumber: string;
  requesterId: string | null;
  externalRequester: ExternalRequester | null;
}

/**
 * What a recorded transition sets going between cases, in the same transaction: the cases its call
 * activities start (asked for by whoever holds the calling step's actor on this case), the calling
 * step that a called case's end completes, and the called cases a case's end cancels. The author
 * of the transition is the author of what follows from it.
 */
export async function followCalls(
  ctx: OperationContext,
  directory: OrganisationDirectory,
  def: ProcedureDefinition,
  kase: FollowedCase,
  before: CaseState | null,
  after: CaseState,
  events: CaseEvent[],
  author: EventAuthor,
): Promise<void> {
  for (const event of events) {
    if (event.type !== "call_started") continue;
    const caseCtx = { organisation: kase.organisation, requesterId: kase.requesterId, state: after };
    const asker = actorPerson(directory, def, caseCtx, event.actorCode);
    await startCase(ctx, {
      procedureId: event.procedureId,
      // Nobody holds the actor on this case (yet): the case's own requester asks.
      requester: asker
        ? { userId: asker }
        : kase.requesterId
          ? { userId: kase.requesterId }
          : { external: kase.externalRequester ?? { name: "" } },
      data: event.data,
      parentCaseId: kase.id,
      ...(event.wait ? { calledBy: { caseId: kase.id, tokenId: event.tokenId } } : {}),
    });
  }
  const ended = after.status;
  if (before?.status !== "active" || ended === "active") return;
  const caller = after.calledBy;
  if (caller) {
    await actOnLinked(ctx, caller.caseId, caller.tokenId, author, () => ({
      type: "return_from_call",
      tokenId: caller.tokenId,
      calledCaseId: kase.id,
      outcome: ended,
    }));
  }
  if (!def.steps.some((s) => s.call?.wait)) return;
  for (const calledId of await casesCalledBy(ctx.tx, kase.organisation, kase.id)) {
    await actOnLinked(ctx, calledId, null, author, () => ({
      type: "cancel",
      reason: `Dossier appelant ${kase.registryNumber} clos (${after.status}) / calling case ${kase.registryNumber} closed`,
    }));
  }
}

/** Locks a linked case and lets the system act on it, then follows what that sets going in turn. */
async function actOnLinked(
  ctx: OperationContext,
  caseId: string,
  tokenId: string | null,
  author: EventAuthor,
  action: () => CaseAction,
): Promise<void> {
  const read = await readCaseForTransition(ctx.tx, ctx.organisation, caseId, tokenId, []);
  if (read?.case.state.status !== "active") return;
  // The calling step may have been left meanwhile (sent back, its case ended).
  if (tokenId && !read.case.state.tokens.some((t) => t.id === tokenId)) return;
  const current = read.case;
  const def = await definitionWithHash(
    ctx.tx,
    { organisation: current.organisation, id: current.procedureId, version: current.procedureVersion },
    read.definitionHash,
  );
  if (!def) throw new Error(`definition ${current.procedureId} v${current.procedureVersion} not found`);
  const directory = await ctx.directory(read.revision);
  const result = act(def, current.state, SYSTEM_ACTOR, action(), current.state.version, {
    now: ctx.now,
    calendar: directory.calendar,
  });
  if (!result.ok) throw fromEngineError(result.error);
  const systemAuthor: EventAuthor = { ...author, role: null, onBehalfOfUserId: null };
  await recordTransition(
    ctx.tx,
    directory,
    def,
    current,
    current.state,
    result.state,
    result.events,
    systemAuthor,
    ctx.now,
  );
  for (const effect of result.effects) {
    await startCase(ctx, {
      procedureId: effect.procedureId,
      requester: current.requesterId
        ? { userId: current.requesterId }
        : { external: current.externalRequester ?? { name: "" } },
      data: effect.data,
      parentCaseId: current.id,
    });
  }
  await followCalls(ctx, directory, def, current, current.state, result.state, result.events, systemAuthor);
}
