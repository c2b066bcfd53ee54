import elkModule from "elkjs/lib/elk.bundled.js";
import type { ELK as ElkApi, ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";
import type { ProcedureDefinition } from "../definition/schema.js";
import { type DiagramEdge, type DiagramNode, procedureGraph } from "./layout.js";
import { textWidth, wrap } from "./svg.js";

/**
 * The logigramme laid out for paper, as the manuals draw theirs: one vertical chain read top to
 * bottom, each activity's actor written in its box, decisions branching sideways. Every text is
 * sized for print at one CSS pixel per pixel (10 px is 7.5 pt): the page never has to shrink the
 * drawing, so nothing prints under 7 pt. A chain taller than a page is cut between two ranks of
 * boxes (`printPages`), the flows that cross the cut ending on numbered connectors.
 */

export const PRINT_TEXT = {
  actor: 10.5,
  label: 11,
  deadline: 10,
  question: 10.5,
  outcome: 10.5,
  event: 10.5,
  connector: 10,
  number: 10,
} as const;

export const PRINT_LINE = { label: 13.5, deadline: 12.5, question: 12.5, outcome: 12.5 } as const;

/** Task widths tried in turn until the drawing fits the page's width. */
const TASK_WIDTHS = [200, 170, 150] as const;
const TASK_PADDING = 6;
const OUTCOME_WIDTH = 120;

export interface PrintNode extends DiagramNode {
  /** The activity's number in the manual's table of the chain (« 3 »), for tasks. */
  number: string | null;
  /** Wrapped lines, already measured: the renderer draws them as they are. */
  lines: string[];
  deadlineLines: string[];
}

export interface PrintEdge extends Omit<DiagramEdge, "points"> {
  points: Array<{ x: number; y: number }>;
  labelBox: { x: number; y: number; width: number; height: number; lines: string[] } | null;
}

export interface PrintLayout {
  nodes: PrintNode[];
  edges: PrintEdge[];
  width: number;
  height: number;
}

type ElkConstructor = new () => ElkApi;
const ELK = ((elkModule as unknown as { default?: ElkConstructor }).default ??
  elkModule) as unknown as ElkConstructor;

function taskShape(label: string, deadline: string | null, width: number) {
  const inner = width - 2 * TASK_PADDING;
  const lines = wrap(label, inner, PRINT_TEXT.label, 5);
  const deadlineLines = deadline ? wrap(`Délai : ${deadline}`, inner, PRINT_TEXT.deadline, 2) : [];
  const height =
    TASK_PADDING +
    14 + // the actor and number line
    lines.length * PRINT_LINE.label +
    (deadlineLines.length > 0 ? 5 + deadlineLines.length * PRINT_LINE.deadline : 0) +
    TASK_PADDING;
  return { lines, deadlineLines, width, height };
}

/**
 * A decision is a flattened diamond holding its question: the text sits in the middle band, where
 * the diamond is wide enough for it, and the diamond grows with the question.
 */
function decisionShape(question: string) {
  const lines = wrap(question, 150, PRINT_TEXT.question, 4);
  const block = lines.length * PRINT_LINE.question;
  const textWide = Math.max(...lines.map((l) => textWidth(l, PRINT_TEXT.question)));
  // The diamond's width at the text block's top and bottom edges must hold the longest line.
  const height = Math.max(56, block * 2.2);
  const width = Math.max(120, (textWide + 12) / (1 - block / height));
  return { lines, deadlineLines: [], width: Math.ceil(width), height: Math.ceil(height) };
}

function eventShape(label: string) {
  return {
    lines: [label],
    deadlineLines: [],
    width: Math.ceil(textWidth(label, PRINT_TEXT.event) + 30),
    height: 28,
  };
}

/** The print layout, with narrower boxes when the widest does not fit `maxWidth` pixels. */
export async function layoutForPrint(
  def: ProcedureDefinition,
  maxWidth = Number.POSITIVE_INFINITY,
): Promise<PrintLayout> {
  let layout = await layoutWith(def, TASK_WIDTHS[0]);
  for (const width of TASK_WIDTHS.slice(1)) {
    if (layout.width <= maxWidth) break;
    layout = await layoutWith(def, width);
  }
  return layout;
}

async function layoutWith(def: ProcedureDefinition, taskWidth: number): Promise<PrintLayout> {
  const graph = procedureGraph(def);
  const numberOf = new Map(def.steps.map((s, i) => [s.id, String(i + 1)]));
  const shaped = graph.nodes.map((n) => {
    const shape =
      n.kind === "task"
        ? taskShape(n.label, n.deadline, taskWidth)
        : n.kind === "decision"
          ? decisionShape(n.label)
          : n.kind === "fork"
            ? { lines: [], deadlineLines: [], width: 40, height: 40 }
            : eventShape(n.label);
    return {
      ...n,
      ...shape,
      number: n.kind === "task" && n.stepId ? (numberOf.get(n.stepId) ?? null) : null,
    };
  });
  const labelShape = (label: string) => {
    const lines = wrap(label, OUTCOME_WIDTH, PRINT_TEXT.outcome, 3, true);
    return {
      lines,
      width: Math.ceil(Math.max(...lines.map((l) => textWidth(l, PRINT_TEXT.outcome, true))) + 6),
      height: Math.ceil(lines.length * PRINT_LINE.outcome + 3),
    };
  };
  const labels = new Map(graph.edges.filter((e) => e.label).map((e) => [e.id, labelShape(e.label!)]));
  const elk = new ELK();
  const root: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.spacing.nodeNode": "28",
      "elk.spacing.edgeNode": "14",
      "elk.spacing.edgeEdge": "10",
      "elk.spacing.edgeLabel": "3",
      "elk.layered.spacing.nodeNodeBetweenLayers": "22",
      "elk.layered.spacing.edgeNodeBetweenLayers": "20",
      "elk.layered.spacing.edgeEdgeBetweenLayers": "10",
      "elk.layered.cycleBreaking.strategy": "DEPTH_FIRST",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.nodePlacement.bk.fixedAlignment": "BALANCED",
      "elk.padding": "[top=6,left=6,bottom=6,right=6]",
    },
    children: shaped.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: graph.edges.map((e) => {
      return { id: e.id, sources: [e.from], targets: [e.to] };
    }),
  };
  const laid = await elk.layout(root);
  const placed = new Map((laid.children ?? []).map((c: ElkNode) => [c.id, c]));
  const nodes: PrintNode[] = shaped.map((n) => {
    const c = placed.get(n.id)!;
    return { ...n, x: c.x ?? 0, y: c.y ?? 0 };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const laidEdges = new Map((laid.edges ?? []).map((e: ElkExtendedEdge) => [e.id, e]));
  const edges: PrintEdge[] = graph.edges.map((e) => {
    const section = laidEdges.get(e.id)!.sections?.[0];
    const points = section
      ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x, y: p.y }))
      : [];
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    // ELK attaches flows to a diamond's bounding box: bring their ends onto the diamond itself.
    if (points.length >= 2) {
      points[0] = ontoDiamond(from, points[0]!, points[1]!);
      points[points.length - 1] = ontoDiamond(to, points.at(-1)!, points.at(-2)!);
    }
    // A flow that arrives higher than it leaves goes back up the chain: a loop, drawn dashed.
    const back = to.y < from.y;
    return { ...e, back, points, labelBox: null };
  });
  // Labels one after the other, each in the first place that meets no box and no label already
  // placed (the source diamond's own box excepted: the label sits under its slanted edge).
  const placedLabels: Box[] = [];
  for (const edge of edges) {
    const shape = labels.get(edge.id);
    if (!shape || edge.points.length < 2) continue;
    const others = nodes.filter((n) => n.id !== edge.from);
    const free = (box: Box) => !others.some((n) => meets(n, box)) && !placedLabels.some((b) => meets(b, box));
    const places = labelPlaces(byId.get(edge.from)!, edge.points, shape);
    const chosen = places.find(free) ?? places[0]!;
    edge.labelBox = chosen;
    placedLabels.push(chosen);
  }
  return { nodes, edges, width: laid.width ?? 0, height: laid.height ?? 0 };
}

