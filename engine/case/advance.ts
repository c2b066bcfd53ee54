import type { WorkingCalendar } from "../calendar/workingCalendar.js";
import type { EndOutcome, ProcedureDefinition, Step } from "../definition/schema.js";
import type { CaseEvent } from "./events.js";
import type { CaseState, Token } from "./state.js";
import { stepDueDate } from "./timing.js";

export interface EngineContext {
  now: Date;
  calendar: WorkingCalendar;
}

/** Where a completed step leads: steps to enter, or an end. */
export type Destination = { kind: "steps"; stepIds: string[] } | { kind: "end"; outcome: EndOutcome };

export function stepById(def: ProcedureDefinition, id: string): Step {
  const step = def.steps.find((s) => s.id === id);
  // The validator guarantees every target exists; reaching this means a corrupt definition.
  if (!step) throw new Error(`step "${id}" is not in procedure "${def.id}"`);
  return step;
}

/** Whether entering `stepId` again goes back to, or before, a step that imputes the case. */
function returnsBeforeImputation(def: ProcedureDefinition, state: CaseState, stepId: string): boolean {
  if (!state.imputedUnit) return false;
  const at = state.visited.indexOf(stepId);
  if (at < 0) return false;
  return def.steps.some((s) => s.imputation && state.visited.indexOf(s.id) >= at);
}

/** A token for a step entered now, with its due date from the step's délai. */
export function enterStep(
  def: ProcedureDefinition,
  state: CaseState,
  stepId: string,
  ctx: EngineContext,
  events: CaseEvent[],
): Token {
  const step = stepById(def, stepId);
  const due = stepDueDate(ctx.calendar, step, state.data, ctx.now);
  const token: Token = {
    // Deterministic (no randomness in the engine): unique because every transition bumps the version.
    id: `${state.version}-${stepId}-${state.tokens.length}`,
    stepId,
    enteredAt: ctx.now.toISOString(),
    dueAt: due ? due.toISOString() : null,
    assigneeUserId: null,
  };
  // Back at or before the step that imputed the case: the imputation will be chosen again, and
  // until then the case is nobody's (the former one stays in the history).
  const former = returnsBeforeImputation(def, state, stepId) ? state.imputedUnit : null;
  if (former) state.imputedUnit = null;
  state.tokens.push(token);
  if (!state.visited.includes(stepId)) state.visited.push(stepId);
  events.push({
    type: "step_entered",
    stepId,
    tokenId: token.id,
    dueAt: token.dueAt,
    ...(former ? { imputationCleared: former } : {}),
  });
  if (step.call) {
    const copied = Object.fromEntries(
      (step.call.copy ?? []).filter((f) => f in state.data).map((f) => [f, state.data[f]]),
    );
    events.push({
      type: "call_started",
      stepId,
      tokenId: token.id,
      procedureId: step.call.procedure,
      actorCode: step.actor,
      wait: step.call.wait,
      data: copied,
    });
    if (!step.call.wait) {
      // Started and left: the step is done as it is entered (the validator gives it next or end).
      state.tokens = state.tokens.filter((t) => t.id !== token.id);
      events.push({
        type: "step_completed",
        stepId,
        tokenId: token.id,
        form: {},
        outcome: null,
        documents: {},
        checklist: [],
        missingChecklist: [],
        imputedUnit: null,
      });
      moveOn(
        def,
        state,
        step.end ? { kind: "end", outcome: step.end } : { kind: "steps", stepIds: [step.next!] },
        ctx,
        events,
      );
    }
  }
  return token;
}

/**
 * Moves the case on from a consumed token: enters the next steps (opening parallel branches and
 * waiting at joins), or ends the case.
 */
export function moveOn(
  def: ProcedureDefinition,
  state: CaseState,
  destination: Destination,
  ctx: EngineContext,
  events: CaseEvent[],
): void {
  if (destination.kind === "end") {
    endCase(state, destination.outcome, ctx, events);
    return;
  }
  for (const stepId of destination.stepIds) {
    const join = state.joins[stepId];
    if (join) {
      join.arrived += 1;
      if (join.arrived < join.expected) continue;
      delete state.joins[stepId];
    }
    enterStep(def, state, stepId, ctx, events);
  }
}

export function endCase(
  state: CaseState,
  outcome: EndOutcome,
  ctx: EngineContext,
  events: CaseEvent[],
): void {
  state.status = outcome;
  state.tokens = [];
  state.joins = {};
  state.endedAt = ctx.now.toISOString();
  events.push({ type: "case_ended", outcome });
}
