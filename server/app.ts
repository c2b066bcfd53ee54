import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import type { Database } from "./db/database.js";
import { AppError } from "./errors.js";
import { webAppRoutes, webDistFolder } from "./http/webApp.js";
import { attachmentRoutes } from "./routes/api/attachments.js";
import { caseRoutes } from "./routes/api/cases.js";
import { notificationRoutes } from "./routes/api/notifications.js";
import { procedureRoutes } from "./routes/api/procedures.js";
import { sessionRoutes } from "./routes/api/session.js";
import { healthRoutes } from "./routes/health.js";
import { FileStore } from "./storage/fileStore.js";

export interface AppOptions {
  database: Database;
  version: string;
  /** The only clock of the server; tests pass a fixed one. */
  clock?: () => Date;
  logger?: boolean;
  /** Where attachment bytes are stored (shared storage when several app servers run). */
  filesDir: string;
  /** Trust X-Forwarded-* from this proxy (Fastify's trustProxy: true, an address, or a hop count). */
  trustProxy?: boolean | string;
  /** The built web app served at `/` (defaults to web/dist; skipped when it was not built). */
  webDir?: string;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The only clock of the server (sessions, due dates); tests pass a fixed one. */
    clock: () => Date;
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions = {
    logger: options.logger ?? false,
    bodyLimit: 1_048_576,
    // Behind the administration's reverse proxy, the client's address and HTTPS come from it.
    trustProxy: options.trustProxy ?? false,
  };
  const app = Fastify(serverOptions);
  const clock = options.clock ?? (() => new Date());
  app.decorate("clock", clock);
  // Text answers (the web app's scripts, JSON lists) travel compressed on slow links.
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(cookie);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: { info: { title: "Logigramme API", version: options.version } },
    transform: jsonSchemaTransform,
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) return reply.code(error.status).send(error.toJSON());
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const field = first?.instancePath.replace(/^\//, "").replaceAll("/", ".") || undefined;
      return reply.code(422).send(
        new AppError(
          422,
          "invalid_request",
          {
            fr: `requête invalide${field ? ` (${field})` : ""} : ${first?.message ?? "format inattendu"}`,
            en: `invalid request${field ? ` (${field})` : ""}: ${first?.message ?? "unexpected format"}`,
          },
          field,
        ).toJSON(),
      );
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send(
        new AppError(status, "bad_request", {
          fr: "requête refusée",
          en: (error as Error).message,
        }).toJSON(),
      );
    }
    request.log.error(error);
    return reply.code(500).send(
      new AppError(500, "internal", {
        fr: "erreur interne du serveur",
        en: "internal server error",
      }).toJSON(),
    );
  });

  healthRoutes(app, options.database, options.version);
  sessionRoutes(app, options.database.db);
  notificationRoutes(app, options.database.db);
  procedureRoutes(app, options.database.db);
  caseRoutes(app, options.database.db, clock);
  await attachmentRoutes(app, options.database.db, new FileStore(options.filesDir), clock);
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  await webAppRoutes(app, options.webDir ?? webDistFolder());
  return app;
}
