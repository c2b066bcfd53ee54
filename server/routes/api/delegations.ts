import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  createDelegationBody,
  delegationIdParams,
  delegationList,
  delegationsQuery,
  delegationView,
} from "../../../shared/api/delegations.js";
import { loadCalendar } from "../../commands/calendarLoader.js";
import { createDelegation, endDelegation } from "../../commands/delegationEditor.js";
import type { Db } from "../../db/database.js";
import { type DelegationRow, pageDelegations } from "../../db/queries/delegations.js";
import { findUserById } from "../../db/queries/orgChart.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { currentUser } from "../../identity.js";
import { organisationToday } from "../../orgChart/organisationToday.js";

/** Delegations ("intérim"): administrators see their organisation's, others those they take part in. */
export function delegationRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["intérim"];

  const today = async (organisation: string) =>
    organisationToday(await loadCalendar(db, organisation), app.clock());

  api.get(
    "/api/delegations",
    { schema: { tags, querystring: delegationsQuery, response: { 200: delegationList } } },
    async (request) => {
      const user = await currentUser(db, request);
      const { cursor, limit, inForce } = request.query;
      const key = cursor ? decodeCursor(cursor, ["date", "uuid"]) : null;
      const day = await today(user.organisation);
      const rows = await pageDelegations(
        db,
        user.organisation,
        { involving: user.isAdmin ? null : user.id, inForceOn: inForce === "true" ? day : null },
        { after: key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : null, limit },
      );
      const page = cutPage(rows, limit, (d) => [d.createdAt.toISOString(), d.id]);
      return {
        items: await Promise.all(page.items.map((d) => presentDelegation(db, d, day))),
        nextCursor: page.nextCursor,
      };
    },
  );

  api.post(
    "/api/delegations",
    { schema: { tags, body: createDelegationBody, response: { 201: delegationView } } },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const row = await createDelegation(
        db,
        user,
        { ...request.body, userId: request.body.userId ?? user.id },
        { ip: request.ip, now: app.clock() },
      );
      return reply.code(201).send(await presentDelegation(db, row, await today(user.organisation)));
    },
  );

  api.post(
    "/api/delegations/:delegationId/revoke",
    { schema: { tags, params: delegationIdParams, response: { 200: delegationView } } },
    async (request) => {
      const user = await currentUser(db, request);
      const row = await endDelegation(db, user, request.params.delegationId, {
        ip: request.ip,
        now: app.clock(),
      });
      return presentDelegation(db, row, await today(user.organisation));
    },
  );
}

async function presentDelegation(db: Db, d: DelegationRow, today: string) {
  const [absent, deputy] = await Promise.all([findUserById(db, d.userId), findUserById(db, d.deputyId)]);
  return {
    id: d.id,
    userId: d.userId,
    userName: absent?.name ?? "",
    deputyId: d.deputyId,
    deputyName: deputy?.name ?? "",
    fromDate: d.fromDate,
    toDate: d.toDate,
    reason: d.reason,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
    revokedAt: d.revokedAt?.toISOString() ?? null,
    inForce: d.revokedAt === null && d.fromDate <= today && today <= d.toDate,
  };
}
