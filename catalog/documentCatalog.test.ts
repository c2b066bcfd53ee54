import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { proceduresFolder } from "../server/paths.js";
import { loadCatalog } from "./loadCatalog.js";

describe("document templates in the catalog", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The customs' folder copied aside, with its templates changed by `edit`. */
  function customsWith(edit: (folder: string) => void) {
    dir = mkdtempSync(join(tmpdir(), "logigramme-templates-"));
    cpSync(join(proceduresFolder(), "douanes"), dir, { recursive: true });
    edit(dir);
    return loadCatalog([dir], dir).problems.filter(
      (p) => p.code === "document_template" || p.code === "schema",
    );
  }

  it("accepts the shipped templates and letterhead, which are not read as procedures", () => {
    expect(customsWith(() => {})).toEqual([]);
  });

  it("names a placeholder no case fills, an unknown signing actor and a missing template file", () => {
    const problems = customsWith((folder) => {
      writeFileSync(
        join(folder, "documents", "pv-installation.yaml"),
        [
          "id: pv-installation",
          "title: PV",
          "blocks:",
          '  - paragraph: "Pour {{data.champ_inconnu}}, le {{step.etape-inconnue.at}}"',
          "signatures:",
          "  - { actor: INCONNU }",
        ].join("\n"),
      );
      rmSync(join(folder, "documents", "bon-commande.yaml"));
    });
    const messages = problems.map((p) => `${p.file}: ${p.message.en}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/b-deploiement-materiel\.yaml: .*\{\{data\.champ_inconnu\}\}/),
        expect.stringMatching(/b-deploiement-materiel\.yaml: .*\{\{step\.etape-inconnue\.at\}\}/),
        expect.stringMatching(/b-deploiement-materiel\.yaml: .*actor "INCONNU"/),
        expect.stringMatching(/g-commande-reception-materiel\.yaml: template "bon-commande" not found/),
      ]),
    );
    expect(problems.every((p) => p.line !== undefined)).toBe(true);
  });
});
