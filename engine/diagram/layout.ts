import elkModule from "elkjs/lib/elk.bundled.js";
import type { ELK as ElkApi } from "elkjs/lib/elk-api.js";
import type { Deadline, EndOutcome, ProcedureDefinition, ProvenanceMark } from "../definition/schema.js";

/**
 * The geometry of a procedure's logigramme, shared by every drawing of it (SVG, BPMN diagram
 * interchange): one horizontal lane per actor, the flow running left to right. ELK's layered
 * algorithm orders the nodes along the flow; lanes then place them vertically.
 */

export type NodeKind = "start" | "task" | "decision" | "fork" | "end";

export interface DiagramNode {
  id: string;
  kind: NodeKind;
  /** The step a task, decision or fork belongs to. */
  stepId: string | null;
  label: string;
  /** Actor code of the lane it sits in. */
  lane: string;
  /** How the case ends, for end nodes. */
  outcome: EndOutcome | null;
  deadline: string | null;
  /** The step was reconstructed or inferred rather than read in the manual's chart. */
  mark: ProvenanceMark | null;
  /** A call activity: the procedure the step starts, drawn as a collapsed sub-process. */
  call?: { procedure: string; wait: boolean };
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DiagramEdge {
  id: string;
  from: string;
  to: string;
  /** The decision outcome's label (OUI, NON…), or null for a plain sequence. */
  label: string | null;
  outcomeId: string | null;
  /** The outcome was inferred rather than drawn by the manual's chart. */
  mark: ProvenanceMark | null;
  /** Goes back against the flow: a loop. */
  back: boolean;
  points: Array<{ x: number; y: number }>;
}

export interface DiagramLane {
  actor: string;
  title: string;
  y: number;
  height: number;
}

export interface ProcedureLayout {
  lanes: DiagramLane[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  width: number;
  height: number;
  /** Width of the lane headers on the left, where actor titles are written. */
  headerWidth: number;
}

const SIZE: Record<NodeKind, { width: number; height: number }> = {
  start: { width: 36, height: 36 },
  end: { width: 36, height: 36 },
  task: { width: 170, height: 64 },
  decision: { width: 56, height: 56 },
  fork: { width: 56, height: 56 },
};
// elkjs is CommonJS: under Node's ESM interop its constructor is the default export itself,
// under bundlers it may sit on `.default`.
type ElkConstructor = new () => ElkApi;
const ELK = ((elkModule as unknown as { default?: ElkConstructor }).default ??
  elkModule) as unknown as ElkConstructor;

const HEADER = 150;
const LANE_PADDING = 24;
const ROW_GAP = 20;

const OUTCOME_LABEL: Record<EndOutcome, string> = {
  completed: "Fin",
  rejected: "Rejet",
  cancelled: "Annulation",
};

/** The délai as the manual writes it. */
export function deadlineText(deadline: Deadline | undefined): string | null {
  if (!deadline) return null;
  if ("businessDays" in deadline)
    return `${deadline.businessDays} jour${deadline.businessDays > 1 ? "s" : ""} ouvré${deadline.businessDays > 1 ? "s" : ""}`;
  if ("hours" in deadline) return `${deadline.hours} h ouvrée${deadline.hours > 1 ? "s" : ""}`;
  if ("calendarDays" in deadline)
    return `${deadline.calendarDays} jour${deadline.calendarDays > 1 ? "s" : ""}`;
  if ("months" in deadline) return `${deadline.months} mois`;
  if ("fromField" in deadline) return `Date saisie (${deadline.fromField})`;
  return deadline.note ? `Selon le cas (${deadline.note})` : "Fixé à l'action";
}

/** Nodes and edges before placement: the logigramme's graph. */
export function procedureGraph(def: ProcedureDefinition): {
  nodes: Array<Omit<DiagramNode, "x" | "y">>;
  edges: Array<Omit<DiagramEdge, "points" | "back">>;
} {
  const nodes: Array<Omit<DiagramNode, "x" | "y">> = [];
  const edges: Array<Omit<DiagramEdge, "points" | "back">> = [];
  const laneOf = new Map(def.steps.map((s) => [s.id, s.actor]));
  const node = (n: Omit<DiagramNode, "x" | "y" | "width" | "height" | "mark"> & { mark?: ProvenanceMark }) =>
    nodes.push({ ...n, mark: n.mark ?? null, ...SIZE[n.kind] });
  const edge = (
    from: string,
    to: string,
    label: string | null = null,
    outcomeId: string | null = null,
    mark: ProvenanceMark | null = null,
  ) => edges.push({ id: `flow-${edges.length + 1}`, from, to, label, outcomeId, mark });
  const ends = new Map<EndOutcome, string>();
  const endNode = (outcome: EndOutcome, lane: string) => {
    const existing = ends.get(outcome);
    if (existing) return existing;
    const id = `end-${outcome}`;
    node({ id, kind: "end", stepId: null, label: OUTCOME_LABEL[outcome], lane, outcome, deadline: null });
    ends.set(outcome, id);
    return id;
  };

  node({
    id: "start",
    kind: "start",
    stepId: null,
    label: "Début",
    lane: laneOf.get(def.start)!,
    outcome: null,
    deadline: null,
  });
  edge("start", `task-${def.start}`);
  for (const step of def.steps) {
    const task = `task-${step.id}`;
    node({
      id: task,
      kind: "task",
      stepId: step.id,
      label: step.title,
      lane: step.actor,
      outcome: null,
      deadline: deadlineText(step.deadline),
      ...(step.mark ? { mark: step.mark } : {}),
      ...(step.call ? { call: { procedure: step.call.procedure, wait: step.call.wait } } : {}),
    });
    if (step.next) edge(task, `task-${step.next}`);
    if (step.end) edge(task, endNode(step.end, step.actor));
    if (step.decision) {
      const gateway = `decision-${step.id}`;
      node({
        id: gateway,
        kind: "decision",
        stepId: step.id,
        label: step.decision.question,
        lane: step.actor,
        outcome: null,
        deadline: null,
      });
      edge(task, gateway);
      for (const o of step.decision.outcomes) {
        edge(gateway, o.next ? `task-${o.next}` : endNode(o.end!, step.actor), o.label, o.id, o.mark ?? null);
      }
    }
    if (step.parallel) {
      const fork = `fork-${step.id}`;
      node({
        id: fork,
        kind: "fork",
        stepId: step.id,
        label: "",
        lane: step.actor,
        outcome: null,
        deadline: null,
      });
      edge(task, fork);
      for (const branch of step.parallel.branches) edge(fork, `task-${branch}`);
    }
  }
  return { nodes, edges };
}

export async function layoutProcedure(def: ProcedureDefinition): Promise<ProcedureLayout> {
  const graph = procedureGraph(def);
  const elk = new ELK();
  const laid = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": "40",
      "elk.layered.spacing.nodeNodeBetweenLayers": "60",
      "elk.layered.cycleBreaking.strategy": "DEPTH_FIRST",
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: graph.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  });
  const xOf = new Map((laid.children ?? []).map((c) => [c.id, c.x ?? 0]));

