#!/usr/bin/env node
import { parseArgs } from "node:util";
import { definitionJsonSchema, registerJsonSchema } from "./commands/schema.js";
import { validateCommand } from "./commands/validate.js";

const USAGE = `logigramme <commande> [options]

Commandes / commands:
  validate [chemins...]   vérifie les définitions de procédures (défaut : procedures/)
  schema [register]       affiche le JSON Schema des définitions (ou des registres)
  draw <id> [--mermaid]   dessine le logigramme d'une procédure (SVG, ou texte Mermaid)
  export-bpmn <id>        exporte une procédure en BPMN 2.0 (XML)
  import-bpmn <fichier>   lit un fichier BPMN 2.0 et affiche la définition YAML
  manual <organisation>   régénère le manuel de procédures (HTML prêt à imprimer)
  migrate                 crée ou met à jour la base de données
  seed                    charge le catalogue et les données de démonstration
  serve                   démarre le serveur HTTP
  worker                  exécute les tâches de fond seules, sans serveur HTTP
  audit verify            vérifie chaque chaîne du journal d'audit et ses points de contrôle signés
    [--checkpoints <fichier>] [--public-key <fichier>]
                          aussi contre un export de points de contrôle gardé hors de la base
  organisation create <code> --name <nom> --admin <matricule> --admin-name <nom>
    [--calendar CI|MA] [--unit <code> --unit-name <nom>] [--admin-email <courriel>]
    [--copy-from <organisation>]
                          crée une organisation et son administrateur ; reprend en
                          brouillon les rôles et procédures d'une autre organisation
  oversight rebuild [--organisation <code>]
                          reconstruit les tableaux de suivi depuis le journal d'audit
  audit checkpoints export [--organisation <code>]
                          exporte les points de contrôle signés (JSON, sur la sortie standard)

Options:
  --lang fr|en            langue des messages (défaut : fr)
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lang: { type: "string", default: "fr" },
      help: { type: "boolean", short: "h" },
      mermaid: { type: "boolean", default: false },
      checkpoints: { type: "string" },
      "public-key": { type: "string" },
      organisation: { type: "string" },
      name: { type: "string" },
      calendar: { type: "string" },
      unit: { type: "string" },
      "unit-name": { type: "string" },
      admin: { type: "string" },
      "admin-name": { type: "string" },
      "admin-email": { type: "string" },
      "copy-from": { type: "string" },
    },
  });
  const language = values.lang === "en" ? "en" : "fr";
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case "validate":
      return validateCommand(rest, language);
    case "schema":
      process.stdout.write(rest[0] === "register" ? registerJsonSchema() : definitionJsonSchema());
      return 0;
    case "draw":
      return (await import("./commands/draw.js")).drawCommand(rest, {
        mermaid: values.mermaid === true,
        language,
      });
    case "export-bpmn":
      return (await import("./commands/bpmn.js")).exportBpmnCommand(rest, language);
    case "import-bpmn":
      return (await import("./commands/bpmn.js")).importBpmnCommand(rest, language);
    case "manual":
      return (await import("./commands/manual.js")).manualCommand(rest, language);
    case "organisation":
      return (await import("./commands/organisation.js")).organisationCommand(rest, values, language);
    default: {
      const db = await import("./commands/database.js");
      return db.databaseCommand(command, rest, language, {
        checkpoints: values.checkpoints,
        publicKey: values["public-key"],
        organisation: values.organisation,
      });
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
