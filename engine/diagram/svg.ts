import type { ProcedureDefinition } from "../definition/schema.js";
import { escapeMarkup } from "../text/escapeMarkup.js";
import type { DiagramEdge, DiagramNode, ProcedureLayout } from "./layout.js";

/**
 * The logigramme as a standalone SVG 1.1 document: what the CLI prints, the manual embeds and the
 * web app shows. Print-friendly (black on white, dashes rather than colours for loops) and accessible.
 *
 * The manual inlines several of these in one HTML page, where a `<style>` and ids are global: every
 * selector is therefore scoped to `svg.lg-logigramme` and every id carries the procedure's id.
 */

const TITLE_HEIGHT = 48;
const LEGEND_HEIGHT = 40;

/**
 * Where a case stands, drawn over its procedure's logigramme: the steps done, the steps waiting now
 * and the flows the case went through. Step ids are the definition's; a transition goes from a
 * step id or `"start"` to a step id or an end written `end:<outcome>` (`end:completed`…).
 */
export interface DiagramHighlight {
  done: string[];
  current: string[];
  taken?: Array<[from: string, to: string]>;
}

type StepMark = "done" | "current" | null;
/** The one colour of a case's highlight: dark orange, readable on white and in grey when printed. */
const ACCENT = "#b35900";
const FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

const SIZE = {
  heading: 16,
  actor: 12,
  laneTitle: 11,
  label: 12,
  deadline: 10,
  question: 10.5,
  outcome: 10.5,
  event: 11,
  badge: 11,
  markBadge: 9.5,
  legend: 11,
} as const;

// Advance widths of DejaVu Sans (the widest of the fonts the stack may fall on), in ems: text is
// measured without a browser, so estimates err on the wide side and wrapped lines always fit.
const LOWERCASE: Record<string, number> = {
  a: 0.62,
  b: 0.64,
  c: 0.56,
  d: 0.64,
  e: 0.62,
  f: 0.36,
  g: 0.64,
  h: 0.64,
  i: 0.28,
  j: 0.28,
  k: 0.58,
  l: 0.28,
  m: 0.98,
  n: 0.64,
  o: 0.62,
  p: 0.64,
  q: 0.64,
  r: 0.42,
  s: 0.53,
  t: 0.4,
  u: 0.64,
  v: 0.6,
  w: 0.82,
  x: 0.6,
  y: 0.6,
  z: 0.53,
};

