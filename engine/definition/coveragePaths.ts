import type { Condition, EndOutcome, FormField, ProcedureDefinition, Step } from "./schema.js";

/** One move through a procedure: complete this step, answering its decision with this outcome. */
export interface PathMove {
  stepId: string;
  outcomeId: string | null;
}

export interface CoveragePath {
  moves: PathMove[];
  ends: EndOutcome;
  /** The decision outcome this path exists to cover, or null for the main path. */
  covers: { stepId: string; outcomeId: string } | null;
}

interface Edge {
  outcomeId: string | null;
  to: string | null;
  end: EndOutcome | null;
}

function edgesOf(step: Step): Edge[] {
  if (step.end) return [{ outcomeId: null, to: null, end: step.end }];
  if (step.next) return [{ outcomeId: null, to: step.next, end: null }];
  if (step.decision) {
    return step.decision.outcomes.map((o) => ({ outcomeId: o.id, to: o.next ?? null, end: o.end ?? null }));
  }
  throw new Error(`coverage paths do not handle parallel step "${step.id}" yet`);
}

/**
 * A small set of paths from start to an end that together take every decision outcome at least
 * once: the main path (shortest way to `completed`, else to any end), then for each outcome not yet
 * taken, the shortest way to its step, the outcome, and the shortest way on to an end. Used to walk
 * every procedure of the catalog in tests and, later, to simulate a procedure before putting it in force.
 */
export function coveragePaths(def: ProcedureDefinition): CoveragePath[] {
  const steps = new Map(def.steps.map((s) => [s.id, s]));
  const edges = (id: string) => edgesOf(steps.get(id)!);

  /** Shortest moves from a step to any end (preferring `completed` when `preferCompleted`). */
  const toEnd = (from: string, preferCompleted: boolean): { moves: PathMove[]; ends: EndOutcome } | null => {
    const queue: Array<{ at: string; moves: PathMove[] }> = [{ at: from, moves: [] }];
    const seen = new Set([from]);
    let fallback: { moves: PathMove[]; ends: EndOutcome } | null = null;
    while (queue.length > 0) {
      const { at, moves } = queue.shift()!;
      for (const edge of edges(at)) {
        const next = [...moves, { stepId: at, outcomeId: edge.outcomeId }];
        if (edge.end) {
          if (!preferCompleted || edge.end === "completed") return { moves: next, ends: edge.end };
          fallback ??= { moves: next, ends: edge.end };
        } else if (edge.to && !seen.has(edge.to)) {
          seen.add(edge.to);
          queue.push({ at: edge.to, moves: next });
        }
      }
    }
    return fallback;
  };

  /** Shortest moves from the start to the point of entering `target` (not completing it). */
  const toStep = (target: string): PathMove[] | null => {
    if (target === def.start) return [];
    const queue: Array<{ at: string; moves: PathMove[] }> = [{ at: def.start, moves: [] }];
    const seen = new Set([def.start]);
    while (queue.length > 0) {
      const { at, moves } = queue.shift()!;
      for (const edge of edges(at)) {
        if (!edge.to || seen.has(edge.to)) continue;
        const next = [...moves, { stepId: at, outcomeId: edge.outcomeId }];
        if (edge.to === target) return next;
        seen.add(edge.to);
        queue.push({ at: edge.to, moves: next });
      }
    }
    return null;
  };

  const paths: CoveragePath[] = [];
  const main = toEnd(def.start, true);
  if (main) paths.push({ ...main, covers: null });
  const taken = (stepId: string, outcomeId: string) =>
    paths.some((p) => p.moves.some((m) => m.stepId === stepId && m.outcomeId === outcomeId));

  for (const step of def.steps) {
    for (const outcome of step.decision?.outcomes ?? []) {
      if (taken(step.id, outcome.id)) continue;
      const before = toStep(step.id);
      if (!before) continue;
      const move = { stepId: step.id, outcomeId: outcome.id };
      if (outcome.end) {
        paths.push({ moves: [...before, move], ends: outcome.end, covers: move });
        continue;
      }
      const after = toEnd(outcome.next!, true);
      if (after) paths.push({ moves: [...before, move, ...after.moves], ends: after.ends, covers: move });
    }
  }
  return paths;
}

/**
 * Form values that make a condition come out as wanted: what a walker types so that a rule
 * decision takes the outcome its path needs. Knowing the form's fields, a select field only ever
 * gets one of its options.
 */
export function valuesMaking(
  condition: Condition,
  want: boolean,
  fields: FormField[] = [],
): Record<string, unknown> {
  const making = (c: Condition, w: boolean) => valuesMaking(c, w, fields);
  if ("all" in condition) {
    if (want) return Object.assign({}, ...condition.all.map((c) => making(c, true)));
    const [first, ...rest] = condition.all;
    return Object.assign({}, ...rest.map((c) => making(c, true)), making(first!, false));
  }
  if ("any" in condition) {
    if (!want) return Object.assign({}, ...condition.any.map((c) => making(c, false)));
    const [first, ...rest] = condition.any;
    return Object.assign({}, ...rest.map((c) => making(c, false)), making(first!, true));
  }
  if ("not" in condition) return making(condition.not, !want);
  const c = condition;
  const options = fields.find((f) => f.id === c.field)?.options?.map((o) => o.value);
  const otherOption = (excluded: Array<string | number | boolean>) =>
    options?.find((o) => !excluded.includes(o));
  let value: unknown;
  if (c.equals !== undefined) {
    const other =
      typeof c.equals === "number"
        ? c.equals + 1
        : typeof c.equals === "boolean"
          ? !c.equals
          : `${c.equals}-autre`;
    value = want ? c.equals : (otherOption([c.equals]) ?? other);
  } else if (c.in !== undefined) {
    value = want ? c.in[0] : (otherOption(c.in) ?? "hors-liste");
  } else if (c.gte !== undefined) {
    value = want ? c.gte : c.gte - 1;
  } else if (c.gt !== undefined) {
    value = want ? c.gt + 1 : c.gt;
  } else if (c.lte !== undefined) {
    value = want ? c.lte : c.lte + 1;
  } else if (c.lt !== undefined) {
    value = want ? c.lt - 1 : c.lt;
  }
  return { [c.field]: value };
}
