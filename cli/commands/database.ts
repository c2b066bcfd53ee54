import { loadCatalog } from "../../catalog/loadCatalog.js";
import { formatProblem } from "../../engine/definition/problems.js";
import { verifySecurityTrail } from "../../server/audit/securityTrail.js";
import { verifyAudit } from "../../server/audit/verifyAudit.js";
import { loadCatalogIntoDatabase } from "../../server/commands/catalogLoader.js";
import { rebuildOversight } from "../../server/commands/oversightRebuilder.js";
import { databaseConfigFromEnv, openDatabase } from "../../server/db/database.js";
import { proceduresFolder } from "../../server/paths.js";
import { type AuditOptions, exportAuditCheckpoints, verifyCheckpointsCommand } from "./auditCheckpoints.js";

/** Commands that work on the database named by DATABASE_URL, or the embedded one in DATA_DIR. */
export async function databaseCommand(
  command: string,
  args: string[],
  language: "fr" | "en",
  options: AuditOptions = {},
): Promise<number> {
  const t = (fr: string, en: string) => (language === "fr" ? fr : en);
  if (command === "serve") {
    await import("../../server/main.js");
    return 0;
  }
  if (command === "worker") return (await import("./worker.js")).workerCommand(language);
  if (!["migrate", "seed", "audit", "oversight"].includes(command)) {
    console.error(
      t(`commande inconnue « ${command} » (voir --help)`, `unknown command "${command}" (see --help)`),
    );
    return 2;
  }
  const exportCheckpoints = command === "audit" && args[0] === "checkpoints" && args[1] === "export";
  if (command === "audit" && args[0] !== "verify" && !exportCheckpoints) {
    console.error(
      t(
        "usage : logigramme audit verify [--checkpoints <fichier>] | logigramme audit checkpoints export",
        "usage: logigramme audit verify [--checkpoints <file>] | logigramme audit checkpoints export",
      ),
    );
    return 2;
  }
  if (command === "oversight" && args[0] !== "rebuild") {
    console.error(
      t(
        "usage : logigramme oversight rebuild [--organisation <code>]",
        "usage: logigramme oversight rebuild [--organisation <code>]",
      ),
    );
    return 2;
  }
  const database = await openDatabase(databaseConfigFromEnv());
  try {
    if (command === "oversight") {
      await database.migrate();
      const reports = await rebuildOversight(
        database.db,
        new Date(),
        options.organisation ? [options.organisation] : undefined,
      );
      for (const r of reports) {
        console.log(
          t(
            `${r.organisation} : tableaux de suivi reconstruits depuis ${r.events} événement(s) du journal d'audit`,
            `${r.organisation}: oversight figures rebuilt from ${r.events} audit event(s)`,
          ),
        );
      }
      return 0;
    }
    if (command === "migrate") {
      await database.migrate();
      console.log(
        t(
          `base à jour (${database.kind}, ${database.location})`,
          `database up to date (${database.kind}, ${database.location})`,
        ),
      );
      return 0;
    }
    if (command === "seed") {
      await database.migrate();
      const catalog = loadCatalog(args.length > 0 ? args : [proceduresFolder()]);
      for (const p of catalog.problems) console.error(formatProblem(p, language));
      if (catalog.problems.length > 0) return 1;
      const { added, kept } = await loadCatalogIntoDatabase(database.db, catalog);
      console.log(
        t(
          `${added} définition(s) ajoutée(s), ${kept} inchangée(s)`,
          `${added} definition(s) added, ${kept} unchanged`,
        ),
      );
      return 0;
    }
    if (exportCheckpoints) {
      process.stdout.write(
        `${JSON.stringify(await exportAuditCheckpoints(database.db, options.organisation), null, 2)}\n`,
      );
      return 0;
    }
    const report = await verifyAudit(database.db);
    for (const b of report.broken) {
      console.error(
        t(
          `${b.registryNumber} (${b.caseId}) : chaîne rompue ${b.seq === null ? "en fin de chaîne" : `à l'événement n° ${b.seq}`} (${b.reason})`,
          `${b.registryNumber} (${b.caseId}): chain broken ${b.seq === null ? "at its tail" : `at event #${b.seq}`} (${b.reason})`,
        ),
      );
    }
    console.log(
      t(
        `${report.casesChecked} dossier(s), ${report.eventsChecked} événement(s) vérifiés ; ${report.broken.length} chaîne(s) rompue(s)`,
        `${report.casesChecked} case(s), ${report.eventsChecked} event(s) checked; ${report.broken.length} broken chain(s)`,
      ),
    );
    const trail = await verifySecurityTrail(database.db);
    for (const b of trail.broken) {
      console.error(
        t(
          `journal de sécurité « ${b.organisation || "comptes inconnus"} » : chaîne rompue à l'événement ${b.id} (${b.reason})`,
          `security trail "${b.organisation || "unknown accounts"}": chain broken at event ${b.id} (${b.reason})`,
        ),
      );
    }
    console.log(
      t(
        `journal de sécurité : ${trail.checked} événement(s) vérifiés ; ${trail.broken.length} chaîne(s) rompue(s)`,
        `security trail: ${trail.checked} event(s) checked; ${trail.broken.length} broken chain(s)`,
      ),
    );
    const checkpoints = await verifyCheckpointsCommand(database.db, options, t);
    return report.broken.length + trail.broken.length + checkpoints > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}
