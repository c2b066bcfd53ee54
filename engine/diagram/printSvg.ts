import type { ProcedureDefinition } from "../definition/schema.js";
import { escapeMarkup } from "../text/escapeMarkup.js";
import { PRINT_LINE, PRINT_TEXT, type PrintEdge, type PrintLayout, type PrintNode } from "./printLayout.js";
import { wrap } from "./svg.js";

/**
 * The print layout drawn as one SVG per page part. A drawing taller than a page is cut between
 * two ranks of boxes; every flow crossing a cut ends on a numbered connector at the foot of one
 * part and starts again from the same number at the head of the next, as paper flowcharts do.
 * Drawn at one CSS pixel per unit: the manual must not scale these drawings down.
 */

export interface PrintPageSizes {
  /** Height available for the first part, under the procedure's heading. */
  first: number;
  /** Height available for each following part, a page of its own. */
  next: number;
}

const FONT = "'DejaVu Sans', Verdana, 'Segoe UI', Arial, sans-serif";
/** Room above or below a cut for the connectors. */
const BAND = 40;
const round = (n: number) => Math.round(n * 10) / 10;
const e = escapeMarkup;

function lines(x: number, firstBaseline: number, texts: string[], cls: string, lineHeight: number): string {
  const spans = texts
    .map((l, i) => `<tspan x="${round(x)}" y="${round(firstBaseline + i * lineHeight)}">${e(l)}</tspan>`)
    .join("");
  return `<text class="${cls}" text-anchor="middle">${spans}</text>`;
}

/** Baseline of the first of `count` lines centred on `y`. */
function firstBaseline(y: number, count: number, lineHeight: number, size: number): number {
  return y - ((count - 1) * lineHeight) / 2 + size / 3;
}

const MARK_WORD = { reconstructed: "reconstituée", inferred: "déduite" } as const;

function task(n: PrintNode, actorTitle: string): string {
  const cx = n.x + n.width / 2;
  const head = [n.number, n.lane].filter(Boolean).join(" — ");
  const mark = n.mark ? ` · ${MARK_WORD[n.mark.kind]}` : "";
  const headLine = wrap(`${head}${mark}`, n.width - 16, PRINT_TEXT.actor, 1, true);
  let y = n.y + 6 + PRINT_TEXT.actor;
  const parts = [
    `<rect x="${round(n.x)}" y="${round(n.y)}" width="${n.width}" height="${round(n.height)}" rx="6" ry="6" class="lp-task${n.mark ? " lp-marked" : ""}"/>`,
    `<text class="lp-actor" text-anchor="middle"><tspan x="${round(cx)}" y="${round(y)}">${e(headLine[0] ?? "")}</tspan></text>`,
  ];
  y += 4 + PRINT_LINE.label - 2;
  parts.push(lines(cx, y, n.lines, "lp-label", PRINT_LINE.label));
  if (n.deadlineLines.length > 0) {
    const top = n.y + n.height - 6 - n.deadlineLines.length * PRINT_LINE.deadline - 2;
    parts.push(
      `<line x1="${round(n.x + 6)}" y1="${round(top)}" x2="${round(n.x + n.width - 6)}" y2="${round(top)}" class="lp-hairline"/>`,
      lines(cx, top + 2 + PRINT_TEXT.deadline, n.deadlineLines, "lp-deadline", PRINT_LINE.deadline),
    );
  }
  const tooltip = `${n.number ?? ""}. ${n.label} — ${n.lane} (${actorTitle})${n.mark ? ` — étape ${MARK_WORD[n.mark.kind]} : ${n.mark.note}` : ""}`;
  return `<g class="lp-step" data-step="${e(n.stepId ?? "")}"><title>${e(tooltip)}</title>${parts.join("")}</g>`;
}

function diamond(n: PrintNode): string {
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
  if (n.kind === "fork")
    return `<g class="lp-fork"><title>Activités en parallèle</title><polygon points="${points}" class="lp-shape"/><path d="M${round(cx - 9)},${round(cy)} H${round(cx + 9)} M${round(cx)},${round(cy - 9)} V${round(cy + 9)}" class="lp-plus"/></g>`;
  const text = lines(
    cx,
    firstBaseline(cy, n.lines.length, PRINT_LINE.question, PRINT_TEXT.question),
    n.lines,
    "lp-question",
    PRINT_LINE.question,
  );
  return `<g class="lp-decision" data-decision-of="${e(n.stepId ?? "")}"><title>${e(n.label)}</title><polygon points="${points}" class="lp-shape"/>${text}</g>`;
}

function terminal(n: PrintNode): string {
  const cy = n.y + n.height / 2;
  const cls = n.kind === "end" ? "lp-terminal lp-end" : "lp-terminal";
  return `<g class="${n.kind === "end" ? "lp-end" : "lp-start"}"><rect x="${round(n.x)}" y="${round(n.y)}" width="${n.width}" height="${n.height}" rx="${n.height / 2}" ry="${n.height / 2}" class="${cls}"/>${lines(n.x + n.width / 2, firstBaseline(cy, 1, 12, PRINT_TEXT.event), n.lines, "lp-event", 12)}</g>`;
}

