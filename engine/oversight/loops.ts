import { successorsOf } from "../definition/graph.js";
import type { ProcedureDefinition } from "../definition/schema.js";

/** A decision outcome that leads back to a step already passed: the manual's NON loop, rework. */
export interface LoopOutcome {
  stepId: string;
  outcomeId: string;
  /** The step the case goes back to. */
  to: string;
}

/**
 * The outcomes that go back up the logigramme: the back edges of a walk from the start step that
 * follows each step's ways out in the order the manual draws them (OUI before NON), so the forward
 * path is walked first and the NON that returns to a step still on the path is the loop.
 */
export function loopOutcomes(def: ProcedureDefinition): LoopOutcome[] {
  const byId = new Map(def.steps.map((s) => [s.id, s]));
  const onPath = new Set<string>();
  const done = new Set<string>();
  const back = new Set<string>();
  const visit = (id: string) => {
    onPath.add(id);
    const step = byId.get(id);
    for (const next of step ? successorsOf(step).next : []) {
      if (onPath.has(next)) back.add(`${id}\n${next}`);
      else if (!done.has(next)) visit(next);
    }
    onPath.delete(id);
    done.add(id);
  };
  visit(def.start);
  return def.steps.flatMap((step) =>
    (step.decision?.outcomes ?? []).flatMap((o) =>
      o.next && back.has(`${step.id}\n${o.next}`) ? [{ stepId: step.id, outcomeId: o.id, to: o.next }] : [],
    ),
  );
}
