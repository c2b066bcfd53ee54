import type { ProcedureDefinition } from "../definition/schema.js";
import { procedureGraph } from "./layout.js";

/** Mermaid flowchart text of a procedure: one subgraph per actor, the manual's outcome labels on edges. */

// Mermaid ids must be plain words; ours contain dashes.
const id = (raw: string) => raw.replace(/[^A-Za-z0-9_]/g, "_");
// Inside "..." labels Mermaid only chokes on double quotes: use its entity.
const quote = (label: string) => `"${label.replaceAll('"', "#quot;")}"`;

export function renderMermaid(def: ProcedureDefinition): string {
  const { nodes, edges } = procedureGraph(def);
  const lines = ["flowchart LR"];
  const lanes = [...new Set(nodes.map((n) => n.lane))];
  for (const lane of lanes) {
    lines.push(`  subgraph ${id(`lane_${lane}`)}[${quote(`${lane} — ${def.actors[lane]?.title ?? lane}`)}]`);
    for (const n of nodes.filter((x) => x.lane === lane)) {
      const label = quote(n.kind === "task" && n.deadline ? `${n.label} (${n.deadline})` : n.label || " ");
      const shape =
        n.kind === "task"
          ? `[${label}]`
          : n.kind === "decision" || n.kind === "fork"
            ? `{${label}}`
            : `([${label}])`;
      lines.push(`    ${id(n.id)}${shape}`);
    }
    lines.push("  end");
  }
  for (const e of edges) {
    lines.push(
      e.label ? `  ${id(e.from)} -- ${quote(e.label)} --> ${id(e.to)}` : `  ${id(e.from)} --> ${id(e.to)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