type Point = { x: number; y: number };

function ontoDiamond(n: PrintNode, end: Point, next: Point): Point {
  if (n.kind !== "decision" && n.kind !== "fork") return end;
  const cx = n.x + n.width / 2;
  const cy = n.y + n.height / 2;
  const rise = (n.height / 2) * Math.max(0, 1 - Math.abs(end.x - cx) / (n.width / 2));
  const rim = (dx: number, dy: number) => ({
    dx: (n.width / 2) * Math.max(0, 1 - Math.abs(dy) / (n.height / 2)) * Math.sign(dx),
    dy,
  });
  if (end.x === next.x) return { x: end.x, y: end.y > cy ? cy + rise : cy - rise };
  // A flow leaving sideways: from the diamond's side at that height.
  const side = rim(end.x - cx, end.y - cy);
  return { x: cx + side.dx, y: end.y };
}

type LabelShape = { lines: string[]; width: number; height: number };
type Box = { x: number; y: number; width: number; height: number };

function meets(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Where an outcome's label may go, best first: beside the first segment of its flow on the outer
 * side (left of a flow leaving the left half of the diamond, right otherwise), just under the
 * diamond, so that it cannot read as another flow's label; then the inner side; then lower down.
 */
function labelPlaces(
  from: PrintNode,
  points: Point[],
  label: LabelShape,
): Array<NonNullable<PrintEdge["labelBox"]>> {
  const [a, b] = points as [Point, Point];
  const cx = from.x + from.width / 2;
  if (a.x !== b.x)
    return [a.y - 2 - label.height, a.y + 3].map((y) => ({ x: Math.min(a.x, b.x) + 4, y, ...label }));
  const top = Math.min(a.y, b.y) + 1;
  const outerLeft = a.x < cx - 1;
  const left = a.x - 3 - label.width;
  const right = a.x + 3;
  const [outer, inner] = outerLeft ? [left, right] : [right, left];
  const step = label.height + 2;
  return [top, top + step, top + 2 * step, top + 3 * step].flatMap((y) => [
    { x: outer, y, ...label },
    { x: inner, y, ...label },
  ]);
}
