import type { Step } from "./schema.js";

export interface StepSuccessors {
  /** Steps that may follow this one. */
  next: string[];
  /** True when some way out of this step ends the case. */
  ends: boolean;
}

export type Graph = Map<string, StepSuccessors>;

export function successorsOf(step: Step): StepSuccessors {
  if (step.end) return { next: [], ends: true };
  if (step.next) return { next: [step.next], ends: false };
  if (step.decision) {
    const outcomes = step.decision.outcomes;
    return {
      next: outcomes.flatMap((o) => (o.next ? [o.next] : [])),
      ends: outcomes.some((o) => o.end !== undefined),
    };
  }
  if (step.parallel) return { next: [...step.parallel.branches], ends: false };
  return { next: [], ends: false };
}
