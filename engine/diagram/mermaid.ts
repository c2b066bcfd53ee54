import type { ProcedureDefinition } from "../definition/schema.js";
import { procedureGraph } from "./layout.js";

/** Mermaid flowchart text of a procedure: one subgraph per actor, the manual's outcome labels on edges. */

/**
 * Mermaid ids are plain words. Ours hold dashes, and a bare `end…` or a leading `o`/`x` after an
 * arrow would be read as syntax: every id gets a prefix, and two sources mapping to the same word
 * (`a-b` and `a_b`) get a numbered suffix.
 */
function idMaker(prefix: string): (raw: string) => string {
  const given = new Map<string, string>();
  const used = new Set<string>();
  return (raw) => {
    const known = given.get(raw);
    if (known) return known;
    const base = `${prefix}${raw.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    given.set(raw, id);
    used.add(id);
    return id;
  };
}

// Inside "..." labels Mermaid decodes `#name;` entities: the characters it would otherwise read as
// syntax or markup are written that way, `#` first so that the entities themselves survive.
const ENTITIES: Record<string, string> = {
  "#": "#35;",
  '"': "#quot;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  "`": "#96;",
};
export function mermaidLabel(label: string): string {
  const text = label.replace(/\s+/g, " ").trim() || " ";
  return `"${text.replace(/[#"<>&`]/g, (c) => ENTITIES[c]!)}"`;
}

export function renderMermaid(def: ProcedureDefinition): string {
  const { nodes, edges } = procedureGraph(def);
  const nodeId = idMaker("n_");
  const laneId = idMaker("lane_");
  const lines = ["flowchart LR"];
  const lanes = [...new Set(nodes.map((n) => n.lane))];
  for (const lane of lanes) {
    lines.push(`  subgraph ${laneId(lane)}[${mermaidLabel(`${lane} — ${def.actors[lane]?.title ?? lane}`)}]`);
    for (const n of nodes.filter((x) => x.lane === lane)) {
      // A fork has no words of its own: BPMN's parallel gateway mark stands for it.
      const text =
        n.kind === "fork"
          ? "+"
          : n.kind === "task" && n.deadline
            ? `${n.label} (délai : ${n.deadline})`
            : n.label;
      const label = mermaidLabel(text);
      const shape =
        n.kind === "task"
          ? `[${label}]`
          : n.kind === "decision" || n.kind === "fork"
            ? `{${label}}`
            : `([${label}])`;
      lines.push(`    ${nodeId(n.id)}${shape}`);
    }
    lines.push("  end");
  }
  for (const e of edges) {
    const from = nodeId(e.from);
    const to = nodeId(e.to);
    lines.push(e.label ? `  ${from} -- ${mermaidLabel(e.label)} --> ${to}` : `  ${from} --> ${to}`);
  }
  return `${lines.join("\n")}\n`;
}
