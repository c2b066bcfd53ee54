import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { layoutForPrint } from "./printLayout.js";
import { renderPrintPages } from "./printSvg.js";

const catalog = loadCatalog([join(import.meta.dirname, "..", "..", "procedures")]);
const definitions = catalog.definitions.map((e) => e.definition);
const PAGE = { width: 700, first: 500, next: 960 };

const overlap = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("the logigramme laid out for print", () => {
  it.each(definitions.map((d) => [d.id, d] as const))(
    "%s: runs top to bottom within the page's width, nothing drawn over anything else",
    async (_, def) => {
      const layout = await layoutForPrint(def, PAGE.width);
      expect(layout.width).toBeLessThanOrEqual(PAGE.width);
      const byId = new Map(layout.nodes.map((n) => [n.id, n]));
      for (const edge of layout.edges) {
        const from = byId.get(edge.from)!;
        const to = byId.get(edge.to)!;
        // Only a loop goes back up the chain, and a loop is dashed.
        if (!edge.back) expect(to.y).toBeGreaterThan(from.y);
      }
      for (let i = 0; i < layout.nodes.length; i++)
        for (let j = i + 1; j < layout.nodes.length; j++)
          expect(overlap(layout.nodes[i]!, layout.nodes[j]!)).toBe(false);
      const labelled = layout.edges.filter((e) => e.labelBox);
      for (const [i, edge] of labelled.entries()) {
        // A label sits under its own diamond's slanted edge, inside its bounding box but not on it.
        for (const node of layout.nodes.filter((n) => n.id !== edge.from))
          expect(overlap(node, edge.labelBox!), `${edge.label} on ${node.id}`).toBe(false);
        for (const other of labelled.slice(i + 1))
          expect(overlap(other.labelBox!, edge.labelBox!), `${edge.label} on ${other.label}`).toBe(false);
      }
    },
  );

  it.each(definitions.map((d) => [d.id, d] as const))(
    "%s: writes every step in parts that fit their pages, each connector once at a foot and once at a head",
    async (_, def) => {
      const parts = renderPrintPages(def, await layoutForPrint(def, PAGE.width), PAGE);
      parts.forEach((svg, i) => {
        const height = Number(/height="([\d.]+)"/.exec(svg)![1]);
        expect(height).toBeLessThanOrEqual(i === 0 ? PAGE.first : PAGE.next);
      });
      const all = parts.join("");
      for (const step of def.steps) expect(all).toContain(`data-step="${step.id}"`);
      const connectors = parts.map((svg) => [...svg.matchAll(/data-connector="(\d+)"/g)].map((m) => m[1]!));
      const counts = new Map<string, number>();
      for (const number of connectors.flat()) counts.set(number, (counts.get(number) ?? 0) + 1);
      for (const count of counts.values()) expect(count).toBe(2);
      // A part's connectors continue on the next part: the same numbers, in the same order.
      for (let i = 1; i < parts.length; i++) {
        const foot = connectors[i - 1]!.filter((n) => !connectors[i - 2]?.includes(n));
        const head = connectors[i]!.filter((n) => foot.includes(n));
        expect(head).toEqual(foot);
      }
    },
  );

  it("never writes a text under 10 px, 7.5 pt at full size", async () => {
    const def = definitions.find((d) => d.id === "douanes-i-gestion-projets")!;
    const [svg] = renderPrintPages(def, await layoutForPrint(def, PAGE.width), PAGE);
    const sizes = [...svg!.matchAll(/font-size: ([\d.]+)px/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10);
  });

  it("cuts a procedure taller than a page into parts joined by numbered connectors", async () => {
    const def = definitions.find((d) => d.id === "douanes-i-gestion-projets")!;
    const parts = renderPrintPages(def, await layoutForPrint(def, PAGE.width), PAGE);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]).toContain('data-connector="1"');
    expect(parts[1]).toContain('data-connector="1"');
    expect(parts[1]).toContain(`partie 2 sur ${parts.length}`);
  });
});
