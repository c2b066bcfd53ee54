import type { ProcedureDefinition } from "../definition/schema.js";
import { escapeMarkup } from "../text/escapeMarkup.js";
import type { DiagramEdge, DiagramNode, ProcedureLayout } from "./layout.js";

/**
 * The logigramme as a standalone SVG document: what the CLI prints, the manual embeds and the web
 * app shows. Print-friendly (black on white, dashes rather than colours for loops) and accessible.
 */

const TITLE_HEIGHT = 48;
const FONT = "system-ui, 'DejaVu Sans', Arial, sans-serif";

/** Greedy word wrap to a character budget, with an ellipsis past the last allowed line. */
export function wrap(text: string, maxChars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= maxChars || !line) {
      line = candidate;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines)
    return lines.map((l) => (l.length > maxChars ? `${l.slice(0, maxChars - 1)}…` : l));
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${last.length >= maxChars ? last.slice(0, maxChars - 1) : last}…`;
  return kept;
}

function text(x: number, y: number, lines: string[], attrs: string, lineHeight = 14): string {
  const first = y - ((lines.length - 1) * lineHeight) / 2;
  const spans = lines
    .map((l, i) => `<tspan x="${round(x)}" y="${round(first + i * lineHeight)}">${escapeMarkup(l)}</tspan>`)
    .join("");
  return `<text ${attrs}>${spans}</text>`;
}

const round = (n: number) => Math.round(n * 10) / 10;

function node(n: DiagramNode): string {
  const cx = n.x + n.width / 2;
  const cy = n.y + n.height / 2;
  switch (n.kind) {
    case "start":
      return `<g class="event start"><circle cx="${round(cx)}" cy="${round(cy)}" r="${n.width / 2}" class="start"/>${text(cx, n.y + n.height + 14, [n.label], 'class="small" text-anchor="middle"')}</g>`;
    case "end":
      return `<g class="event end" data-outcome="${n.outcome}"><circle cx="${round(cx)}" cy="${round(cy)}" r="${n.width / 2 - 2}" class="end"/>${text(cx, n.y + n.height + 14, [n.label], 'class="small" text-anchor="middle"')}</g>`;
    case "task": {
      const deadline = n.deadline
        ? text(cx, n.y + n.height + 13, [`Délai : ${n.deadline}`], 'class="deadline" text-anchor="middle"')
        : "";
      return `<g class="task" data-step="${escapeMarkup(n.stepId ?? "")}"><rect x="${round(n.x)}" y="${round(n.y)}" width="${n.width}" height="${n.height}" rx="8" class="task"/>${text(cx, cy + 4, wrap(n.label, 24, 3), 'class="label" text-anchor="middle"')}${deadline}</g>`;
    }
    case "decision":
    case "fork": {
      const points = [
        [cx, n.y],
        [n.x + n.width, cy],
        [cx, n.y + n.height],
        [n.x, cy],
      ]
        .map(([x, y]) => `${round(x!)},${round(y!)}`)
        .join(" ");
      const mark =
        n.kind === "fork"
          ? `<path d="M${round(cx - 10)},${round(cy)} H${round(cx + 10)} M${round(cx)},${round(cy - 10)} V${round(cy + 10)}" class="mark"/>`
          : `<text x="${round(cx)}" y="${round(cy + 5)}" class="label" text-anchor="middle">?</text>`;
      const question =
        n.kind === "decision"
          ? text(cx, n.y - 20, wrap(n.label, 30, 2), 'class="question" text-anchor="middle"', 12)
          : "";
      return `<g class="${n.kind}" data-step="${escapeMarkup(n.stepId ?? "")}"><polygon points="${points}" class="gateway"/>${mark}${question}</g>`;
    }
  }
}

function edge(e: DiagramEdge): string {
  const d = e.points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)},${round(p.y)}`).join(" ");
  const path = `<path d="${d}" class="flow${e.back ? " loop" : ""}" marker-end="url(#arrow)"/>`;
  if (!e.label) return `<g class="edge">${path}</g>`;
  // The label sits on the flow's first segment, just after the gateway.
  const [a, b] = e.points;
  const vertical = a!.x === b!.x;
  const x = a!.x + 6;
  const y = vertical ? a!.y + (b!.y > a!.y ? 14 : -6) : a!.y - 5;
  const label = `<text x="${round(x)}" y="${round(y)}" class="outcome">${escapeMarkup(wrap(e.label, 22, 1)[0]!)}</text>`;
  return `<g class="edge" data-outcome="${escapeMarkup(e.outcomeId ?? "")}">${path}${label}</g>`;
}

export function renderSvg(def: ProcedureDefinition, layout: ProcedureLayout): string {
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height + TITLE_HEIGHT);
  const title = `${def.title} — version ${def.version}${def.reconstructed ? " — logigramme reconstitué" : ""}`;
  const lanes = layout.lanes
    .map((lane, i) => {
      const header = [
        `<text x="10" y="${round(lane.y + 22)}" class="actor">${escapeMarkup(lane.actor)}</text>`,
        text(
          10 + (layout.headerWidth - 20) / 2,
          lane.y + lane.height / 2 + 10,
          wrap(lane.title, 20, Math.max(1, Math.floor((lane.height - 40) / 13))),
          'class="small" text-anchor="middle"',
          13,
        ),
      ].join("");
      return `<g class="lane" data-actor="${escapeMarkup(lane.actor)}"><rect x="0" y="${round(lane.y)}" width="${width}" height="${round(lane.height)}" class="${i % 2 === 0 ? "lane" : "lane alt"}"/><rect x="0" y="${round(lane.y)}" width="${layout.headerWidth - 10}" height="${round(lane.height)}" class="header"/>${header}</g>`;
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-labelledby="title desc">
<title id="title">${escapeMarkup(def.title)}</title>
<desc id="desc">Logigramme de la procédure « ${escapeMarkup(def.title)} » : ${layout.lanes.length} acteurs, ${def.steps.length} activités.</desc>
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#222"/></marker>
<style>
text { font-family: ${FONT}; fill: #111; }
.heading { font-size: 16px; font-weight: 700; }
.actor { font-size: 12px; font-weight: 700; }
.label { font-size: 12px; }
.small { font-size: 11px; fill: #333; }
.deadline { font-size: 10px; font-style: italic; fill: #333; }
.question { font-size: 10.5px; font-style: italic; }
.outcome { font-size: 10.5px; font-weight: 700; }
rect.lane { fill: #ffffff; stroke: #999; stroke-width: 1; }
rect.lane.alt { fill: #f5f5f5; }
rect.header { fill: #e6e6e6; stroke: #999; stroke-width: 1; }
rect.task { fill: #ffffff; stroke: #222; stroke-width: 1.5; }
polygon.gateway { fill: #ffffff; stroke: #222; stroke-width: 1.5; }
circle.start { fill: #ffffff; stroke: #222; stroke-width: 1.5; }
circle.end { fill: #ffffff; stroke: #222; stroke-width: 4; }
path.flow { fill: none; stroke: #222; stroke-width: 1.3; }
path.flow.loop { stroke-dasharray: 6 4; }
path.mark { stroke: #222; stroke-width: 2; }
</style>
</defs>
<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>
<text x="10" y="30" class="heading">${escapeMarkup(title)}</text>
<g transform="translate(0 ${TITLE_HEIGHT})">
${lanes}
${layout.edges.map(edge).join("\n")}
${layout.nodes.map(node).join("\n")}
</g>
</svg>
`;
}
