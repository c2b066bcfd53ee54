import type { EndOutcome, ProcedureDefinition, Step } from "../definition/schema.js";
import { type Destination, type EngineContext, endCase, enterStep, moveOn, stepById } from "./advance.js";
import { evaluate } from "./conditions.js";
import { type EngineError, engineError } from "./errors.js";
import type { CaseEffect, CaseEvent, SentMessage } from "./events.js";
import { checkForm } from "./formData.js";
import type { Actor, CaseState, Token } from "./state.js";
import { isSystemStep } from "./timing.js";

export type Transition =
  | { ok: true; state: CaseState; events: CaseEvent[]; effects: CaseEffect[] }
  | { ok: false; error: EngineError };

export type CaseAction =
  | {
      type: "complete";
      tokenId: string;
      form?: Record<string, unknown>;
      outcome?: string;
      /** Uploaded attachments by the step's document id (the data layer stores the bytes). */
      documents?: Record<string, string>;
      /** Checklist items the actor ticked as received. */
      checklist?: string[];
      /** Unit code chosen at an "imputer à" step. */
      imputeTo?: string;
      /** Why: a NON that sends the case back says it to whoever receives it. */
      reason?: string;
    }
  | { type: "send_back"; tokenId: string; toStepId: string; reason: string }
  | { type: "reassign"; tokenId: string; toUserId: string; reason?: string }
  /** « Prendre en charge »: someone of the queue takes its task, so that two agents don't both work it. */
  | { type: "take"; tokenId: string }
  | { type: "set_deadline"; tokenId: string; dueAt: string; note?: string }
  | { type: "comment"; text: string }
  | { type: "cancel"; reason: string }
  // What only the system does (a job, when the clock says so):
  | { type: "remind"; tokenId: string; index: number }
  | { type: "escalate"; tokenId: string; round: number; toUserId: string | null; message: SentMessage | null }
  | { type: "run_system_step"; tokenId: string; message: SentMessage | null }
  // The case a call activity waits for has ended: its end is the calling step's outcome.
  | { type: "return_from_call"; tokenId: string; calledCaseId: string; outcome: EndOutcome };

export interface StartInput {
  requesterUserId: string | null;
  /**
   * Values for the first step's form known at creation (e.g. from the public portal): only that
   * form's fields are accepted, checked like a completion but none required yet.
   */
  data?: Record<string, unknown>;
  /** Fields a hand-off copies from its parent case (the definition's `handoff.copy`), as they are. */
  copied?: Record<string, unknown>;
  /** Started by a call activity that waits for it: the calling case and its waiting token. */
  calledBy?: { caseId: string; tokenId: string };
}

export function startCase(def: ProcedureDefinition, input: StartInput, ctx: EngineContext): Transition {
  let given: Record<string, unknown> = {};
  if (input.data && Object.keys(input.data).length > 0) {
    const first = def.steps.find((s) => s.id === def.start);
    const form = checkForm(first?.form ?? [], input.data, { partial: true });
    if (!form.ok) return form;
    given = form.values;
  }
  const state: CaseState = {
    procedureId: def.id,
    procedureVersion: def.version,
    status: "active",
    version: 1,
    requesterUserId: input.requesterUserId,
    tokens: [],
    data: { ...(input.copied ?? {}), ...given },
    imputedUnit: null,
    visited: [],
    joins: {},
    startedAt: ctx.now.toISOString(),
    endedAt: null,
    ...(input.calledBy ? { calledBy: input.calledBy } : {}),
  };
  const events: CaseEvent[] = [{ type: "case_started", data: state.data }];
  enterStep(def, state, def.start, ctx, events);
  return { ok: true, state, events, effects: [] };
}

/**
 * Applies one action. The state passed in is never modified: on success a new state is returned
 * with the events to record; on refusal, an error and nothing else.
 */
