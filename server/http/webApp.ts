import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { AppError } from "../errors.js";
import { projectRoot } from "../paths.js";

/** Where `vite build` puts the web app. */
export const webDistFolder = () => join(projectRoot(), "web", "dist");

/**
 * Serves the built web app at `/`: hashed assets cached for a year, index.html never cached, and
 * every other GET outside /api answered with index.html so that the app's own routes load.
 * Registered only when the app was built, so servers and tests without it still run.
 */
export async function webAppRoutes(app: FastifyInstance, root: string): Promise<void> {
  if (!existsSync(join(root, "index.html"))) return;
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: false,
    index: false,
    setHeaders: (res, path) => {
      res.header(
        "cache-control",
        path.includes(`${join(root, "assets")}`) ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
  app.get("/", { schema: { hide: true } }, (_request, reply) =>
    reply.header("cache-control", "no-cache").sendFile("index.html"),
  );
  app.setNotFoundHandler((request, reply) => {
    if (request.method === "GET" && !request.url.startsWith("/api/") && request.url !== "/api") {
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    }
    return reply
      .code(404)
      .send(new AppError(404, "not_found", { fr: "adresse inconnue", en: "unknown address" }).toJSON());
  });
}
