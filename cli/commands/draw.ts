import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { layoutProcedure } from "../../engine/diagram/layout.js";
import { renderMermaid } from "../../engine/diagram/mermaid.js";
import { renderSvg } from "../../engine/diagram/svg.js";

/**
 * `logigramme draw <id> [chemins...] [--mermaid]`: the procedure's logigramme as SVG, or as Mermaid
 * text, on stdout so that it can be redirected to a file or piped to a converter.
 */
export async function drawCommand(
  args: string[],
  options: { mermaid: boolean; language: "fr" | "en" },
): Promise<number> {
  const [id, ...paths] = args;
  if (!id) {
    console.error(
      options.language === "fr"
        ? "usage : logigramme draw <id> [chemins...] [--mermaid]"
        : "usage: logigramme draw <id> [paths...] [--mermaid]",
    );
    return 2;
  }
  let def: ProcedureDefinition;
  try {
    def = definitionFromCatalog(id, paths.length > 0 ? paths : ["procedures"]);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  process.stdout.write(options.mermaid ? renderMermaid(def) : renderSvg(def, await layoutProcedure(def)));
  return 0;
}
