import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCatalog } from "../catalog/loadCatalog.js";
import { formatProblem } from "../engine/definition/problems.js";
import { loadCatalogIntoDatabase } from "./commands/catalogLoader.js";
import { type Database, type DatabaseConfig, openDatabase } from "./db/database.js";
import { proceduresFolder, projectRoot } from "./paths.js";

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as { version: string })
    .version;
}

/**
 * Opens the database, applies pending migrations and loads the catalog (its org charts are the
 * demo data): the same steps for `npm start`, the CLI and the tests, on either database.
 */
export async function prepareDatabase(
  config: DatabaseConfig,
  catalogPaths = [proceduresFolder()],
): Promise<Database> {
  const database = await openDatabase(config);
  try {
    await database.migrate();
    const catalog = loadCatalog(catalogPaths);
    if (catalog.problems.length > 0) {
      throw new Error(`catalog problems:\n${catalog.problems.map((p) => formatProblem(p, "en")).join("\n")}`);
    }
    await loadCatalogIntoDatabase(database.db, catalog);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
