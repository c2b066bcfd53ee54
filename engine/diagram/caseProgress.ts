import type { CaseEvent } from "../case/events.js";
import type { ProcedureDefinition } from "../definition/schema.js";
import type { DiagramHighlight } from "./svg.js";

/** Where a step's completion led, by the definition: the chosen outcome's target, the branches, or the end. */
function targetsOf(def: ProcedureDefinition, stepId: string, outcome: string | null): string[] {
  const step = def.steps.find((s) => s.id === stepId);
  if (!step) return [];
  if (step.next) return [step.next];
  if (step.end) return [`end:${step.end}`];
  if (step.parallel) return step.parallel.branches;
  const chosen = step.decision?.outcomes.find((o) => o.id === outcome);
  if (!chosen) return [];
  return [chosen.next ?? `end:${chosen.end}`];
}

/**
 * A case's progress over its logigramme, replayed from its audit trail: the steps completed, the
 * steps waiting now (entered and neither completed nor sent back, until the case ends) and every
 * flow taken, each once, in the order first taken.
 */
export function caseProgress(def: ProcedureDefinition, events: CaseEvent[]): Required<DiagramHighlight> {
  const done = new Set<string>();
  const waiting = new Map<string, string>(); // token id → step id
  const taken: Array<[string, string]> = [];
  const seen = new Set<string>();
  const take = (from: string, to: string) => {
    const key = JSON.stringify([from, to]);
    if (seen.has(key)) return;
    seen.add(key);
    taken.push([from, to]);
  };
  for (const event of events) {
    switch (event.type) {
      case "case_started":
        take("start", def.start);
        break;
      case "step_entered":
        waiting.set(event.tokenId, event.stepId);
        break;
      case "step_completed":
        waiting.delete(event.tokenId);
        done.add(event.stepId);
        for (const to of targetsOf(def, event.stepId, event.outcome)) take(event.stepId, to);
        break;
      case "sent_back":
        waiting.delete(event.tokenId);
        break;
      case "case_ended":
        waiting.clear();
        break;
    }
  }
  return { done: [...done], current: [...new Set(waiting.values())], taken };
}
