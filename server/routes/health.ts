import { readdirSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { appliedMigrationCount, type Database } from "../db/database.js";
import { countDefinitions } from "../db/queries/definitions.js";
import { migrationsFolder } from "../paths.js";

/** Liveness and readiness in one: database reachable, migrations applied, catalog loaded. */
export function healthRoutes(app: FastifyInstance, database: Database, version: string): void {
  const expectedMigrations = readdirSync(migrationsFolder()).filter((f) => f.endsWith(".sql")).length;
  app.get("/health", async (_request, reply) => {
    try {
      const applied = await appliedMigrationCount(database.db);
      const procedures = await countDefinitions(database.db);
      const ok = applied === expectedMigrations && procedures > 0;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? "ok" : "degraded",
        version,
        database: { kind: database.kind, reachable: true },
        migrations: { applied, expected: expectedMigrations },
        catalog: { procedures },
      });
    } catch {
      return reply
        .code(503)
        .send({ status: "down", version, database: { kind: database.kind, reachable: false } });
    }
  });
}
