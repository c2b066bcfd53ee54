import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CaseEvent } from "../../../engine/case/events.js";
import { caseProgress } from "../../../engine/diagram/caseProgress.js";
import { renderSvg } from "../../../engine/diagram/svg.js";
import { caseIdParams } from "../../../shared/api/cases.js";
import { commonProblems } from "../../../shared/api/problem.js";
import type { Db } from "../../db/database.js";
import { findDefinitionRow } from "../../db/queries/definitions.js";
import { listCaseEvents } from "../../db/queries/events.js";
import { layoutOf, sendDrawing } from "../../diagrams/drawings.js";
import { notFound } from "../../errors.js";
import { currentUser } from "../../identity.js";
import { caseReader, readableCase } from "../../policies/caseAccess.js";

/** The logigramme of the version a case runs on, with the path it took and where it waits. */
export function caseDiagramRoutes(app: FastifyInstance, db: Db): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/cases/:caseId/diagram.svg",
    {
      schema: {
        tags: ["dossiers"],
        summary: "Logigramme du dossier et chemin suivi (SVG) / the case's diagram with the path taken",
        params: caseIdParams,
        response: {
          200: { description: "SVG 1.1", content: { "image/svg+xml": { schema: z.string() } } },
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const row = await readableCase(db, await caseReader(db, user, app.clock()), request.params.caseId);
      const definition = await findDefinitionRow(db, {
        organisation: row.organisation,
        id: row.procedureId,
        version: row.procedureVersion,
      });
      if (!definition) throw notFound({ fr: "définition de la procédure", en: "procedure definition" });
      // Events are stored as their type plus the rest of the engine's event (see transitionRecorder).
      const events = (await listCaseEvents(db, row.id)).map(
        (e) => ({ type: e.type, ...e.payload }) as CaseEvent,
      );
      const def = definition.definition;
      const svg = renderSvg(def, await layoutOf(definition.contentHash, def), caseProgress(def, events));
      return sendDrawing(request, reply, svg, "image/svg+xml; charset=utf-8");
    },
  );
}
