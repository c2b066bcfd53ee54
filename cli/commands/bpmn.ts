import { readFileSync } from "node:fs";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { exportBpmn } from "../../engine/bpmn/export.js";
import { importBpmn } from "../../engine/bpmn/import.js";
import { definitionToYaml } from "../../engine/bpmn/toYaml.js";

/** `logigramme export-bpmn <id>`: the procedure as BPMN 2.0 XML with its diagram. */
export async function exportBpmnCommand(args: string[], language: "fr" | "en"): Promise<number> {
  const id = args[0];
  if (!id) {
    console.error(
      language === "fr" ? "usage : logigramme export-bpmn <id>" : "usage: logigramme export-bpmn <id>",
    );
    return 2;
  }
  try {
    process.stdout.write(
      await exportBpmn(definitionFromCatalog(id, args.length > 1 ? args.slice(1) : ["procedures"])),
    );
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

/** `logigramme import-bpmn <file>`: the YAML definition read from a BPMN file, or every problem in it. */
export async function importBpmnCommand(args: string[], language: "fr" | "en"): Promise<number> {
  const file = args[0];
  if (!file) {
    console.error(
      language === "fr" ? "usage : logigramme import-bpmn <fichier>" : "usage: logigramme import-bpmn <file>",
    );
    return 2;
  }
  let xml: string;
  try {
    xml = readFileSync(file, "utf8");
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const result = await importBpmn(xml);
  if (!result.ok) {
    for (const p of result.problems)
      console.error(`${file}: ${p.element}${p.id ? ` ${p.id}` : ""}: ${p.message[language]}`);
    return 1;
  }
  for (const w of result.warnings) console.error(`${file}: ${w[language]}`);
  process.stdout.write(definitionToYaml(result.definition));
  return 0;
}
