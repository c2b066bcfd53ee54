import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { message } from "../../../engine/messages.js";
import { oidcCallbackQuery } from "../../../shared/api/session.js";
import {
  type OidcClient,
  oidcNotConfigured,
  PENDING_COOKIE,
  PENDING_COOKIE_PATH,
  PENDING_TTL_MS,
  signInExpired,
} from "../../auth/oidc.js";
import { setSessionCookie } from "../../auth/sessions.js";
import { loginWithOidc, recordOidcRefusal } from "../../commands/oidcLogin.js";
import type { Db } from "../../db/database.js";
import { AppError } from "../../errors.js";

/**
 * OpenID Connect single sign-on: `start` sends the browser to the provider, `callback` receives
 * it back with a code, and opens a session like a password sign-in would.
 */
export function singleSignOnRoutes(app: FastifyInstance, db: Db, oidc: OidcClient | null): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["session"];

  api.get("/api/session/oidc/start", { schema: { tags } }, async (request, reply) => {
    if (!oidc) throw oidcNotConfigured();
    const { location, cookie } = await oidc.start(app.clock());
    // SameSite=Lax: the provider brings the browser back by a top-level GET, which carries it.
    reply.setCookie(PENDING_COOKIE, cookie, {
      httpOnly: true,
      sameSite: "lax",
      secure: request.protocol === "https",
      path: PENDING_COOKIE_PATH,
      maxAge: PENDING_TTL_MS / 1000,
    });
    return reply.redirect(location, 302);
  });

  api.get(
    "/api/session/oidc/callback",
    { schema: { tags, querystring: oidcCallbackQuery } },
    async (request, reply) => {
      if (!oidc) throw oidcNotConfigured();
      const context = { ip: request.ip, userAgent: request.headers["user-agent"] ?? null };
      const now = app.clock();
      // One attempt per cookie, whatever happens next.
      reply.clearCookie(PENDING_COOKIE, { path: PENDING_COOKIE_PATH });
      let outcome: Awaited<ReturnType<OidcClient["finish"]>>;
      try {
        outcome = await oidc.finish(rawQuery(request), request.cookies[PENDING_COOKIE], now);
      } catch (error) {
        if (error instanceof AppError && error.code === signInExpired().code) {
          await recordOidcRefusal(db, context, "state_invalid", now);
        }
        throw error;
      }
      if ("refused" in outcome) {
        await recordOidcRefusal(db, context, `provider_${outcome.refused}`, now);
        throw providerRefused();
      }
      const { session } = await loginWithOidc(
        db,
        { issuer: oidc.config.issuer, claims: outcome.claims, matriculeClaim: oidc.config.matriculeClaim },
        context,
        now,
      );
      setSessionCookie(request, reply, session.token);
      return home(reply);
    },
  );
}

/** The query string exactly as the provider sent it: the library checks it parameter by parameter. */
function rawQuery(request: FastifyRequest): string {
  const at = request.url.indexOf("?");
  return at === -1 ? "" : request.url.slice(at);
}

function home(reply: FastifyReply) {
  return reply.redirect("/", 302);
}

const providerRefused = () =>
  new AppError(
    401,
    "sso_refused",
    message(
      "la réponse du service d'authentification unique a été refusée : recommencez la connexion",
      "the single sign-on service's answer was refused: sign in again",
    ),
  );
