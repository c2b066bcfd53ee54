import type { FastifyInstance, FastifyRequest } from "fastify";
import { message } from "../../engine/messages.js";
import { sessionTokenOf } from "../auth/sessions.js";
import { API_TOKEN_PREFIX, secretHash } from "../auth/tokens.js";
import type { Db } from "../db/database.js";
import { findLiveSession } from "../db/queries/sessions.js";
import { AppError } from "../errors.js";
import { unauthenticated } from "../identity.js";

/** Deeper JSON than this is no form a person filled in: refused before anything reads it. */
export const MAX_JSON_DEPTH = 32;

/** The public portal's API routes: anyone may call them (each limits and checks what it is given). */
const PORTAL_ROUTES = new Set([
  "GET /api/portal/:organisation",
  "GET /api/portal/:organisation/challenge",
  "POST /api/portal/:organisation/email-codes",
  "POST /api/portal/:organisation/requests",
  "POST /api/portal/tracking",
  "POST /api/portal/tracking/messages",
  "POST /api/portal/tracking/documents",
  "POST /api/portal/tracking/file",
  "POST /api/portal/tracking/rating",
  "POST /api/portal/tracking/reopen",
]);

/** Routes anyone may call (signing in, the API's description): everything else wants a caller. */
function isPublicRoute(method: string, url: string | undefined): boolean {
  if (!url) return true; // unknown routes: the not-found handler answers
  if (!url.startsWith("/api/")) return true;
  if (url === "/api/openapi.json" || url.startsWith("/api/docs")) return true;
  if (method === "POST" && url === "/api/session") return true;
  // The verification of an official document: whoever holds the file, with no account.
  if (method === "POST" && url === "/api/verifications") return true;
  // The public portal: no account; a tracking code opens one case (server/routes/portalApi.ts).
  if (PORTAL_ROUTES.has(`${method} ${url}`)) return true;
  return method === "GET" && /^\/api\/session\/(providers|oidc\/start|oidc\/callback)$/.test(url);
}

const malformed = (fr: string, en: string, target?: string) =>
  new AppError(400, "malformed_input", message(fr, en), target);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A string PostgreSQL cannot store or that is not Unicode; shared with the pagination cursors. */
export function isStorableText(value: string): boolean {
  return badString(value) === null;
}

/** A string PostgreSQL cannot store (NUL) or that is not Unicode (a lone surrogate). */
function badString(value: string): string | null {
  if (value.includes("\u0000")) return "NUL";
  if (LONE_SURROGATE.test(value)) return "surrogate";
  return null;
}

function refuseString(value: string, where: string): void {
  const problem = badString(value);
  if (problem === "NUL") {
    throw malformed(`caractère nul interdit (${where})`, `NUL character not allowed (${where})`, where);
  }
  if (problem) {
    throw malformed(
      `texte qui n'est pas de l'Unicode valide (${where})`,
      `text that is not valid Unicode (${where})`,
      where,
    );
  }
}

/** Walks parsed input: every key and string is checked, and the depth is bounded. */
function checkValue(value: unknown, where: string, depth: number): void {
  if (typeof value === "string") {
    refuseString(value, where);
    return;
  }
  if (value === null || typeof value !== "object") return;
  if (depth > MAX_JSON_DEPTH) {
    throw malformed(
      `données imbriquées sur plus de ${MAX_JSON_DEPTH} niveaux`,
      `data nested more than ${MAX_JSON_DEPTH} levels deep`,
      where,
    );
  }
  if (Array.isArray(value)) {
    for (const item of value) checkValue(item, where, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    refuseString(key, where);
    checkValue(item, where ? `${where}.${key}` : key, depth + 1);
  }
}

/**
 * Every request passes here before its schema is checked (issue 17): input PostgreSQL or the
 * engine cannot take (NUL bytes, lone surrogates, absurd nesting) is a 400 whatever the route, and a
 * caller with no live session or token is a 401 before any field of a non-public route is
 * examined, so an anonymous caller learns nothing of the route's fields. The route still
 * authenticates fully (`identity.ts`): this only refuses who certainly cannot pass.
 */
export function guardBoundary(app: FastifyInstance, db: Db): void {
  app.addHook("onRequest", async (request) => {
    let path: string;
    try {
      path = decodeURIComponent(request.url);
    } catch {
      throw malformed("adresse mal encodée", "badly encoded address");
    }
    refuseString(path, "url");
  });
  app.addHook("preValidation", async (request) => {
    checkValue(request.params, "", 0);
    checkValue(request.query, "", 0);
    if (request.body !== undefined && !Buffer.isBuffer(request.body)) checkValue(request.body, "", 0);
    if (isPublicRoute(request.method, request.routeOptions.url)) return;
    if (!(await mayBeACaller(db, request))) throw unauthenticated();
  });
}

async function mayBeACaller(db: Db, request: FastifyRequest): Promise<boolean> {
  const authorization = request.headers.authorization;
  if (typeof authorization === "string" && /^Bearer\s+/i.test(authorization)) {
    return authorization
      .replace(/^Bearer\s+/i, "")
      .trim()
      .startsWith(API_TOKEN_PREFIX);
  }
  const token = sessionTokenOf(request);
  if (!token) return false;
  return (await findLiveSession(db, secretHash(token), request.server.clock())) !== null;
}
