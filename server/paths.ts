import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The checkout or installed package root, found from this file so that the same code runs from
 * sources (tsx, vitest) and from the build (`dist/`): migrations and procedures are read there.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("package.json not found above the server code");
    dir = parent;
  }
  return dir;
}

export const migrationsFolder = () => join(projectRoot(), "server", "db", "migrations");
export const proceduresFolder = () => join(projectRoot(), "procedures");
