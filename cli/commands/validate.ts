import { loadCatalog } from "../../catalog/loadCatalog.js";
import { formatProblem } from "../../engine/definition/problems.js";

/** `logigramme validate [paths...]`: exit code 1 when any file has a problem. */
export function validateCommand(paths: string[], language: "fr" | "en"): number {
  const catalog = loadCatalog(paths.length > 0 ? paths : ["procedures"]);
  for (const problem of catalog.problems) console.error(formatProblem(problem, language));
  const count = catalog.definitions.length;
  if (catalog.problems.length > 0) {
    console.error(
      language === "fr"
        ? `${catalog.problems.length} problème(s) trouvé(s).`
        : `${catalog.problems.length} problem(s) found.`,
    );
    return 1;
  }
  console.log(
    language === "fr"
      ? `${count} procédure(s) et ${catalog.organisations.length} organigramme(s) valides, ${catalog.registers.length} registre(s).`
      : `${count} procedure(s) and ${catalog.organisations.length} organisation chart(s) valid, ${catalog.registers.length} register(s).`,
  );
  return 0;
}
