import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { projectRoot } from "../paths.js";

/** Where `vite build` puts the web app. */
export const webDistFolder = () => join(projectRoot(), "web", "dist");

/**
 * Serves the built web app at `/`: hashed assets cached for a year, index.html never cached.
 * Registered only when the app was built, so servers and tests without it still run. Returns
 * whether it is served, for the not-found handler to answer the app's own routes with index.html.
 */
export async function webAppRoutes(app: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(join(root, "index.html"))) return false;
  const assets = join(root, "assets");
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: false,
    index: false,
    setHeaders: (res, path) => {
      res.header(
        "cache-control",
        path.startsWith(assets) ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
  app.get("/", { schema: { hide: true } }, (_request, reply) =>
    reply.header("cache-control", "no-cache").sendFile("index.html"),
  );
  return true;
}

/** A page of the web app (/dossiers/…, /registres…): any GET outside the API and the health check. */
export function isAppPage(request: FastifyRequest): boolean {
  const path = request.url.split("?")[0] ?? "";
  return request.method === "GET" && path !== "/api" && !path.startsWith("/api/") && path !== "/health";
}

export function sendAppPage(reply: FastifyReply): FastifyReply {
  return reply.header("cache-control", "no-cache").sendFile("index.html");
}
