import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../db/database.js";
import { findDefinitionInForce, listDefinitions } from "../../db/queries/definitions.js";
import { notFound } from "../../errors.js";

export function procedureRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get("/api/procedures", { schema: { tags: ["procédures"] } }, async () => ({
    procedures: await listDefinitions(db),
  }));
  api.get(
    "/api/procedures/:procedureId",
    { schema: { tags: ["procédures"], params: z.object({ procedureId: z.string().min(1).max(200) }) } },
    async (request) => {
      const definition = await findDefinitionInForce(db, request.params.procedureId);
      if (!definition) throw notFound({ fr: "procédure", en: "procedure" });
      return { definition };
    },
  );
}