function charWidth(c: string): number {
  const base = c.normalize("NFD")[0] ?? c;
  if (base in LOWERCASE) return LOWERCASE[base]!;
  if (base === " ") return 0.32;
  if (base === "M" || base === "W") return 1.0;
  if (base === "I" || base === "J") return 0.36;
  if (/[A-Z]/.test(base)) return 0.76;
  if (/[0-9]/.test(base)) return 0.64;
  if (/[.,;:!'’|()[\]/-]/.test(base)) return 0.4;
  return 0.84;
}

/** Estimated width in pixels of a line of text; bold glyphs are about a tenth wider. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let ems = 0;
  for (const c of text) ems += charWidth(c);
  return ems * fontSize * (bold ? 1.1 : 1);
}

function cut(word: string, maxWidth: number, fontSize: number, bold: boolean): string {
  let kept = word;
  while (kept.length > 1 && textWidth(`${kept}…`, fontSize, bold) > maxWidth) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/**
 * Greedy word wrap to a width in pixels. Past the last allowed line the text is cut with an
 * ellipsis, so that a drawing never shows a label running out of its box.
 */
export function wrap(
  text: string,
  maxWidth: number,
  fontSize: number,
  maxLines: number,
  bold = false,
): string[] {
  const fits = (s: string) => textWidth(s, fontSize, bold) <= maxWidth;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate) || !line) {
      line = candidate;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const kept = lines.slice(0, maxLines).map((l) => (fits(l) ? l : cut(l, maxWidth, fontSize, bold)));
  if (lines.length > maxLines) {
    const last = kept[maxLines - 1]!;
    kept[maxLines - 1] = fits(`${last}…`) ? `${last}…` : cut(last, maxWidth, fontSize, bold);
  }
  return kept;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Lines whose block is vertically centred on `y` (baselines shifted by a third of the font size). */
function text(
  x: number,
  y: number,
  lines: string[],
  cls: string,
  size: number,
  lineHeight: number,
  anchor = "middle",
) {
  const first = y - ((lines.length - 1) * lineHeight) / 2 + size / 3;
  const spans = lines
    .map((l, i) => `<tspan x="${round(x)}" y="${round(first + i * lineHeight)}">${escapeMarkup(l)}</tspan>`)
    .join("");
  return `<text class="${cls}" text-anchor="${anchor}">${spans}</text>`;
}

/**
 * A label that floats over the flows (outcome, question): a white plate under it keeps it readable
 * where a line crosses it. `top` is the top of the block.
 */
function plate(
  x: number,
  top: number,
  lines: string[],
  cls: string,
  size: number,
  lineHeight: number,
  anchor: "start" | "middle",
  bold = false,
): string {
  const width = Math.max(...lines.map((l) => textWidth(l, size, bold))) + 4;
  const height = lines.length * lineHeight + 2;
  const left = anchor === "middle" ? x - width / 2 : x - 2;
  const background = `<rect x="${round(left)}" y="${round(top)}" width="${round(width)}" height="${round(height)}" class="lg-plate"/>`;
  return `${background}${text(x, top + height / 2, lines, cls, size, lineHeight, anchor)}`;
}

const TASK_PADDING = 8;

/** How a mark reads, for a step or an outcome (both feminine in French: « étape », « issue »). */
const MARK_WORD = { reconstructed: "reconstituée", inferred: "déduite" } as const;

/** A small pill astride the top edge of a marked step's box, on the right: « déduite ». */
function markBadge(n: DiagramNode): string {
  const word = MARK_WORD[n.mark!.kind];
  const width = textWidth(word, SIZE.markBadge, true) + 8;
  const x = n.x + n.width - width - 8;
  const y = n.y - 7;
  return `<rect x="${round(x)}" y="${round(y)}" width="${round(width)}" height="13" rx="6.5" ry="6.5" class="lg-mark-badge"/><text x="${round(x + width / 2)}" y="${round(y + 9.8)}" text-anchor="middle" class="lg-mark-badge">${word}</text>`;
}

function task(n: DiagramNode, mark: StepMark): string {
  const cx = n.x + n.width / 2;
  const inner = n.width - 2 * TASK_PADDING;
  // The délai is written inside the box, under the title and a hairline: under the box it would be
  // crossed by the loops that arrive at or leave from the box's bottom. A short title leaves it two lines.
  const fullTitle = wrap(n.label, inner, SIZE.label, 3);
  const deadlineLines = n.deadline
    ? wrap(`Délai : ${n.deadline}`, inner, SIZE.deadline, fullTitle.length <= 2 ? 2 : 1)
    : [];
  const band = deadlineLines.length === 0 ? 0 : 4 + deadlineLines.length * 11.5;
  const lines = band > 16 ? wrap(n.label, inner, SIZE.label, 2) : fullTitle;
  const separator = n.y + n.height - band;
  const deadline = band
    ? `<line x1="${round(n.x + 6)}" y1="${round(separator)}" x2="${round(n.x + n.width - 6)}" y2="${round(separator)}" class="lg-hairline"/>${text(cx, separator + band / 2, deadlineLines, "lg-deadline", SIZE.deadline, 11.5)}`
    : "";
  const lineHeight = band ? 13.5 : 14.5;
  const label = text(cx, n.y + (n.height - band) / 2, lines, "lg-label", SIZE.label, lineHeight);
  const state = mark === "done" ? " (étape faite)" : mark === "current" ? " (étape en cours)" : "";
  const provenance = n.mark ? ` — étape ${MARK_WORD[n.mark.kind]} : ${n.mark.note}` : "";
  const called = n.call
    ? ` — appelle la procédure « ${n.call.procedure} »${n.call.wait ? " et attend sa fin" : ""}`
    : "";
  const tooltip = `${n.deadline ? `${n.label} — délai : ${n.deadline}` : n.label}${state}${called}${provenance}`;
  const cls = mark ? `lg-task lg-${mark}` : "lg-task";
  const rectCls = n.mark ? `${cls} lg-marked` : cls;
  return `<g class="${cls}" data-step="${escapeMarkup(n.stepId ?? "")}"><title>${escapeMarkup(tooltip)}</title><rect x="${round(n.x)}" y="${round(n.y)}" width="${n.width}" height="${n.height}" rx="8" ry="8" class="${rectCls}"/>${label}${deadline}${n.call ? collapsedMarker(n) : ""}${n.mark ? markBadge(n) : ""}</g>`;
}

/** BPMN's collapsed sub-process: a small boxed « + » at the bottom of a call activity's box. */
function collapsedMarker(n: DiagramNode): string {
  const x = n.x + n.width / 2 - 6;
  const y = n.y + n.height - 14;
  // A group of its own: the marker is part of the step's drawing, not another box in it.
  return `<g class="lg-call-marker" data-calls="${escapeMarkup(n.call!.procedure)}"><rect x="${round(x)}" y="${round(y)}" width="12" height="12"/><path d="M${round(x + 3)},${round(y + 6)} H${round(x + 9)} M${round(x + 6)},${round(y + 3)} V${round(y + 9)}"/></g>`;
}

function gateway(n: DiagramNode): string {
  const cx = n.x + n.width / 2;
  const cy = n.y + n.height / 2;
  const points = [
    [cx, n.y],
    [n.x + n.width, cy],
    [cx, n.y + n.height],
    [n.x, cy],
  ]
    .map(([x, y]) => `${round(x!)},${round(y!)}`)
    .join(" ");
  if (n.kind === "fork") {
    const mark = `<path d="M${round(cx - 11)},${round(cy)} H${round(cx + 11)} M${round(cx)},${round(cy - 11)} V${round(cy + 11)}" class="lg-mark"/>`;
    return `<g class="lg-fork" data-fork-of="${escapeMarkup(n.stepId ?? "")}"><title>Activités en parallèle</title><polygon points="${points}" class="lg-gateway"/>${mark}</g>`;
  }
  const mark = text(cx, cy, ["?"], "lg-mark-text", 16, 16);
  return `<g class="lg-decision" data-decision-of="${escapeMarkup(n.stepId ?? "")}"><title>${escapeMarkup(n.label)}</title><polygon points="${points}" class="lg-gateway"/>${mark}</g>`;
}

/**
 * The decision's question, above its diamond, drawn after the flows so that none hides it. When an
 * outcome's flow rises above the diamond (by the top, or turning up just after it), the question
 * moves to the left so as not to sit on that line.
 */
function question(n: DiagramNode, edges: DiagramEdge[]): string {
  const cx = n.x + n.width / 2;
  const upward = edges.some((e) => e.from === n.id && !e.back && e.points.some((p) => p.y < n.y));
  const lines = wrap(n.label, upward ? 160 : 200, SIZE.question, 2);
  const lineHeight = 12;
  const height = lines.length * lineHeight + 2;
  const top = n.y - 3 - height;
  const body = upward
    ? plate(
        cx - 6 - Math.max(...lines.map((l) => textWidth(l, SIZE.question))),
        top,
        lines,
        "lg-question",
        SIZE.question,
        lineHeight,
        "start",
      )
    : plate(cx, top, lines, "lg-question", SIZE.question, lineHeight, "middle");
  return `<g class="lg-question" data-question-of="${escapeMarkup(n.stepId ?? "")}">${body}</g>`;
}

function event(n: DiagramNode): string {
  const cx = n.x + n.width / 2;
  const cy = n.y + n.height / 2;
  const label = text(cx, n.y + n.height + 10, [n.label], "lg-event", SIZE.event, 13);
  if (n.kind === "start")
    return `<g class="lg-start"><circle cx="${round(cx)}" cy="${round(cy)}" r="${n.width / 2 - 1}" class="lg-start"/>${label}</g>`;
  return `<g class="lg-end" data-outcome="${escapeMarkup(n.outcome ?? "")}"><circle cx="${round(cx)}" cy="${round(cy)}" r="${n.width / 2 - 2}" class="lg-end"/>${label}</g>`;
}

function node(n: DiagramNode, mark: StepMark): string {
  switch (n.kind) {
    case "task":
      return task(n, mark);
    case "decision":
    case "fork":
      return gateway(n);
    case "start":
    case "end":
      return event(n);
  }
}

function flow(e: DiagramEdge, arrow: string, taken: boolean): string {
  const d = e.points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)},${round(p.y)}`).join(" ");
  const cls = `lg-flow${e.back ? " lg-loop" : ""}${e.mark ? " lg-marked" : ""}${taken ? " lg-taken" : ""}`;
  // Which flow it is, for readers of the drawing (tests, the web app): the node it leaves and the
  // decision outcome it carries.
  const outcome = e.outcomeId ? ` data-outcome="${escapeMarkup(e.outcomeId)}"` : "";
  return `<path d="${d}" class="${cls}" marker-end="url(#${taken ? `${arrow}-taken` : arrow})" data-from="${escapeMarkup(e.from)}"${outcome}/>`;
}

/** The diagram node a highlight's transition end names. */
function nodeIdOf(ref: string): string {
  if (ref === "start") return "start";
  if (ref.startsWith("end:")) return `end-${ref.slice(4)}`;
  return `task-${ref}`;
}

/**
 * The flows a case went through. A transition from a step with a decision or a fork is drawn as two
 * flows, into the diamond and out of it towards the target.
 */
function takenFlows(edges: DiagramEdge[], taken: Array<[string, string]>): Set<string> {
  const ids = new Set<string>();
  for (const [from, to] of taken) {
    const source = nodeIdOf(from);
    const target = nodeIdOf(to);
    for (const e of edges) if (e.from === source && e.to === target) ids.add(e.id);
    for (const gateway of [`decision-${from}`, `fork-${from}`]) {
      const out = edges.filter((e) => e.from === gateway && e.to === target);
      if (out.length === 0) continue;
      for (const e of out) ids.add(e.id);
      for (const e of edges) if (e.from === source && e.to === gateway) ids.add(e.id);
    }
  }
  return ids;
}

/** The key to the marks, under the lanes, when some step or outcome is reconstructed or inferred. */
function marksLegend(top: number): string {
  const y = top + 10;
  const label = (x: number, words: string) => text(x, y + 9, [words], "lg-legend", SIZE.legend, 13, "start");
  return `<g class="lg-legend lg-marks-legend"><rect x="10" y="${y}" width="28" height="18" rx="4" ry="4" class="lg-task lg-marked"/>${label(44, "Étape reconstituée ou déduite, à faire valider (note dans le manuel)")}<path d="M470,${y + 9} H510" class="lg-flow lg-marked"/>${label(518, "Issue déduite")}</g>`;
}

/** The key to a case's highlight, under the lanes. */
function legend(top: number): string {
  const y = top + 10;
  const box = (x: number, cls: string) =>
    `<rect x="${x}" y="${y}" width="28" height="18" rx="4" ry="4" class="lg-task ${cls}"/>`;
  const label = (x: number, words: string) => text(x, y + 9, [words], "lg-legend", SIZE.legend, 13, "start");
  return `<g class="lg-legend">${box(10, "lg-done")}${label(44, "Étape faite")}${box(150, "lg-current")}${label(184, "Étape en cours")}<path d="M300,${y + 9} H340" class="lg-flow lg-taken"/>${label(348, "Chemin suivi")}</g>`;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function segmentMeetsBox(p: { x: number; y: number }, q: { x: number; y: number }, box: Box): boolean {
  // Flows are drawn with horizontal and vertical segments only.
  const [x1, x2] = [Math.min(p.x, q.x), Math.max(p.x, q.x)];
  const [y1, y2] = [Math.min(p.y, q.y), Math.max(p.y, q.y)];
  return x2 >= box.x && x1 <= box.x + box.width && y2 >= box.y && y1 <= box.y + box.height;
}

function boxesMeet(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The outcome's label against the flow's first segment, just after the diamond. Several places
 * are tried in turn (above or below a flow leaving by the right, right or left of one leaving by
 * the top or bottom), narrow and wide: the first where the whole label fits without crossing
 * another flow or a box wins, so that a label never reads as the answer of another outcome's line.
 */
function outcomeLabel(e: DiagramEdge, nodes: DiagramNode[], edges: DiagramEdge[]): string {
  if (!e.label) return "";
  const [a, b] = e.points as [{ x: number; y: number }, { x: number; y: number }];
  const lineHeight = 12;
  const size = SIZE.outcome;
  const horizontal = a.y === b.y;
  const turnsUp = horizontal && e.points[2] !== undefined && e.points[2].y < b.y;
  const down = !horizontal && b.y > a.y;
  const others = edges.filter((o) => o.id !== e.id);
  const obstacles = nodes.map((n) => ({ x: n.x - 1, y: n.y - 1, width: n.width + 2, height: n.height + 2 }));
  // A start or end event's name is written under its circle: a label must not cover it either.
  for (const n of nodes.filter((node) => node.kind === "start" || node.kind === "end")) {
    const width = textWidth(n.label, SIZE.event, false) + 4;
    obstacles.push({ x: n.x + n.width / 2 - width / 2, y: n.y + n.height, width, height: 16 });
  }
  const crosses = (box: Box) =>
    others.some((o) => o.points.some((p, i) => i > 0 && segmentMeetsBox(o.points[i - 1]!, p, box))) ||
    e.points.slice(1).some((p, i) => i > 0 && segmentMeetsBox(e.points[i]!, p, box)) ||
    obstacles.some((n) => boxesMeet(n, box));
  type Place = { left: number; top: number; lines: string[]; width: number; height: number };
  const places: Place[] = [];
  const widths = horizontal ? [110, 80, 150, 60] : [110, 150, 80];
  const shapes = widths.flatMap((w) =>
    [1, 2, 3].map((n) => wrap(e.label!, w, size, n, true)).filter((l) => !l.some((t) => t.endsWith("…"))),
  );
  for (const lines of shapes) {
    const width = Math.max(...lines.map((l) => textWidth(l, size, true))) + 4;
    const height = lines.length * lineHeight + 2;
    const add = (left: number, top: number) => places.push({ left, top, lines, width, height });
    if (horizontal) {
      const above = a.y - 2 - height;
      const below = a.y + 3;
      // The side the flow does not turn to first: the label can run past the turn there.
      for (const top of turnsUp ? [below, above] : [above, below]) add(a.x + 2, top);
    } else {
      // Lower down the segment when there is room: a box beside the diamond may reach its foot.
      const length = Math.abs(b.y - a.y);
      for (const shift of [2, 10, 18].filter((d) => d === 2 || d + height <= length)) {
        const top = down ? a.y + shift : a.y - shift - height;
        add(a.x + 3, top);
        add(a.x - 3 - width, top);
      }
      // A short first segment turning right: along the second one, above or below.
      const c = e.points[2];
      if (c && c.y === b.y && c.x > b.x) for (const top of [b.y - 2 - height, b.y + 3]) add(b.x + 2, top);
    }
  }
  const fallback = wrap(e.label, 110, size, 2, true);
  const chosen = places.find((p) => !crosses({ x: p.left, y: p.top, width: p.width, height: p.height })) ?? {
    left: a.x + 2,
    top: horizontal ? a.y - 2 - (fallback.length * lineHeight + 2) : down ? a.y + 2 : a.y - 16,
    lines: fallback,
    width: 0,
    height: 0,
  };
  let body = plate(chosen.left + 2, chosen.top, chosen.lines, "lg-outcome", size, lineHeight, "start", true);
  if (e.mark) {
    body = body.replace('class="lg-plate"', 'class="lg-plate lg-marked"');
    body = `${body}<title>${escapeMarkup(`Issue ${MARK_WORD[e.mark.kind]} : ${e.mark.note}`)}</title>`;
  }
  return `<g class="lg-outcome" data-outcome="${escapeMarkup(e.outcomeId ?? "")}" data-from="${escapeMarkup(e.from)}">${body}</g>`;
}

function laneHeader(lane: ProcedureLayout["lanes"][number], headerWidth: number): string {
  const inner = headerWidth - 10 - 16;
  const code = wrap(lane.actor, inner, SIZE.actor, 1, true);
  const lineHeight = 13;
  const room = Math.max(1, Math.floor((lane.height - 34) / lineHeight));
  const title = wrap(lane.title, inner, SIZE.laneTitle, room);
  return [
    text(8, lane.y + 16, code, "lg-actor", SIZE.actor, 14, "start"),
    text(
      8,
      lane.y + 26 + (lane.height - 26) / 2,
      title,
      "lg-lane-title",
      SIZE.laneTitle,
      lineHeight,
      "start",
    ),
  ].join("");
}

function heading(def: ProcedureDefinition, width: number): string {
  const version = `version ${def.version}`;
  const badgeWidth = def.reconstructed ? textWidth("reconstitué", SIZE.badge, true) + 16 : 0;
  const room =
    width - 20 - textWidth(` — ${version}`, SIZE.heading, true) - (badgeWidth ? badgeWidth + 12 : 0);
  const title = wrap(def.title, Math.max(200, room), SIZE.heading, 1, true)[0]!;
  const line = `${title} — ${version}`;
  const heading = `<text x="10" y="30" class="lg-heading">${escapeMarkup(line)}</text>`;
  if (!def.reconstructed) return heading;
  const x = 10 + textWidth(line, SIZE.heading, true) + 12;
  return `${heading}<g class="lg-badge"><title>Logigramme reconstitué : à faire valider par les responsables du manuel</title><rect x="${round(x)}" y="15" width="${round(badgeWidth)}" height="20" rx="10" ry="10" class="lg-badge"/><text x="${round(x + badgeWidth / 2)}" y="29" text-anchor="middle" class="lg-badge">reconstitué</text></g>`;
}

/** The procedure's logigramme; with `highlight`, a case's progress over it and a legend under it. */
export function renderSvg(
  def: ProcedureDefinition,
  layout: ProcedureLayout,
  highlight?: DiagramHighlight,
): string {
  const width = Math.ceil(layout.width);
  const marked = layout.nodes.some((n) => n.mark) || layout.edges.some((e) => e.mark);
  const height = Math.ceil(
    layout.height + TITLE_HEIGHT + (highlight ? LEGEND_HEIGHT : 0) + (marked ? LEGEND_HEIGHT : 0),
  );
  const done = new Set(highlight?.done ?? []);
  const current = new Set(highlight?.current ?? []);
  const markOf = (n: DiagramNode): StepMark =>
    n.kind !== "task" || n.stepId === null
      ? null
      : current.has(n.stepId)
        ? "current"
        : done.has(n.stepId)
          ? "done"
          : null;
  const taken = takenFlows(layout.edges, highlight?.taken ?? []);
  const progress = highlight
    ? ` Chemin suivi par le dossier : ${done.size} activité${done.size > 1 ? "s" : ""} faite${done.size > 1 ? "s" : ""}${
        current.size > 0
          ? `, en cours : ${def.steps
              .filter((s) => current.has(s.id))
              .map((s) => escapeMarkup(s.title))
              .join(", ")}`
          : ""
      }.`
    : "";
  const ids = { title: `lg-${def.id}-title`, desc: `lg-${def.id}-desc`, arrow: `lg-${def.id}-arrow` };
  const actors = layout.lanes.map((l) => `${l.actor} (${l.title})`).join(", ");
  const lanes = layout.lanes
    .map(
      (lane, i) =>
        `<g class="lg-lane" data-actor="${escapeMarkup(lane.actor)}"><rect x="0" y="${round(lane.y)}" width="${width}" height="${round(lane.height)}" class="${i % 2 === 0 ? "lg-lane" : "lg-lane lg-alt"}"/><rect x="0" y="${round(lane.y)}" width="${layout.headerWidth - 10}" height="${round(lane.height)}" class="lg-header"/>${laneHeader(lane, layout.headerWidth)}</g>`,
    )
    .join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="lg-logigramme" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-labelledby="${ids.title} ${ids.desc}">
<title id="${ids.title}">${escapeMarkup(def.title)}</title>
<desc id="${ids.desc}">Logigramme de la procédure « ${escapeMarkup(def.title)} », version ${def.version}${def.reconstructed ? ", reconstitué" : ""} : ${def.steps.length} activités réparties entre ${layout.lanes.length} acteurs — ${escapeMarkup(actors)}.${progress}</desc>
<defs>
<marker id="${ids.arrow}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="strokeWidth" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#222222"/></marker>${
    highlight
      ? `\n<marker id="${ids.arrow}-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" markerUnits="strokeWidth" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${ACCENT}"/></marker>`
      : ""
  }
