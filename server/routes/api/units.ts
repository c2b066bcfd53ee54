import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  createUnitBody,
  pageQuery,
  type UnitTreeNode,
  unitIdParams,
  unitList,
  unitTree,
  unitView,
  updateUnitBody,
} from "../../../shared/api/orgChart.js";
import { changeUnit, createUnit } from "../../commands/unitEditor.js";
import type { Db } from "../../db/database.js";
import { listUnits, type UnitRow } from "../../db/queries/orgChart.js";
import { pageUnits } from "../../db/queries/units.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { currentUser } from "../../identity.js";
import { requireAdmin } from "../../policies/admin.js";

/** The units of the caller's organisation: anyone reads them, administrators change them. */
export function unitRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["organigramme"];

  api.get(
    "/api/units",
    { schema: { tags, querystring: pageQuery, response: { 200: unitList } } },
    async (request) => {
      const user = await currentUser(db, request);
      const { cursor, limit } = request.query;
      const key = cursor ? decodeCursor(cursor, ["string", "uuid"]) : null;
      const rows = await pageUnits(db, user.organisation, {
        after: key ? { code: String(key[0]), id: String(key[1]) } : null,
        limit,
      });
      const page = cutPage(rows, limit, (u) => [u.code, u.id]);
      return { items: page.items.map(presentUnit), nextCursor: page.nextCursor };
    },
  );

  api.get("/api/units/tree", { schema: { tags, response: { 200: unitTree } } }, async (request) => {
    const user = await currentUser(db, request);
    return { units: treeOf(await listUnits(db, user.organisation)) };
  });

  api.post(
    "/api/units",
    { schema: { tags, body: createUnitBody, response: { 201: unitView } } },
    async (request, reply) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const unit = await createUnit(db, { admin, ip: request.ip, now: app.clock() }, request.body);
      return reply.code(201).send(presentUnit(unit));
    },
  );

  api.patch(
    "/api/units/:unitId",
    { schema: { tags, params: unitIdParams, body: updateUnitBody, response: { 200: unitView } } },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const unit = await changeUnit(
        db,
        { admin, ip: request.ip, now: app.clock() },
        request.params.unitId,
        request.body,
      );
      return presentUnit(unit);
    },
  );
}

export function presentUnit(u: UnitRow) {
  return { id: u.id, code: u.code, name: u.name, kind: u.kind, parentId: u.parentId, headRole: u.headRole };
}

function treeOf(rows: UnitRow[]): UnitTreeNode[] {
  const sorted = [...rows].sort((a, b) => a.code.localeCompare(b.code));
  const nodes = new Map(sorted.map((u) => [u.id, { ...presentUnit(u), children: [] as UnitTreeNode[] }]));
  const roots: UnitTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
