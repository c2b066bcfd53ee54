import { readFileSync } from "node:fs";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { exportBpmn } from "../../engine/bpmn/export.js";
import { importBpmn } from "../../engine/bpmn/import.js";
import { definitionToYaml } from "../../engine/bpmn/toYaml.js";

type Language = "fr" | "en";

/** `logigramme export-bpmn <id>`: the procedure as BPMN 2.0 XML with its diagram, on stdout. */
export async function exportBpmnCommand(args: string[], language: Language): Promise<number> {
  const id = args[0];
  if (!id) {
    console.error(
      language === "fr" ? "usage : logigramme export-bpmn <id>" : "usage: logigramme export-bpmn <id>",
    );
    return 2;
  }
  let xml: string;
  try {
    xml = await exportBpmn(definitionFromCatalog(id, args.length > 1 ? args.slice(1) : ["procedures"]));
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  process.stdout.write(xml);
  return 0;
}

/**
 * `logigramme import-bpmn <file> [id] [organisation]`: the YAML definition read from a BPMN file
 * on stdout and what was guessed on stderr, or every problem in it, one per line.
 * The global option parser refuses unknown flags, hence optional positionals rather than `--id`.
 */
export async function importBpmnCommand(args: string[], language: Language): Promise<number> {
  const [file, id, organisation] = args;
  if (!file) {
    console.error(
      language === "fr"
        ? "usage : logigramme import-bpmn <fichier> [id] [organisation]"
        : "usage: logigramme import-bpmn <file> [id] [organisation]",
    );
    return 2;
  }
  let xml: string;
  try {
    xml = readFileSync(file, "utf8");
  } catch (error) {
    console.error(
      language === "fr"
        ? `impossible de lire ${file} : ${(error as Error).message}`
        : `cannot read ${file}: ${(error as Error).message}`,
    );
    return 1;
  }
  const result = await importBpmn(xml, {
    ...(id ? { id } : {}),
    ...(organisation ? { organisation } : {}),
  });
  if (!result.ok) {
    for (const p of result.problems) {
      console.error(`${file}: ${p.element}${p.id ? ` ${p.id}` : ""}: ${p.message[language]}`);
    }
    return 1;
  }
  for (const w of result.warnings) console.error(`${file}: ${w[language]}`);
  process.stdout.write(definitionToYaml(result.definition));
  return 0;
}