export function act(
  def: ProcedureDefinition,
  current: CaseState,
  actor: Actor,
  action: CaseAction,
  expectedVersion: number,
  ctx: EngineContext,
): Transition {
  if (current.procedureId !== def.id || current.procedureVersion !== def.version) {
    return fail(
      engineError(
        "invalid_input",
        "la définition fournie n'est pas la version sur laquelle le dossier a démarré",
        "the definition given is not the version the case started on",
      ),
    );
  }
  if (expectedVersion !== current.version) {
    return fail(
      engineError(
        "stale_version",
        "le dossier a été modifié entre-temps : rechargez-le avant d'agir",
        "the case was changed meanwhile: reload it before acting",
      ),
    );
  }
  if (current.status !== "active") {
    return fail(
      engineError(
        "case_closed",
        "le dossier est clos : plus aucune action n'est possible",
        "the case is closed",
      ),
    );
  }

  const state: CaseState = structuredClone(current);
  state.version += 1;
  const events: CaseEvent[] = [];
  const effects: CaseEffect[] = [];

  if (action.type === "comment") {
    if (action.text.trim() === "") {
      return fail(engineError("invalid_input", "le commentaire est vide", "the comment is empty", "text"));
    }
    events.push({ type: "commented", text: action.text.trim() });
    return { ok: true, state, events, effects };
  }

  if (action.type === "cancel") {
    // The system cancels a called case whose caller was cancelled.
    if (!actor.mayCancel && !actor.system) {
      return fail(
        engineError("not_allowed", "vous ne pouvez pas annuler ce dossier", "you may not cancel this case"),
      );
    }
    if (action.reason.trim() === "") {
      return fail(
        engineError(
          "invalid_input",
          "le motif d'annulation est obligatoire",
          "a reason is required",
          "reason",
        ),
      );
    }
    events.push({ type: "cancelled", reason: action.reason.trim() });
    endCase(state, "cancelled", ctx, events);
    return { ok: true, state, events, effects };
  }

  const token = state.tokens.find((t) => t.id === action.tokenId);
  if (!token) {
    return fail(
      engineError(
        "wrong_step",
        "cette tâche n'est plus en attente sur ce dossier",
        "this task is no longer waiting on this case",
      ),
    );
  }
  const step = stepById(def, token.stepId);

  if (
    action.type === "remind" ||
    action.type === "escalate" ||
    action.type === "run_system_step" ||
    action.type === "return_from_call"
  ) {
    if (!actor.system) {
      return fail(engineError("not_allowed", "action réservée au système", "only the system does this"));
    }
    return systemAction(def, state, step, token, action, ctx, events, effects);
  }

  if (action.type === "reassign") {
    if (!actor.mayReassign) {
      return fail(
        engineError(
          "not_allowed",
          "seul le chef de l'unité peut réattribuer cette tâche",
          "only the head of the unit may reassign this task",
        ),
      );
    }
    token.assigneeUserId = action.toUserId;
    events.push({
      type: "reassigned",
      stepId: step.id,
      tokenId: token.id,
      toUserId: action.toUserId,
      reason: action.reason?.trim() || null,
    });
    return { ok: true, state, events, effects };
  }

  const refusal = checkActor(step, token, actor);
  if (refusal) return fail(refusal);

  if (action.type === "take") {
    if (token.assigneeUserId) {
      return fail(
        engineError(
          "already_taken",
          "cette tâche est déjà prise en charge",
          "this task has already been taken",
        ),
      );
    }
    // A deputy takes it for the person they stand in for: it stays in that person's name.
    token.assigneeUserId = actor.onBehalfOfUserId ?? actor.userId;
    events.push({ type: "taken", stepId: step.id, tokenId: token.id, byUserId: token.assigneeUserId });
    return { ok: true, state, events, effects };
  }

  switch (action.type) {
    case "set_deadline": {
      const dueAt = new Date(action.dueAt);
      if (Number.isNaN(dueAt.getTime()) || dueAt.getTime() <= ctx.now.getTime()) {
        return fail(
          engineError(
            "invalid_input",
            "l'échéance doit être une date future",
            "the due date must be in the future",
            "dueAt",
          ),
        );
      }
      token.dueAt = dueAt.toISOString();
      events.push({
        type: "deadline_set",
        stepId: step.id,
        tokenId: token.id,
        dueAt: token.dueAt,
        note: action.note?.trim() || null,
      });
      return { ok: true, state, events, effects };
    }
    case "send_back": {
      if (!state.visited.includes(action.toStepId) || action.toStepId === step.id) {
        return fail(
          engineError(
            "invalid_send_back",
            "le dossier ne peut être renvoyé qu'à une étape déjà franchie",
            "a case can only be sent back to a step it already went through",
            "toStepId",
          ),
        );
      }
      if (action.reason.trim() === "") {
        return fail(
          engineError(
            "invalid_input",
            "le motif du renvoi est obligatoire",
            "a reason is required",
            "reason",
          ),
        );
      }
      removeToken(state, token);
      events.push({
        type: "sent_back",
        stepId: step.id,
        tokenId: token.id,
        toStepId: action.toStepId,
        reason: action.reason.trim(),
      });
      enterStep(def, state, action.toStepId, ctx, events);
      return { ok: true, state, events, effects };
    }
    case "complete":
      return complete(def, state, step, token, action, ctx, events, effects, actor);
  }
}

