import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  apiTokenList,
  apiTokenParams,
  apiTokenView,
  createApiTokenBody,
  createdApiToken,
} from "../../../shared/api/apiTokens.js";
import { pageQuery } from "../../../shared/api/pagination.js";
import { commonProblems } from "../../../shared/api/problem.js";
import { issueApiToken } from "../../commands/apiTokenIssuer.js";
import { revokeToken } from "../../commands/apiTokenRevoker.js";
import type { Db } from "../../db/database.js";
import { type ApiTokenRow, listApiTokens } from "../../db/queries/apiTokens.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { currentUser } from "../../identity.js";
import { requireAdmin } from "../../policies/admin.js";

/** Tokens other systems call the API with; managed by the organisation's administrators. */
export function apiTokenRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["jetons d'API"];

  api.post(
    "/api/tokens",
    { schema: { tags, body: createApiTokenBody, response: { 201: createdApiToken, ...commonProblems } } },
    async (request, reply) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const { token, secret } = await issueApiToken(
        db,
        admin,
        { ...request.body, ip: request.ip },
        app.clock(),
      );
      return reply.code(201).send({ token: presentToken(token), secret });
    },
  );

  api.get(
    "/api/tokens",
    { schema: { tags, querystring: pageQuery, response: { 200: apiTokenList, ...commonProblems } } },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const { cursor, limit } = request.query;
      const key = cursor ? decodeCursor(cursor, ["date", "uuid"]) : null;
      const rows = await listApiTokens(db, admin.organisation, {
        after: key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : null,
        limit,
      });
      const page = cutPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { items: page.items.map(presentToken), nextCursor: page.nextCursor };
    },
  );

  api.delete(
    "/api/tokens/:tokenId",
    { schema: { tags, params: apiTokenParams, response: { 200: apiTokenView, ...commonProblems } } },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const token = await revokeToken(
        db,
        admin,
        { tokenId: request.params.tokenId, ip: request.ip },
        app.clock(),
      );
      return presentToken(token);
    },
  );
}

/** Never the secret nor its hash: only the prefix to recognise it. */
function presentToken(token: ApiTokenRow) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    userId: token.userId,
    scopes: token.scopes,
    createdBy: token.createdBy,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