function flow(edge: PrintEdge, arrow: string): string {
  if (edge.points.length < 2) return "";
  const d = edge.points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)},${round(p.y)}`).join(" ");
  const cls = `lp-flow${edge.back ? " lp-loop" : ""}${edge.mark ? " lp-marked" : ""}`;
  return `<path d="${d}" class="${cls}" marker-end="url(#${arrow})" data-from="${e(edge.from)}"/>`;
}

function outcomeLabel(edge: PrintEdge): string {
  const box = edge.labelBox;
  if (!box) return "";
  const cx = box.x + box.width / 2;
  const text = lines(
    cx,
    firstBaseline(box.y + box.height / 2, box.lines.length, PRINT_LINE.outcome, PRINT_TEXT.outcome),
    box.lines,
    "lp-outcome",
    PRINT_LINE.outcome,
  );
  const title = edge.mark
    ? `<title>${e(`Issue ${MARK_WORD[edge.mark.kind]} : ${edge.mark.note}`)}</title>`
    : "";
  return `<g class="lp-outcome-label">${title}<rect x="${round(box.x)}" y="${round(box.y)}" width="${box.width}" height="${box.height}" class="lp-plate${edge.mark ? " lp-marked" : ""}"/>${text}</g>`;
}

interface Crossing {
  x: number;
  number: number;
}

/** The flows' vertical segments crossing the horizontal line `y`, left to right. */
function crossings(edges: PrintEdge[], y: number): number[] {
  const xs: number[] = [];
  for (const edge of edges)
    for (let i = 1; i < edge.points.length; i++) {
      const p = edge.points[i - 1]!;
      const q = edge.points[i]!;
      if (Math.min(p.y, q.y) < y && Math.max(p.y, q.y) > y) xs.push(p.x);
    }
  return xs.sort((a, b) => a - b);
}

/**
 * Where to cut: as low as the page allows, through no box, no label and no flow running across
 * (only flows running down or up are cut, and they get connectors).
 */
function cuts(layout: PrintLayout, sizes: PrintPageSizes): number[] {
  const obstacles = [
    ...layout.nodes.map((n) => ({ top: n.y, bottom: n.y + n.height })),
    ...layout.edges.flatMap((ed) =>
      ed.labelBox ? [{ top: ed.labelBox.y, bottom: ed.labelBox.y + ed.labelBox.height }] : [],
    ),
  ];
  const horizontals = layout.edges.flatMap((ed) =>
    ed.points.slice(1).flatMap((q, i) => (ed.points[i]!.y === q.y ? [q.y] : [])),
  );
  const free = (y: number) =>
    obstacles.every((o) => y < o.top - 6 || y > o.bottom + 6) &&
    horizontals.every((h) => Math.abs(h - y) > 6);
  const candidates: number[] = [];
  for (let y = 40; y < layout.height; y += 2) if (free(y)) candidates.push(y);
  const result: number[] = [];
  let top = 0;
  // A part's drawn height: its slice of the drawing, the connectors' band above it unless it is
  // the first, the band below it unless it is the last.
  const above = () => (result.length === 0 ? 0 : BAND);
  const room = () => (result.length === 0 ? sizes.first : sizes.next);
  while (layout.height - top + above() > room()) {
    const limit = top + room() - above() - BAND;
    const fitting = candidates.filter((c) => c > top + 60 && c <= limit);
    // No clean place on this page: cut anyway, as low as it fits; connectors still mark the flows.
    const cut = fitting.at(-1) ?? limit;
    result.push(cut);
    top = cut;
  }
  return result;
}

/** The procedure's logigramme for print: one standalone SVG per page part, top to bottom. */
export function renderPrintPages(
  def: ProcedureDefinition,
  layout: PrintLayout,
  sizes: PrintPageSizes,
): string[] {
  const width = Math.ceil(layout.width);
  const arrow = `lp-${def.id}-arrow`;
  const drawing = [
    `<g class="lp-flows">${layout.edges.map((ed) => flow(ed, arrow)).join("")}</g>`,
    `<g class="lp-nodes">${layout.nodes
      .map((n) =>
        n.kind === "task"
          ? task(n, def.actors[n.lane]?.title ?? n.lane)
          : n.kind === "decision" || n.kind === "fork"
            ? diamond(n)
            : terminal(n),
      )
      .join("")}</g>`,
    `<g class="lp-labels">${layout.edges.map(outcomeLabel).join("")}</g>`,
  ].join("\n");
  const style = `<style type="text/css">
