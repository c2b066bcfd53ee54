import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  createRoleBody,
  pageQuery,
  roleCodeParams,
  roleList,
  roleView,
  updateRoleBody,
} from "../../../shared/api/orgChart.js";
import { changeRole, createRole } from "../../commands/roleEditor.js";
import type { Db } from "../../db/database.js";
import { pageRoles, type RoleRow } from "../../db/queries/roles.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { currentUser } from "../../identity.js";
import { requireAdmin } from "../../policies/admin.js";

/** The roles of the caller's organisation with their full titles. */
export function roleRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["organigramme"];

  api.get(
    "/api/roles",
    { schema: { tags, querystring: pageQuery, response: { 200: roleList } } },
    async (request) => {
      const user = await currentUser(db, request);
      const { cursor, limit } = request.query;
      const key = cursor ? decodeCursor(cursor, ["string"]) : null;
      const rows = await pageRoles(db, user.organisation, { after: key ? String(key[0]) : null, limit });
      const page = cutPage(rows, limit, (r) => [r.code]);
      return { items: page.items.map(presentRole), nextCursor: page.nextCursor };
    },
  );

  api.post(
    "/api/roles",
    { schema: { tags, body: createRoleBody, response: { 201: roleView } } },
    async (request, reply) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const role = await createRole(db, { admin, ip: request.ip, now: app.clock() }, request.body);
      return reply.code(201).send(presentRole(role));
    },
  );

  api.patch(
    "/api/roles/:roleCode",
    { schema: { tags, params: roleCodeParams, body: updateRoleBody, response: { 200: roleView } } },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const role = await changeRole(
        db,
        { admin, ip: request.ip, now: app.clock() },
        request.params.roleCode,
        request.body,
      );
      return presentRole(role);
    },
  );
}

function presentRole(r: RoleRow) {
  return { code: r.code, title: r.title, privileged: r.privileged };
}