function complete(
  def: ProcedureDefinition,
  state: CaseState,
  step: Step,
  token: Token,
  action: Extract<CaseAction, { type: "complete" }>,
  ctx: EngineContext,
  events: CaseEvent[],
  effects: CaseEffect[],
  actor: Actor = { userId: "system", actorCodes: [], system: true },
): Transition {
  const form = checkForm(step.form ?? [], action.form ?? {});
  if (!form.ok) return fail(form.error);

  const documents = action.documents ?? {};
  for (const key of Object.keys(documents)) {
    if (!(step.documents ?? []).some((d) => d.id === key)) {
      return fail(
        engineError("invalid_input", `document inconnu « ${key} »`, `unknown document "${key}"`, key),
      );
    }
  }
  for (const doc of step.documents ?? []) {
    if (doc.required && !documents[doc.id]) {
      return fail(
        engineError(
          "missing_document",
          `le document « ${doc.title} » est obligatoire pour terminer cette étape`,
          `document "${doc.title}" is required to complete this step`,
          doc.id,
        ),
      );
    }
  }

  const data = { ...state.data, ...form.values };
  const ticked = action.checklist ?? [];
  const applicable = (step.documents ?? []).flatMap((d) =>
    (d.checklist ?? []).filter((item) =>
      Object.entries(item.when ?? {}).every(([field, value]) => data[field] === value),
    ),
  );
  for (const id of ticked) {
    if (!applicable.some((item) => item.id === id)) {
      return fail(
        engineError(
          "invalid_input",
          `pièce inconnue « ${id} » pour cette étape`,
          `unknown checklist item "${id}"`,
          id,
        ),
      );
    }
  }

  const chosen = chooseOutcome(step, action.outcome, data);
  if ("error" in chosen) return fail(chosen.error);

  // Filing a letter away, say, imputes it to nobody: only the other outcomes need a unit.
  const imputation =
    step.imputation && !(step.imputation.notOn ?? []).includes(chosen.outcomeId ?? "")
      ? step.imputation
      : null;
  const imputes = imputation !== null;
  if (imputation && !action.imputeTo) {
    return fail(
      engineError(
        "missing_imputation",
        `choisissez l'unité à laquelle imputer le dossier (« ${imputation.label} »)`,
        `choose the unit to impute the case to ("${imputation.label}")`,
        "imputeTo",
      ),
    );
  }

  if (imputation?.units && action.imputeTo && !imputation.units.includes(action.imputeTo)) {
    return fail(
      engineError(
        "invalid_input",
        `« ${action.imputeTo} » ne fait pas partie des unités auxquelles imputer (${imputation.units.join(", ")})`,
        `"${action.imputeTo}" is not one of the units to impute to (${imputation.units.join(", ")})`,
        "imputeTo",
      ),
    );
  }

  state.data = data;
  if (imputes && action.imputeTo) state.imputedUnit = action.imputeTo;
  if (!actor.system)
    state.actedBy = { ...state.actedBy, [step.actor]: actor.onBehalfOfUserId ?? actor.userId };
  removeToken(state, token);
  events.push({
    type: "step_completed",
    stepId: step.id,
    tokenId: token.id,
    form: form.values,
    outcome: chosen.outcomeId,
    documents,
    checklist: ticked,
    missingChecklist: applicable.filter((i) => !ticked.includes(i.id)).map((i) => i.id),
    imputedUnit: imputes ? (action.imputeTo ?? null) : null,
    // Only when given: the events already chained keep the shape they were hashed with.
    ...(action.reason?.trim() ? { reason: action.reason.trim() } : {}),
  });

  if (step.handoff) {
    const copied = Object.fromEntries(
      (step.handoff.copy ?? []).filter((f) => f in data).map((f) => [f, data[f]]),
    );
    events.push({
      type: "handoff_requested",
      stepId: step.id,
      procedureId: step.handoff.procedure,
      data: copied,
    });
    effects.push({ type: "start_linked_case", procedureId: step.handoff.procedure, data: copied });
  }

  if (step.parallel) {
    state.joins[step.parallel.join] = { expected: step.parallel.branches.length, arrived: 0 };
  }
  moveOn(def, state, chosen.destination, ctx, events);
  return { ok: true, state, events, effects };
}

function chooseOutcome(
  step: Step,
  requested: string | undefined,
  data: Record<string, unknown>,
): { outcomeId: string | null; destination: Destination } | { error: EngineError } {
  if (step.end) return { outcomeId: null, destination: { kind: "end", outcome: step.end } };
  if (step.next) return { outcomeId: null, destination: { kind: "steps", stepIds: [step.next] } };
  if (step.parallel)
    return { outcomeId: null, destination: { kind: "steps", stepIds: step.parallel.branches } };
  const decision = step.decision!;
  let outcomeId = requested;
  if (decision.rule) {
    const decided = evaluate(decision.rule.when, data) ? decision.rule.choose : decision.rule.otherwise;
    if (requested !== undefined && requested !== decided) {
      return {
        error: engineError(
          "outcome_decided_by_rule",
          `l'issue de « ${decision.question} » est déterminée par les données saisies, pas choisie`,
          `the outcome of "${decision.question}" follows from the data entered; it is not chosen`,
          "outcome",
        ),
      };
    }
    outcomeId = decided;
  }
  if (outcomeId === undefined) {
    return {
      error: engineError(
        "missing_outcome",
        `répondez à la question « ${decision.question} »`,
        `answer the question "${decision.question}"`,
        "outcome",
      ),
    };
  }
  const outcome = decision.outcomes.find((o) => o.id === outcomeId);
  if (!outcome) {
    return {
      error: engineError(
        "unknown_outcome",
        `issue inconnue « ${outcomeId} » ; attendues : ${decision.outcomes.map((o) => o.id).join(", ")}`,
        `unknown outcome "${outcomeId}"; expected: ${decision.outcomes.map((o) => o.id).join(", ")}`,
        "outcome",
      ),
    };
  }
  return {
    outcomeId: outcome.id,
    destination: outcome.end
      ? { kind: "end", outcome: outcome.end }
      : { kind: "steps", stepIds: [outcome.next!] },
  };
}