svg.lp-logigramme text { font-family: ${FONT}; fill: #111111; }
svg.lp-logigramme .lp-actor { font-size: ${PRINT_TEXT.actor}px; font-weight: 700; }
svg.lp-logigramme .lp-label { font-size: ${PRINT_TEXT.label}px; }
svg.lp-logigramme .lp-deadline { font-size: ${PRINT_TEXT.deadline}px; font-style: italic; }
svg.lp-logigramme .lp-question { font-size: ${PRINT_TEXT.question}px; font-style: italic; }
svg.lp-logigramme .lp-outcome { font-size: ${PRINT_TEXT.outcome}px; font-weight: 700; }
svg.lp-logigramme .lp-event { font-size: ${PRINT_TEXT.event}px; }
svg.lp-logigramme .lp-connector-number { font-size: ${PRINT_TEXT.connector}px; font-weight: 700; }
svg.lp-logigramme rect.lp-task { fill: #ffffff; stroke: #222222; stroke-width: 1.3; }
svg.lp-logigramme .lp-shape { fill: #ffffff; stroke: #222222; stroke-width: 1.3; }
svg.lp-logigramme rect.lp-terminal { fill: #ffffff; stroke: #222222; stroke-width: 1.3; }
svg.lp-logigramme rect.lp-terminal.lp-end { stroke-width: 3; }
svg.lp-logigramme path.lp-plus { fill: none; stroke: #222222; stroke-width: 2.2; }
svg.lp-logigramme line.lp-hairline { stroke: #9a9a9a; stroke-width: 0.75; }
svg.lp-logigramme path.lp-flow { fill: none; stroke: #222222; stroke-width: 1.2; }
svg.lp-logigramme path.lp-loop { stroke-dasharray: 6 4; }
svg.lp-logigramme rect.lp-plate { fill: #ffffff; fill-opacity: 0.94; stroke: none; }
svg.lp-logigramme .lp-marked { stroke-dasharray: 4 3; }
svg.lp-logigramme rect.lp-plate.lp-marked { stroke: #222222; stroke-width: 0.8; }
svg.lp-logigramme rect.lp-band { fill: #ffffff; stroke: none; }
svg.lp-logigramme circle.lp-connector { fill: #ffffff; stroke: #222222; stroke-width: 1.3; }
svg.lp-logigramme path.lp-connector-line { fill: none; stroke: #222222; stroke-width: 1.2; }
</style>`;
  const marker = `<marker id="${arrow}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="strokeWidth" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#222222"/></marker>`;
  const cutLines = cuts(layout, sizes);
  // Connectors are numbered through the whole procedure, so each number appears exactly twice.
  let counter = 0;
  const connectorsAt = new Map<number, Crossing[]>(
    cutLines.map((y) => [y, crossings(layout.edges, y).map((x) => ({ x, number: ++counter }))]),
  );
  const connector = (c: Crossing, cut: number, below: boolean) => {
    const cy = below ? cut + 22 : cut - 22;
    const line = below
      ? `M${round(c.x)},${round(cut)} V${round(cut + 13)}`
      : `M${round(c.x)},${round(cut - 13)} V${round(cut)}`;
    return `<g class="lp-connector" data-connector="${c.number}"><path d="${line}" class="lp-connector-line"/><circle cx="${round(c.x)}" cy="${round(cy)}" r="9" class="lp-connector"/><text class="lp-connector-number" text-anchor="middle"><tspan x="${round(c.x)}" y="${round(cy + PRINT_TEXT.connector / 3)}">${c.number}</tspan></text></g>`;
  };
  const bounds = [0, ...cutLines, layout.height];
  const parts = bounds.slice(1).map((bottom, i) => {
    const top = bounds[i]!;
    const cutAbove = i > 0 ? top : null;
    const cutBelow = i < bounds.length - 2 ? bottom : null;
    const viewTop = cutAbove === null ? 0 : cutAbove - BAND;
    const viewBottom = cutBelow === null ? layout.height : cutBelow + BAND;
    const height = Math.ceil(viewBottom - viewTop);
    const bands = [
      cutAbove === null
        ? ""
        : `<rect x="0" y="${round(viewTop)}" width="${width}" height="${BAND}" class="lp-band"/>${connectorsAt
            .get(cutAbove)!
            .map((c) => connector(c, cutAbove, false))
            .join("")}`,
      cutBelow === null
        ? ""
        : `<rect x="0" y="${round(cutBelow)}" width="${width}" height="${BAND}" class="lp-band"/>${connectorsAt
            .get(cutBelow)!
            .map((c) => connector(c, cutBelow, true))
            .join("")}`,
    ].join("");
    const label =
      bounds.length > 2
        ? `Logigramme de la procédure « ${def.title} », partie ${i + 1} sur ${bounds.length - 1}`
        : `Logigramme de la procédure « ${def.title} »`;
    return `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="lp-logigramme" role="img" aria-label="${e(label)}" data-part="${i + 1}" width="${width}" height="${height}" viewBox="0 ${round(viewTop)} ${width} ${height}">
<defs>${marker}${style}</defs>
<rect x="0" y="${round(viewTop)}" width="${width}" height="${height}" fill="#ffffff"/>
${drawing}
${bands}
</svg>`;
  });
  return parts;
}