  // Lanes in the order their actors first act; within a lane, nodes overlapping along the flow
  // are stacked in rows so that nothing is drawn over anything else.
  const actorOrder: string[] = [];
  for (const n of [...graph.nodes].sort((a, b) => xOf.get(a.id)! - xOf.get(b.id)!)) {
    if (!actorOrder.includes(n.lane)) actorOrder.push(n.lane);
  }
  for (const actor of Object.keys(def.actors)) {
    if (!actorOrder.includes(actor) && def.steps.some((s) => s.actor === actor)) actorOrder.push(actor);
  }

  const nodes: DiagramNode[] = [];
  const lanes: DiagramLane[] = [];
  let laneTop = 0;
  for (const actor of actorOrder) {
    const members = graph.nodes
      .filter((n) => n.lane === actor)
      .sort((a, b) => xOf.get(a.id)! - xOf.get(b.id)!);
    const rows: Array<number> = []; // right edge of the last node of each row
    const rowOf = new Map<string, number>();
    for (const n of members) {
      const x = HEADER + xOf.get(n.id)!;
      let row = rows.findIndex((right) => right + 20 <= x);
      if (row === -1) {
        row = rows.length;
        rows.push(0);
      }
      rows[row] = x + n.width;
      rowOf.set(n.id, row);
    }
    const rowHeight = SIZE.task.height + ROW_GAP;
    const height = LANE_PADDING * 2 + Math.max(1, rows.length) * rowHeight - ROW_GAP;
    for (const n of members) {
      const rowTop = laneTop + LANE_PADDING + rowOf.get(n.id)! * rowHeight;
      nodes.push({ ...n, x: HEADER + xOf.get(n.id)!, y: rowTop + (SIZE.task.height - n.height) / 2 });
    }
    lanes.push({ actor, title: def.actors[actor]?.title ?? actor, y: laneTop, height });
    laneTop += height;
  }

