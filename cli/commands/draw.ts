import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { layoutProcedure } from "../../engine/diagram/layout.js";
import { renderMermaid } from "../../engine/diagram/mermaid.js";
import { renderSvg } from "../../engine/diagram/svg.js";

/** `logigramme draw <id> [--mermaid]`: the procedure's logigramme as SVG, or as Mermaid text. */
export async function drawCommand(
  args: string[],
  options: { mermaid: boolean; language: "fr" | "en" },
): Promise<number> {
  const id = args[0];
  if (!id) {
    console.error(
      options.language === "fr"
        ? "usage : logigramme draw <id> [--mermaid]"
        : "usage: logigramme draw <id> [--mermaid]",
    );
    return 2;
  }
  let def: ReturnType<typeof definitionFromCatalog>;
  try {
    def = definitionFromCatalog(id, args.slice(1).length > 0 ? args.slice(1) : ["procedures"]);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  process.stdout.write(options.mermaid ? renderMermaid(def) : renderSvg(def, await layoutProcedure(def)));
  return 0;
}
