import { loadCatalog } from "../../catalog/loadCatalog.js";
import { formatProblem } from "../../engine/definition/problems.js";
import { layoutForPrint } from "../../engine/diagram/printLayout.js";
import { renderPrintPages } from "../../engine/diagram/printSvg.js";
import { PRINT_PAGE, procedureHeadHeight, renderManual } from "../../engine/manual/renderManual.js";

/**
 * `logigramme manual <organisation>`: the procedures manual of one organisation, regenerated
 * from its definitions, as HTML ready to print (a browser's "print to PDF" gives the paper manual).
 */
export async function manualCommand(args: string[], language: "fr" | "en"): Promise<number> {
  const organisation = args[0];
  const t = (fr: string, en: string) => (language === "fr" ? fr : en);
  if (!organisation) {
    console.error(t("usage : logigramme manual <organisation>", "usage: logigramme manual <organisation>"));
    return 2;
  }
  const catalog = loadCatalog(args.slice(1).length > 0 ? args.slice(1) : ["procedures"]);
  if (catalog.problems.length > 0) {
    for (const p of catalog.problems) console.error(formatProblem(p, language));
    return 1;
  }
  const chart = catalog.organisations.find((o) => o.organisation === organisation);
  if (!chart) {
    const known = catalog.organisations.map((o) => o.organisation).join(", ");
    console.error(
      t(
        `organisation inconnue « ${organisation} » (connues : ${known})`,
        `unknown organisation "${organisation}" (known: ${known})`,
      ),
    );
    return 1;
  }
  const procedures = catalog.definitions
    .map((e) => e.definition)
    .filter((d) => d.organisation === organisation)
    .sort((a, b) =>
      (a.source.section ?? a.id).localeCompare(b.source.section ?? b.id, "fr", { numeric: true }),
    );
  const drawings: Record<string, string[]> = {};
  for (const def of procedures) {
    // The first part fills what the page has left under the section's head; too little left and
    // the drawing starts on the next page, a whole page for its first part.
    const left = PRINT_PAGE.height - procedureHeadHeight(def) - 40;
    const first = left >= 150 ? left : PRINT_PAGE.next;
    drawings[def.id] = renderPrintPages(def, await layoutForPrint(def, PRINT_PAGE.width), {
      first,
      next: PRINT_PAGE.next,
    });
  }
  process.stdout.write(
    renderManual({
      organisation: chart,
      procedures,
      drawings,
      generatedOn: new Date().toISOString().slice(0, 10),
      manual: catalog.manuals.find((m) => m.organisation === organisation),
    }),
  );
  return 0;
}
