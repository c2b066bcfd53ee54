import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { message } from "../../../engine/messages.js";
import {
  orgChartCsvQuery,
  orgChartImportRefusal,
  orgChartImportResult,
} from "../../../shared/api/orgChartCsv.js";
import { exportOrgChart } from "../../commands/orgChartExporter.js";
import { importOrgChart } from "../../commands/orgChartImporter.js";
import type { Db } from "../../db/database.js";
import { AppError } from "../../errors.js";
import { currentUser } from "../../identity.js";
import { requireAdmin } from "../../policies/admin.js";

/** CSV import and export of the org chart's units and users (formats: shared/api/orgChartCsv.ts). */
export function orgChartCsvRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["organigramme"];
  app.addContentTypeParser("text/csv", { parseAs: "string" }, (_request, body, done) => done(null, body));

  api.post(
    "/api/org-chart/import",
    {
      schema: {
        tags,
        querystring: orgChartCsvQuery,
        body: z.string(),
        consumes: ["text/csv"],
        response: { 200: orgChartImportResult, 422: orgChartImportRefusal },
      },
    },
    async (request, reply) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      if (typeof request.body !== "string" || !/^text\/csv\b/.test(request.headers["content-type"] ?? "")) {
        throw new AppError(
          415,
          "unsupported_media_type",
          message("envoyez le fichier en text/csv", "send the file as text/csv"),
        );
      }
      const outcome = await importOrgChart(
        db,
        { admin, ip: request.ip, now: app.clock() },
        request.query.kind,
        request.body,
      );
      if (!outcome.ok) {
        const n = outcome.problems.length;
        return reply.code(422).send({
          error: {
            code: "invalid_csv",
            message: message(
              `${n} problème(s) dans le fichier : rien n'a été importé`,
              `${n} problem(s) in the file: nothing was imported`,
            ),
          },
          problems: outcome.problems,
        });
      }
      return { kind: outcome.kind, created: outcome.created, updated: outcome.updated };
    },
  );

  api.get(
    "/api/org-chart/export",
    { schema: { tags, querystring: orgChartCsvQuery, produces: ["text/csv"] } },
    async (request, reply) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const csv = await exportOrgChart(db, admin.organisation, request.query.kind);
      return reply
        .type("text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="${admin.organisation}-${request.query.kind}.csv"`,
        )
        .send(csv);
    },
  );
}
