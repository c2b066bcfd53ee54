import type { RouteOptions } from "fastify";

/** One method of one registered route, as a client calls it. */
export interface ApiRoute {
  method: string;
  url: string;
  /** Left out of the OpenAPI document (`schema.hide`). */
  hidden: boolean;
}

/**
 * The routes under `/api/` from what Fastify's onRoute hook saw: one entry per method, without the
 * HEAD twins Fastify adds to every GET.
 */
export function apiRoutes(routes: RouteOptions[]): ApiRoute[] {
  const seen = new Map<string, ApiRoute>();
  for (const route of routes) {
    if (!route.url.startsWith("/api/")) continue;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === "HEAD") continue;
      const hidden = Boolean((route.schema as { hide?: boolean } | undefined)?.hide);
      seen.set(`${method} ${route.url}`, { method, url: route.url, hidden });
    }
  }
  return [...seen.values()].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
}

/**
 * Routes anyone may call without signing in. Keep this list short and say why for each: every other
 * route under /api/ is proved to refuse anonymous callers (tests/integration/routePermissions.test.ts)
 * and to be documented (tests/integration/openApi.test.ts).
 */
export const PUBLIC_ROUTES: Array<{ method: string; url: RegExp; why: string }> = [
  { method: "GET", url: /^\/api\/openapi\.json$/, why: "the API's own description" },
  { method: "GET", url: /^\/api\/docs(\/.*)?$/, why: "the interactive documentation and its assets" },
  { method: "POST", url: /^\/api\/session$/, why: "logging in" },
  {
    method: "POST",
    url: /^\/api\/verifications$/,
    why: "anyone holding an official document checks it against what was issued (rate-limited, says nothing else)",
  },
  {
    method: "GET",
    url: /^\/api\/portal\/:organisation(\/challenge)?$/,
    why: "the public portal: an organisation's public procedures and counters, and its proof-of-work challenge",
  },
  {
    method: "POST",
    url: /^\/api\/portal\/(:organisation\/(email-codes|requests)|tracking(\/(messages|documents|file|rating|reopen))?)$/,
    why: "the public portal: submitting without an account (limited, proof of work), and the one case a tracking code opens",
  },
  {
    method: "GET",
    url: /^\/api\/session\/(providers|oidc\/start|oidc\/callback)$/,
    why: "signing in: the methods offered, and single sign-on before any session exists",
  },
];

export const isPublic = (route: { method: string; url: string }) =>
  PUBLIC_ROUTES.some((p) => p.method === route.method && p.url.test(route.url));

/** `/api/cases/:caseId` → `/api/cases/{caseId}`, as OpenAPI writes paths. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/** The names of a route's path parameters. */
export const pathParams = (url: string) => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/**
 * A route's URL with its path parameters replaced by the given values. A parameter nobody gave a
 * value for fails loudly: the developer who added the route adds it to the test's map.
 */
export function fillPath(url: string, values: Record<string, string>, testFile: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new Error(
        `route ${url}: no value for the path parameter "${name}". Add "${name}" to the map of path parameters in ${testFile}, with the id of a real object the test creates.`,
      );
    }
    return encodeURIComponent(value);
  });
}