  const byId = new Map(nodes.map((n) => [n.id, n]));
  const width = Math.max(...nodes.map((n) => n.x + n.width)) + 40;
  let detour = laneTop + 10;
  // A gateway's forward flows leave by different sides (right, bottom, top) so that their outcome
  // labels never sit on top of each other. The flow whose target is most level with the diamond
  // leaves by the right; one going lower by the bottom, one going higher by the top. Handing the
  // sides out in the order of the outcomes instead made a lower flow climb back to the level of the
  // right-hand one and continue its line, so that « Oui » read as the label of the « Non » flow.
  const exitIndex = new Map<string, number>();
  const edgeTarget = (id: string) => graph.edges.find((e) => e.id === id)!.to;
  for (const gatewayNode of byId.values()) {
    if (gatewayNode.kind !== "decision" && gatewayNode.kind !== "fork") continue;
    const gy = gatewayNode.y + gatewayNode.height / 2;
    const forward = graph.edges
      .filter((e) => e.from === gatewayNode.id && byId.get(e.to)!.x > gatewayNode.x + gatewayNode.width)
      .map((e) => {
        const b = byId.get(e.to)!;
        return { id: e.id, dy: b.y + b.height / 2 - gy };
      });
    const free = new Set([0, 1, 2]);
    const take = (id: string, side: number) => {
      exitIndex.set(id, side);
      free.delete(side);
    };
    const level = [...forward].sort(
      (p, q) =>
        Math.abs(p.dy) - Math.abs(q.dy) || byId.get(edgeTarget(p.id))!.x - byId.get(edgeTarget(q.id))!.x,
    )[0];
    if (level) take(level.id, 0);
    const rest = forward.filter((f) => f !== level);
    const lowest = [...rest].filter((f) => f.dy > 0).sort((p, q) => q.dy - p.dy)[0];
    if (lowest) take(lowest.id, 1);
    const highest = [...rest].filter((f) => f.dy < 0).sort((p, q) => p.dy - q.dy)[0];
    if (highest) take(highest.id, 2);
    for (const f of rest) {
      if (exitIndex.has(f.id)) continue;
      const side = [...free][0];
      // More than three forward flows: the extra ones share the right side.
      take(f.id, side ?? 0);
    }
  }
  const edges: DiagramEdge[] = graph.edges.map((e) => {
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    const ay = a.y + a.height / 2;
    const by = b.y + b.height / 2;
    const cx = a.x + a.width / 2;
    if (b.x > a.x + a.width) {
      const midX = (a.x + a.width + b.x) / 2;
      const index = exitIndex.get(e.id) ?? 0;
      if (index === 1 || index === 2) {
        const down = index === 1;
        const side = down ? a.y + a.height : a.y;
        const clear = down ? by > side + 10 : by < side - 10;
        const points = clear
          ? [
              { x: cx, y: side },
              { x: cx, y: by },
              { x: b.x, y: by },
            ]
          : [
              // Turning next to the target rather than halfway: the right-hand flow's first
              // segment, where its label sits, is then not crossed.
              { x: cx, y: side },
              { x: cx, y: side + (down ? 18 : -18) },
              { x: b.x - 12, y: side + (down ? 18 : -18) },
              { x: b.x - 12, y: by },
              { x: b.x, y: by },
            ];
        return { ...e, back: false, points };
      }
      const points = [
        { x: a.x + a.width, y: ay },
        { x: midX, y: ay },
        { x: midX, y: by },
        { x: b.x, y: by },
      ];
      return { ...e, back: false, points };
    }
    // A loop: leave from the bottom, run under the lanes, come back up into the target.
    detour += 14;
    const points = [
      { x: cx, y: a.y + a.height },
      { x: cx, y: detour },
      { x: b.x + b.width / 2, y: detour },
      { x: b.x + b.width / 2, y: b.y + b.height },
    ];
    return { ...e, back: true, points };
  });
  return { lanes, nodes, edges, width, height: Math.max(laneTop, detour) + 20, headerWidth: HEADER };
}
