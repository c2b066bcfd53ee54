import type { DecisionOutcome, DocumentSpec, FormField, ProcedureDefinition } from "../definition/schema.js";
import { stepById } from "./advance.js";
import type { Actor, CaseState } from "./state.js";
import { isSystemStep } from "./timing.js";

/** One thing the person may do now, with what a screen needs to offer it. */
export type AvailableAction =
  | {
      type: "complete";
      tokenId: string;
      stepId: string;
      title: string;
      form: FormField[];
      documents: DocumentSpec[];
      /** Outcomes the person chooses among; empty when the step has none or a rule decides. */
      outcomes: Array<Pick<DecisionOutcome, "id" | "label"> & { returns: boolean }>;
      question: string | null;
      imputation: string | null;
      /** Unit codes the case may be imputed to; null when any unit of the organisation may be chosen. */
      imputationUnits: string[] | null;
      /** Outcomes that impute to nobody (filing away): no unit is asked for them. */
      imputationNotOn: string[];
      dueAt: string | null;
    }
  | { type: "send_back"; tokenId: string; stepId: string; toStepIds: string[] }
  | { type: "set_deadline"; tokenId: string; stepId: string }
  | { type: "reassign"; tokenId: string; stepId: string }
  | { type: "take"; tokenId: string; stepId: string }
  | { type: "comment" }
  | { type: "cancel" };

export function availableActions(
  def: ProcedureDefinition,
  state: CaseState,
  actor: Actor,
): AvailableAction[] {
  if (state.status !== "active") return [];
  const actions: AvailableAction[] = [];
  for (const token of state.tokens) {
    const step = stepById(def, token.stepId);
    // Timers and messages are the system's: nobody completes them by hand.
    if (isSystemStep(step)) continue;
    const mine = token.assigneeUserId
      ? token.assigneeUserId === actor.userId || token.assigneeUserId === actor.onBehalfOfUserId
      : actor.actorCodes.includes(step.actor);
    if (mine) {
      const decision = step.decision;
      actions.push({
        type: "complete",
        tokenId: token.id,
        stepId: step.id,
        title: step.title,
        form: step.form ?? [],
        documents: step.documents ?? [],
        // An outcome that leads back to a step the case went through (a NON) asks for its motif.
        outcomes:
          decision && !decision.rule
            ? decision.outcomes.map((o) => ({
                id: o.id,
                label: o.label,
                returns: o.next !== undefined && state.visited.includes(o.next),
              }))
            : [],
        question: decision?.question ?? null,
        imputation: step.imputation?.label ?? null,
        imputationUnits: step.imputation?.units ?? null,
        imputationNotOn: step.imputation?.notOn ?? [],
        dueAt: token.dueAt,
      });
      const earlier = state.visited.filter((id) => id !== step.id);
      if (earlier.length > 0)
        actions.push({ type: "send_back", tokenId: token.id, stepId: step.id, toStepIds: earlier });
      // A queue's task (a role in a unit, nobody named yet) may be taken before it is worked.
      if (!token.assigneeUserId) actions.push({ type: "take", tokenId: token.id, stepId: step.id });
      if (step.deadline && "setWhenActing" in step.deadline) {
        actions.push({ type: "set_deadline", tokenId: token.id, stepId: step.id });
      }
    }
    if (actor.mayReassign) actions.push({ type: "reassign", tokenId: token.id, stepId: step.id });
  }
  actions.push({ type: "comment" });
  if (actor.mayCancel) actions.push({ type: "cancel" });
  return actions;
}
