import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { message } from "../../../engine/messages.js";
import {
  importDefinitionBody,
  importedDefinition,
  importRefusal,
  overseerBody,
  overseerList,
  overseerParams,
  procedureIdParams,
  procedureVersionParams,
  versionList,
} from "../../../shared/api/catalogAdmin.js";
import { activateDefinition } from "../../commands/definitionActivator.js";
import { importDefinition } from "../../commands/definitionImporter.js";
import { addProcedureOverseer, procedureOf, removeProcedureOverseer } from "../../commands/overseerEditor.js";
import type { Db } from "../../db/database.js";
import { listVersions } from "../../db/queries/definitionVersions.js";
import { listOverseers } from "../../db/queries/overseers.js";
import { currentUser } from "../../identity.js";
import { requireAdmin } from "../../policies/admin.js";

/** Catalog administration, for the administrators of the procedure's organisation. */
export function catalogAdminRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["procédures"];
  const admin = async (request: Parameters<typeof currentUser>[1]) => {
    const user = await currentUser(db, request);
    requireAdmin(user);
    return { admin: user, ip: request.ip, now: app.clock() };
  };

  api.post(
    "/api/procedures/import",
    {
      schema: {
        tags,
        body: importDefinitionBody,
        response: { 201: importedDefinition, 422: importRefusal },
      },
    },
    async (request, reply) => {
      const ctx = await admin(request);
      const result = await importDefinition(db, ctx, request.body);
      if (!result.ok) {
        const n = result.problems.length;
        return reply.code(422).send({
          error: {
            code: "invalid_definition",
            message: message(
              `${n} problème(s) dans la définition : rien n'a été enregistré`,
              `${n} problem(s) in the definition: nothing was stored`,
            ),
          },
          problems: result.problems,
        });
      }
      const stored = (await listVersions(db, result.definition.organisation, result.definition.id)).find(
        (v) => v.version === result.definition.version,
      )!;
      return reply.code(201).send({ version: presentVersion(stored), warnings: result.warnings });
    },
  );

  api.get(
    "/api/procedures/:procedureId/versions",
    { schema: { tags, params: procedureIdParams, response: { 200: versionList } } },
    async (request) => {
      const ctx = await admin(request);
      await procedureOf(db, ctx, request.params.procedureId);
      return {
        versions: (await listVersions(db, ctx.admin.organisation, request.params.procedureId)).map(
          presentVersion,
        ),
      };
    },
  );

  api.post(
    "/api/procedures/:procedureId/versions/:version/activate",
    { schema: { tags, params: procedureVersionParams, response: { 200: versionList } } },
    async (request) => {
      const ctx = await admin(request);
      await activateDefinition(db, ctx, request.params.procedureId, request.params.version);
      return {
        versions: (await listVersions(db, ctx.admin.organisation, request.params.procedureId)).map(
          presentVersion,
        ),
      };
    },
  );

  api.get(
    "/api/procedures/:procedureId/overseers",
    { schema: { tags, params: procedureIdParams, response: { 200: overseerList } } },
    async (request) => {
      const ctx = await admin(request);
      await procedureOf(db, ctx, request.params.procedureId);
      return presentOverseers(db, ctx.admin.organisation, request.params.procedureId);
    },
  );

  api.post(
    "/api/procedures/:procedureId/overseers",
    { schema: { tags, params: procedureIdParams, body: overseerBody, response: { 201: overseerList } } },
    async (request, reply) => {
      const ctx = await admin(request);
      await addProcedureOverseer(db, ctx, request.params.procedureId, request.body.roleCode);
      return reply
        .code(201)
        .send(await presentOverseers(db, ctx.admin.organisation, request.params.procedureId));
    },
  );

  api.delete(
    "/api/procedures/:procedureId/overseers/:roleCode",
    { schema: { tags, params: overseerParams, response: { 200: overseerList } } },
    async (request) => {
      const ctx = await admin(request);
      await removeProcedureOverseer(db, ctx, request.params.procedureId, request.params.roleCode);
      return presentOverseers(db, ctx.admin.organisation, request.params.procedureId);
    },
  );
}

async function presentOverseers(db: Db, organisation: string, procedureId: string) {
  const rows = await listOverseers(db, organisation, procedureId);
  return { overseers: rows.map((r) => ({ roleCode: r.roleCode, title: r.title ?? r.roleCode })) };
}

function presentVersion(v: Awaited<ReturnType<typeof listVersions>>[number]) {
  return {
    id: v.id,
    version: v.version,
    organisation: v.organisation,
    title: v.title,
    status: v.status,
    loadedAt: v.loadedAt.toISOString(),
    effectiveDate: v.effectiveDate,
  };
}