<style type="text/css">
svg.lg-logigramme text { font-family: ${FONT}; fill: #111111; }
svg.lg-logigramme .lg-heading { font-size: ${SIZE.heading}px; font-weight: 700; }
svg.lg-logigramme .lg-actor { font-size: ${SIZE.actor}px; font-weight: 700; }
svg.lg-logigramme .lg-lane-title { font-size: ${SIZE.laneTitle}px; fill: #222222; }
svg.lg-logigramme .lg-label { font-size: ${SIZE.label}px; }
svg.lg-logigramme .lg-deadline { font-size: ${SIZE.deadline}px; font-style: italic; fill: #333333; }
svg.lg-logigramme .lg-question { font-size: ${SIZE.question}px; font-style: italic; }
svg.lg-logigramme .lg-outcome { font-size: ${SIZE.outcome}px; font-weight: 700; }
svg.lg-logigramme .lg-event { font-size: ${SIZE.event}px; fill: #333333; }
svg.lg-logigramme .lg-mark-text { font-size: 16px; font-weight: 700; }
svg.lg-logigramme text.lg-badge { font-size: ${SIZE.badge}px; font-weight: 700; }
svg.lg-logigramme rect.lg-badge { fill: #ffffff; stroke: #111111; stroke-width: 1.2; }
svg.lg-logigramme rect.lg-lane { fill: #ffffff; stroke: #8c8c8c; stroke-width: 1; }
svg.lg-logigramme rect.lg-lane.lg-alt { fill: #f4f4f4; }
svg.lg-logigramme rect.lg-header { fill: #e4e4e4; stroke: #8c8c8c; stroke-width: 1; }
svg.lg-logigramme rect.lg-task { fill: #ffffff; stroke: #222222; stroke-width: 1.5; }
svg.lg-logigramme .lg-call-marker { fill: none; stroke: #222222; stroke-width: 1.2; }
svg.lg-logigramme rect.lg-plate { fill: #ffffff; fill-opacity: 0.92; stroke: none; }
svg.lg-logigramme line.lg-hairline { stroke: #9a9a9a; stroke-width: 0.75; }
svg.lg-logigramme polygon.lg-gateway { fill: #ffffff; stroke: #222222; stroke-width: 1.5; }
svg.lg-logigramme circle.lg-start { fill: #ffffff; stroke: #222222; stroke-width: 1.5; }
svg.lg-logigramme circle.lg-end { fill: #ffffff; stroke: #222222; stroke-width: 4; }
svg.lg-logigramme path.lg-flow { fill: none; stroke: #222222; stroke-width: 1.3; }
svg.lg-logigramme path.lg-loop { stroke-dasharray: 6 4; }
svg.lg-logigramme path.lg-mark { fill: none; stroke: #222222; stroke-width: 2.5; }${
    highlight
      ? `
svg.lg-logigramme rect.lg-task.lg-done { fill: #d9ecd9; }
svg.lg-logigramme rect.lg-task.lg-current { fill: #fff4e0; stroke: ${ACCENT}; stroke-width: 4; }
svg.lg-logigramme path.lg-flow.lg-taken { stroke: ${ACCENT}; stroke-width: 3; }
svg.lg-logigramme .lg-legend { font-size: ${SIZE.legend}px; }`
      : ""
  }${
    marked
      ? `
svg.lg-logigramme rect.lg-marked { stroke-dasharray: 5 3; }
svg.lg-logigramme path.lg-marked { stroke-dasharray: 1.5 3; }
svg.lg-logigramme rect.lg-plate.lg-marked { stroke: #222222; stroke-width: 0.8; }
svg.lg-logigramme rect.lg-mark-badge { fill: #ffffff; stroke: #222222; stroke-width: 0.8; }
svg.lg-logigramme text.lg-mark-badge { font-size: ${SIZE.markBadge}px; font-weight: 700; font-style: italic; }${
          highlight ? "" : `\nsvg.lg-logigramme .lg-legend { font-size: ${SIZE.legend}px; }`
        }`
      : ""
  }
</style>
</defs>
<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>
${heading(def, width)}
<g transform="translate(0 ${TITLE_HEIGHT})">
<g class="lg-lanes">
${lanes}
</g>
<g class="lg-flows">
${layout.edges.map((e) => flow(e, ids.arrow, taken.has(e.id))).join("\n")}
</g>
<g class="lg-nodes">
${layout.nodes.map((n) => node(n, markOf(n))).join("\n")}
</g>
<g class="lg-labels">
${layout.nodes
  .filter((n) => n.kind === "decision")
  .map((n) => question(n, layout.edges))
  .join("\n")}
${layout.edges
  .filter((e) => e.label)
  .map((e) => outcomeLabel(e, layout.nodes, layout.edges))
  .join("\n")}
</g>
</g>${marked ? `\n${marksLegend(TITLE_HEIGHT + layout.height)}` : ""}${highlight ? `\n${legend(TITLE_HEIGHT + layout.height + (marked ? LEGEND_HEIGHT : 0))}` : ""}
</svg>
`;
}
