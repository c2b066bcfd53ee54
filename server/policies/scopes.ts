import { message } from "../../engine/messages.js";
import type { ApiScope } from "../../shared/api/apiTokens.js";
import { AppError } from "../errors.js";

/**
 * The scope an API token needs for each route, keyed by method and route pattern (as declared
 * to Fastify). The one place where routes meet scopes: a route missing here cannot be called
 * with a token at all, so a new route stays closed to other systems until someone decides here
 * what it is. Session, second-factor and token administration routes are deliberately absent:
 * a token never manages accounts or other tokens.
 */
const ROUTE_SCOPES: Record<string, ApiScope> = {
  "GET /api/procedures": "catalog:read",
  "GET /api/procedures/:procedureId": "catalog:read",
  "GET /api/procedures/:procedureId/versions/:version": "catalog:read",
  "GET /api/procedures/:procedureId/diagram.svg": "catalog:read",
  "GET /api/procedures/:procedureId/diagram.mmd": "catalog:read",
  "POST /api/cases": "cases:write",
  "GET /api/cases": "cases:read",
  "GET /api/cases/export": "cases:read",
  "GET /api/cases/:caseId": "cases:read",
  "GET /api/cases/:caseId/history": "cases:read",
  "POST /api/cases/:caseId/comments": "cases:write",
  "GET /api/cases/:caseId/portal-messages": "cases:read",
  "POST /api/cases/:caseId/portal-messages": "cases:write",
  "GET /api/cases/:caseId/attachments/:attachmentId/content": "cases:read",
  "GET /api/cases/:caseId/diagram.svg": "cases:read",
  "POST /api/cases/:caseId/actions": "cases:write",
  "POST /api/cases/:caseId/attachments": "cases:write",
  "GET /api/attachments/:attachmentId": "cases:read",
  "GET /api/cases/:caseId/documents": "cases:read",
  "GET /api/cases/:caseId/summary.pdf": "cases:read",
  "POST /api/cases/:caseId/documents/:documentId/issue": "cases:write",
  "GET /api/tasks": "tasks:read",
  "GET /api/tasks/counts": "tasks:read",
  "GET /api/tasks/workload": "tasks:read",
  "POST /api/tasks/:taskId/actions": "cases:write",
  // The org chart, to route work from another system (the directory itself stays for people).
  "GET /api/units": "org:read",
  "GET /api/units/tree": "org:read",
  "GET /api/roles": "org:read",
  "GET /api/users": "org:read",
  // Registers: other systems (an inventory agent, a mail-room scanner) read and feed them.
  "GET /api/registers": "registers:read",
  "GET /api/registers/:registerId": "registers:read",
  "GET /api/registers/:registerId/entries": "registers:read",
  "GET /api/registers/:registerId/entries/:entryId": "registers:read",
  "GET /api/registers/:registerId/export": "registers:read",
  "GET /api/cases/:caseId/register-entries": "cases:read",
  "POST /api/registers/:registerId/entries": "registers:write",
  "PATCH /api/registers/:registerId/entries/:entryId": "registers:write",
  "POST /api/registers/:registerId/entries/:entryId/movements": "registers:write",
  "POST /api/registers/:registerId/import": "registers:write",
  "POST /api/registers/:registerId/import/glpi": "registers:write",
  "POST /api/registers/:registerId/import/glpi-inventory": "registers:write",
};

/** "METHOD /route/:pattern" of every route a token may call (tests check each one exists). */
export const TOKEN_ROUTES: readonly string[] = Object.keys(ROUTE_SCOPES);

export function scopeOfRoute(method: string, routeUrl: string | undefined): ApiScope | null {
  if (!routeUrl) return null;
  return ROUTE_SCOPES[`${method} ${routeUrl}`] ?? null;
}

/** Refuses a token's call outside its scopes, or to a route no token may call. */
export function requireScope(scopes: readonly string[], method: string, routeUrl: string | undefined): void {
  const needed = scopeOfRoute(method, routeUrl);
  if (!needed) {
    throw new AppError(
      403,
      "not_available_to_tokens",
      message(
        "cette opération n'est pas accessible avec un jeton d'API",
        "this operation cannot be called with an API token",
      ),
    );
  }
  if (!scopes.includes(needed)) {
    throw new AppError(
      403,
      "insufficient_scope",
      message(`ce jeton n'a pas la portée « ${needed} »`, `this token lacks the "${needed}" scope`),
    );
  }
}
