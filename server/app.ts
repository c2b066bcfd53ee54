import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
  type RouteOptions,
} from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import { loadDocumentCatalogFrom } from "../catalog/documentCatalog.js";
import { message } from "../engine/messages.js";
import type { DirectoryConfig } from "./auth/directory.js";
import { OidcClient, type OidcConfig } from "./auth/oidc.js";
import type { Database } from "./db/database.js";
import { AppError } from "./errors.js";
import { guardBoundary } from "./http/boundary.js";
import { fieldProblems } from "./http/fieldProblems.js";
import { openApiDocument } from "./http/openApi.js";
import { securityHeaders } from "./http/securityHeaders.js";
import { isAppPage, sendAppPage, webAppRoutes, webDistFolder } from "./http/webApp.js";
import { proceduresFolder } from "./paths.js";
import { apiTokenRoutes } from "./routes/api/apiTokens.js";
import { attachmentRoutes } from "./routes/api/attachments.js";
import { caseDiagramRoutes } from "./routes/api/caseDiagram.js";
import { caseRoutes } from "./routes/api/cases.js";
import { catalogAdminRoutes } from "./routes/api/catalogAdmin.js";
import { delegationRoutes } from "./routes/api/delegations.js";
import { documentRoutes } from "./routes/api/documents.js";
import { jobRoutes } from "./routes/api/jobs.js";
import { notificationRoutes } from "./routes/api/notifications.js";
import { orgChartCsvRoutes } from "./routes/api/orgChartCsv.js";
import { oversightRoutes } from "./routes/api/oversight.js";
import { portalMessageRoutes } from "./routes/api/portalMessages.js";
import { procedureRoutes } from "./routes/api/procedures.js";
import { registerRoutes } from "./routes/api/registers.js";
import { roleMatrixRoutes } from "./routes/api/roleMatrix.js";
import { roleRoutes } from "./routes/api/roles.js";
import { secondFactorRoutes } from "./routes/api/secondFactor.js";
import { sessionRoutes } from "./routes/api/session.js";
import { singleSignOnRoutes } from "./routes/api/singleSignOn.js";
import { taskRoutes } from "./routes/api/tasks.js";
import { unitRoutes } from "./routes/api/units.js";
import { userRoutes } from "./routes/api/users.js";
import { webhookRoutes } from "./routes/api/webhooks.js";
import { healthRoutes } from "./routes/health.js";
import { portalApiRoutes } from "./routes/portalApi.js";
import { portalPageRoutes } from "./routes/portalPages.js";
import { verificationRoutes } from "./routes/verification.js";
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
  /** The LDAP directory / Active Directory that checks `ldap` accounts' passwords, if any. */
  directory?: DirectoryConfig | null;
  /** The OpenID Connect provider for single sign-on, if any. */
  oidc?: OidcConfig | null;
  /** Where people outside reach this server (`PUBLIC_URL`): printed on documents for their verification. */
  publicUrl?: string;
  /** The catalog folder whose letterheads and document templates official documents use. */
  proceduresDir?: string;
  /** Told of every route as it is registered (tests build the route table from it). */
  onRoute?: (route: RouteOptions) => void;
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
    // A badly encoded address or a path parameter too long is answered in the one error shape.
    frameworkErrors: (error, _request, reply) => {
      const problem = toAppError(error);
      return (reply as FastifyReply).code(problem.status).send(problem.toJSON());
    },
  };
  const app = Fastify(serverOptions);
  const { onRoute } = options;
  if (onRoute) app.addHook("onRoute", (route) => onRoute(route));
  const clock = options.clock ?? (() => new Date());
  app.decorate("clock", clock);
  // Text answers (the web app's scripts, JSON lists) travel compressed on slow links.
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(cookie);
  await securityHeaders(app);
  guardBoundary(app, options.database.db);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: openApiDocument(options.version),
    transform: jsonSchemaTransform,
    // Schemas given an id in zod's registry go under components.schemas, referred to by $ref.
    transformObject: jsonSchemaTransformObject,
  });
  // Interactive documentation from the package's own copy of Swagger UI: nothing is fetched from a
  // CDN, so it works on an administration's offline network.
  await app.register(swaggerUi, { routePrefix: "/api/docs", uiConfig: { deepLinking: true } });

  app.setErrorHandler((error, request, reply) => {
    const problem = toAppError(error);
    if (problem.status >= 500) request.log.error(error);
    return reply.code(problem.status).send(problem.toJSON());
  });
  const webApp = await webAppRoutes(app, options.webDir ?? webDistFolder());
  // Unknown routes answer in the same shape; the code tells them from "no such object" (not_found).
  // The web app's own pages (/dossiers/…) are answered with its index.html when it is built.
  app.setNotFoundHandler((request, reply) => {
    if (webApp && isAppPage(request)) return sendAppPage(reply);
    const route = `${request.method} ${request.url.split("?")[0]}`;
    return reply
      .code(404)
      .send(
        new AppError(
          404,
          "unknown_route",
          message(`aucune ressource à cette adresse : ${route}`, `no resource at this address: ${route}`),
        ).toJSON(),
      );
  });

  healthRoutes(app, options.database, options.version);
  sessionRoutes(app, options.database.db, {
    directory: options.directory ?? null,
    oidc: options.oidc ?? null,
  });
  singleSignOnRoutes(app, options.database.db, options.oidc ? new OidcClient(options.oidc) : null);
  secondFactorRoutes(app, options.database.db);
  apiTokenRoutes(app, options.database.db);
  notificationRoutes(app, options.database.db);
  webhookRoutes(app, options.database.db);
  procedureRoutes(app, options.database.db, clock);
  unitRoutes(app, options.database.db);
  roleRoutes(app, options.database.db);
  userRoutes(app, options.database.db);
  delegationRoutes(app, options.database.db);
  orgChartCsvRoutes(app, options.database.db);
  catalogAdminRoutes(app, options.database.db);
  roleMatrixRoutes(app, options.database.db);
  oversightRoutes(app, options.database.db, clock);
  jobRoutes(app, options.database.db);
  taskRoutes(app, options.database.db, clock);
  caseDiagramRoutes(app, options.database.db);
  const fileStore = new FileStore(options.filesDir);
  await attachmentRoutes(app, options.database.db, fileStore, clock);
  caseRoutes(app, options.database.db, fileStore, clock);
  documentRoutes(app, options.database.db, {
    catalog: loadDocumentCatalogFrom(options.proceduresDir ?? proceduresFolder()),
    publicUrl: options.publicUrl ?? "http://localhost:3000",
    clock,
  });
  await verificationRoutes(app, options.database.db, clock);
  portalApiRoutes(app, options.database.db, fileStore, clock);
  portalMessageRoutes(app, options.database.db, clock);
  portalPageRoutes(app, options.database.db);
  registerRoutes(app, options.database.db);
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/** Any error thrown while serving a request, as the API's one error shape. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = fieldProblems(error.validation);
    const names = fields.map((f) => f.field || "(requête)");
    const detail =
      fields.length === 1
        ? message(` (${names[0]}) : ${fields[0]!.message.fr}`, ` (${names[0]}): ${fields[0]!.message.en}`)
        : message(
            ` : ${fields.length} champs à corriger (${names.join(", ")})`,
            `: ${fields.length} fields to correct (${names.join(", ")})`,
          );
    return new AppError(
      422,
      "invalid_request",
      message(`requête invalide${detail.fr}`, `invalid request${detail.en}`),
      fields[0]?.field || undefined,
      fields,
    );
  }
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError(
        413,
        "payload_too_large",
        message("le corps de la requête est trop volumineux", "the request body is too large"),
      );
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError(
        415,
        "unsupported_media_type",
        message(
          "type de contenu non pris en charge : envoyez du JSON (application/json)",
          "unsupported content type: send JSON (application/json)",
        ),
      );
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError(
        400,
        "empty_body",
        message("le corps JSON de la requête est vide", "the JSON request body is empty"),
      );
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new AppError(400, "invalid_json", message("JSON mal formé", "malformed JSON"));
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    if (error instanceof SyntaxError) {
      return new AppError(400, "invalid_json", message("JSON mal formé", "malformed JSON"));
    }
    return new AppError(
      status,
      "bad_request",
      message(`requête refusée (${fastifyError.message ?? status})`, fastifyError.message ?? "bad request"),
    );
  }
  return new AppError(500, "internal", message("erreur interne du serveur", "internal server error"));
}