/** Reminders, escalations and the steps the system does by itself. */
function systemAction(
  def: ProcedureDefinition,
  state: CaseState,
  step: Step,
  token: Token,
  action: Extract<CaseAction, { type: "remind" | "escalate" | "run_system_step" | "return_from_call" }>,
  ctx: EngineContext,
  events: CaseEvent[],
  effects: CaseEffect[],
): Transition {
  if (action.type === "return_from_call")
    return returnFromCall(def, state, step, token, action, ctx, events, effects);
  if (action.type === "remind") {
    events.push({
      type: "reminder_sent",
      stepId: step.id,
      tokenId: token.id,
      index: action.index,
      dueAt: token.dueAt,
    });
    return { ok: true, state, events, effects };
  }
  if (action.type === "escalate") {
    events.push({
      type: "escalated",
      stepId: step.id,
      tokenId: token.id,
      round: action.round,
      toUserId: action.toUserId,
      message: action.message,
    });
    if (action.toUserId && action.toUserId !== token.assigneeUserId) {
      token.assigneeUserId = action.toUserId;
      events.push({
        type: "reassigned",
        stepId: step.id,
        tokenId: token.id,
        toUserId: action.toUserId,
        reason: `Escalade n° ${action.round} : tâche en retard`,
      });
    }
    return { ok: true, state, events, effects };
  }
  if (!isSystemStep(step)) {
    return fail(
      engineError(
        "wrong_step",
        `l'étape « ${step.title} » n'est pas faite par le système`,
        `step "${step.title}" is not done by the system`,
      ),
    );
  }
  if (action.message)
    events.push({ type: "message_sent", stepId: step.id, tokenId: token.id, ...action.message });
  return complete(def, state, step, token, { type: "complete", tokenId: token.id }, ctx, events, effects);
}

function returnFromCall(
  def: ProcedureDefinition,
  state: CaseState,
  step: Step,
  token: Token,
  action: Extract<CaseAction, { type: "return_from_call" }>,
  ctx: EngineContext,
  events: CaseEvent[],
  effects: CaseEffect[],
): Transition {
  if (!step.call?.wait) {
    return fail(
      engineError(
        "wrong_step",
        `l'étape « ${step.title} » n'attend aucun dossier appelé`,
        `step "${step.title}" waits for no called case`,
      ),
    );
  }
  events.push({
    type: "call_returned",
    stepId: step.id,
    tokenId: token.id,
    calledCaseId: action.calledCaseId,
    calledOutcome: action.outcome,
  });
  // With a decision, the called case's end picks the outcome (its own id when not mapped).
  const outcome = step.decision ? (step.call.outcomes?.[action.outcome] ?? action.outcome) : undefined;
  return complete(
    def,
    state,
    step,
    token,
    { type: "complete", tokenId: token.id, ...(outcome ? { outcome } : {}) },
    ctx,
    events,
    effects,
  );
}

function checkActor(step: Step, token: Token, actor: Actor): EngineError | null {
  // The system does timer and message steps, and takes the outcome an escalation ends with.
  if (actor.system) return null;
  if (isSystemStep(step)) {
    return engineError(
      "wrong_actor",
      `l'étape « ${step.title} » est faite par le système`,
      `step "${step.title}" is done by the system`,
    );
  }
  const ok = token.assigneeUserId
    ? token.assigneeUserId === actor.userId || token.assigneeUserId === actor.onBehalfOfUserId
    : actor.actorCodes.includes(step.actor);
  return ok
    ? null
    : engineError(
        "wrong_actor",
        `l'étape « ${step.title} » revient à un autre acteur (${step.actor})`,
        `step "${step.title}" belongs to another actor (${step.actor})`,
      );
}

function removeToken(state: CaseState, token: Token): void {
  state.tokens = state.tokens.filter((t) => t.id !== token.id);
}

function fail(error: EngineError): Transition {
  return { ok: false, error };
}
