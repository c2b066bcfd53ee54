import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { layoutProcedure } from "./layout.js";
import { renderSvg } from "./svg.js";

/**
 * Read on the rendered SVG, as a reader of the printed logigramme would: each decision outcome's
 * label must sit against its own flow, and no other outcome's flow of the same decision may run
 * through it (« Oui » on the line into the « Non » step reads as the wrong answer).
 */

interface Point {
  x: number;
  y: number;
}
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function polyline(d: string): Point[] {
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
}

/** Distance from a box to an axis-aligned or oblique segment, sampled finely enough for 0.1 px drawings. */
function distance(box: Box, a: Point, b: Point): number {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  const samples = Math.max(1, Math.ceil(length));
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= samples; i++) {
    const x = a.x + ((b.x - a.x) * i) / samples;
    const y = a.y + ((b.y - a.y) * i) / samples;
    const dx = Math.max(box.x - x, 0, x - (box.x + box.width));
    const dy = Math.max(box.y - y, 0, y - (box.y + box.height));
    best = Math.min(best, Math.hypot(dx, dy));
  }
  return best;
}

function distanceToPath(box: Box, points: Point[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < points.length; i++) best = Math.min(best, distance(box, points[i - 1]!, points[i]!));
  return best;
}

interface Flow {
  from: string;
  outcome: string | null;
  points: Point[];
}
interface Label {
  from: string;
  outcome: string;
  text: string;
  box: Box;
}

function readDrawing(svg: string): { flows: Flow[]; labels: Label[] } {
  const flows = [
    ...svg.matchAll(
      /<path d="([^"]*)" class="lg-flow[^"]*"[^>]*?data-from="([^"]*)"(?: data-outcome="([^"]*)")?\/>/g,
    ),
  ].map((m) => ({ from: m[2]!, outcome: m[3] ?? null, points: polyline(m[1]!) }));
  const labels = [
    ...svg.matchAll(
      /<g class="lg-outcome" data-outcome="([^"]*)" data-from="([^"]*)"><rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"[^>]*\/><text[^>]*>(.*?)<\/text>(?:<title>[^<]*<\/title>)?<\/g>/g,
    ),
  ].map((m) => ({
    outcome: m[1]!,
    from: m[2]!,
    box: { x: Number(m[3]), y: Number(m[4]), width: Number(m[5]), height: Number(m[6]) },
    text: [...m[7]!.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => t[1]).join(" "),
  }));
  return { flows, labels };
}

const catalog = loadCatalog(["procedures"]);

describe("outcome labels on the rendered logigramme", () => {
  it("reads every flow and every outcome label back from the drawing", async () => {
    const def = catalog.definitions.find(
      (e) => e.definition.id === "douanes-g-commande-reception-materiel",
    )!.definition;
    const { flows, labels } = readDrawing(renderSvg(def, await layoutProcedure(def)));
    const outcomes = def.steps.flatMap((s) => s.decision?.outcomes ?? []);
    expect(labels).toHaveLength(outcomes.length);
    expect(flows.filter((f) => f.outcome !== null)).toHaveLength(outcomes.length);
  });

  it.each(catalog.definitions.map((e) => [e.definition.id, e.definition] as const))(
    "%s: each outcome's label is whole, lies on its own flow and on no other outcome's flow",
    async (_id, def) => {
      const { flows, labels } = readDrawing(renderSvg(def, await layoutProcedure(def)));
      const misplaced: string[] = [];
      for (const label of labels) {
        const outcome = def.steps
          .find((s) => `decision-${s.id}` === label.from)
          ?.decision?.outcomes.find((o) => o.id === label.outcome);
        if (label.text.replaceAll("&#39;", "'").replaceAll("&amp;", "&") !== outcome?.label)
          misplaced.push(`${label.from} « ${label.text} » is not the whole label « ${outcome?.label} »`);
        const own = flows.find((f) => f.from === label.from && f.outcome === label.outcome)!;
        expect(own, `${label.from}/${label.outcome} has no flow`).toBeDefined();
        const ownDistance = distanceToPath(label.box, own.points);
        if (ownDistance > 4)
          misplaced.push(`${label.from} « ${label.text} » is ${ownDistance.toFixed(1)} px from its flow`);
        for (const other of flows) {
          if (other === own || other.from !== label.from) continue;
          const d = distanceToPath(label.box, other.points);
          if (d < 1 || d <= ownDistance)
            misplaced.push(`${label.from} « ${label.text} » lies on the flow of outcome ${other.outcome}`);
        }
      }
      expect(misplaced).toEqual([]);
    },
  );
});
