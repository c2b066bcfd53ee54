import { stringify } from "csv-stringify/sync";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  ROLE_MATRIX_COLUMNS,
  type RoleMatrix,
  roleMatrix,
  roleMatrixExportQuery,
} from "../../../shared/api/roleMatrix.js";
import type { Db } from "../../db/database.js";
import { findDefinition } from "../../db/queries/definitions.js";
import { roleHolders, versionsInForce } from "../../db/queries/roleMatrix.js";
import { listRoles } from "../../db/queries/roles.js";
import { currentUser } from "../../identity.js";
import { matrixLines, stepsByRole } from "../../orgChart/roleMatrix.js";
import { requireOversight } from "../../policies/oversight.js";

/** The role matrix, for administrators and oversight roles. */
export function roleMatrixRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["habilitations"];

  const build = async (organisation: string): Promise<RoleMatrix> => {
    const inForce = await versionsInForce(db, organisation);
    const definitions = (
      await Promise.all(
        inForce.map((v) => findDefinition(db, { organisation, id: v.id, version: v.version })),
      )
    ).filter((d) => d !== null);
    const [roles, holders] = await Promise.all([listRoles(db, organisation), roleHolders(db, organisation)]);
    return {
      roles: roles.map((r) => ({ code: r.code, title: r.title, privileged: r.privileged })),
      steps: stepsByRole(definitions),
      holders,
    };
  };

  api.get("/api/role-matrix", { schema: { tags, response: { 200: roleMatrix } } }, async (request) => {
    const user = await currentUser(db, request);
    await requireOversight(db, user);
    return build(user.organisation);
  });

  api.get(
    "/api/role-matrix/export",
    { schema: { tags, querystring: roleMatrixExportQuery, produces: ["text/csv"] } },
    async (request, reply) => {
      const user = await currentUser(db, request);
      await requireOversight(db, user);
      const csv = stringify(matrixLines(await build(user.organisation)), {
        header: true,
        columns: [...ROLE_MATRIX_COLUMNS],
      });
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${user.organisation}-habilitations.csv"`)
        .send(csv);
    },
  );
}
