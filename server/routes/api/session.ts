import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { message } from "../../../engine/messages.js";
import { changePasswordBody, loginBody, sessionView, signInProviders } from "../../../shared/api/session.js";
import { appendSecurityEvent } from "../../audit/securityTrail.js";
import type { DirectoryConfig } from "../../auth/directory.js";
import type { OidcConfig } from "../../auth/oidc.js";
import { clearSessionCookie, setSessionCookie } from "../../auth/sessions.js";
import { changeOwnPassword } from "../../commands/passwordChanger.js";
import { loginWithPassword } from "../../commands/passwordLogin.js";
import type { Db } from "../../db/database.js";
import { findUnitName, profileOf } from "../../db/queries/accounts.js";
import type { UserRow } from "../../db/queries/orgChart.js";
import { deleteSession, deleteSessionsOf } from "../../db/queries/sessions.js";
import { AppError } from "../../errors.js";
import { authenticateSession, secondFactorEnrolmentRequired } from "../../identity.js";
import { standingInNow } from "../../orgChart/standingIn.js";

/**
 * Sign-in is the one state-changing route without a session, hence without a CSRF token: a
 * browser posting from another site names that site in Origin, and is refused here.
 */
function refuseForeignOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host !== request.host) {
    throw new AppError(
      403,
      "foreign_origin",
      message("connexion refusée depuis un autre site", "sign-in refused from another site"),
    );
  }
}

export function sessionRoutes(
  app: FastifyInstance,
  db: Db,
  sources: { directory: DirectoryConfig | null; oidc: OidcConfig | null },
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["session"];

  api.get("/api/session/providers", { schema: { tags, response: { 200: signInProviders } } }, async () => ({
    password: true,
    ldap: sources.directory !== null,
    oidc: sources.oidc
      ? { displayName: sources.oidc.displayName, startUrl: "/api/session/oidc/start" }
      : null,
  }));

  api.post(
    "/api/session",
    { schema: { tags, body: loginBody, response: { 200: sessionView } } },
    async (request, reply) => {
      refuseForeignOrigin(request);
      const { user, session } = await loginWithPassword(
        db,
        {
          matricule: request.body.matricule,
          organisation: request.body.organisation ?? null,
          password: request.body.password,
          ip: request.ip,
          userAgent: request.headers["user-agent"] ?? null,
        },
        app.clock(),
        sources.directory,
      );
      setSessionCookie(request, reply, session.token);
      return presentSession(
        db,
        user,
        { csrfToken: session.csrfToken, pendingSecondFactor: user.totpEnabled },
        app.clock(),
      );
    },
  );

  api.get("/api/session", { schema: { tags, response: { 200: sessionView } } }, async (request) => {
    const { user, session } = await authenticateSession(db, request, { incomplete: true });
    return presentSession(db, user, session, app.clock());
  });

  api.delete("/api/session", { schema: { tags } }, async (request, reply) => {
    const { user, session } = await authenticateSession(db, request, { incomplete: true });
    await db.transaction(async (tx) => {
      await deleteSession(tx, session.tokenHash);
      await appendSecurityEvent(tx, securityEvent(user, request, "logout", {}), app.clock());
    });
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  api.post("/api/session/logout-everywhere", { schema: { tags } }, async (request, reply) => {
    const { user } = await authenticateSession(db, request, { incomplete: true });
    await db.transaction(async (tx) => {
      const ended = await deleteSessionsOf(tx, user.id);
      await appendSecurityEvent(
        tx,
        securityEvent(user, request, "logout_everywhere", { ended }),
        app.clock(),
      );
    });
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  api.post(
    "/api/session/password",
    { schema: { tags, body: changePasswordBody, response: { 200: sessionView } } },
    async (request) => {
      const { user, session } = await authenticateSession(db, request, { incomplete: true });
      if (session.pendingSecondFactor) {
        throw new AppError(
          401,
          "second_factor_required",
          message("saisissez d'abord le code de votre application", "first enter your authenticator code"),
        );
      }
      await changeOwnPassword(
        db,
        user,
        { ...request.body, sessionTokenHash: session.tokenHash, ip: request.ip },
        app.clock(),
      );
      return presentSession(db, { ...user, mustChangePassword: false }, session, app.clock());
    },
  );
}

function securityEvent(
  user: UserRow,
  request: FastifyRequest,
  type: string,
  payload: Record<string, unknown>,
) {
  return {
    organisation: user.organisation,
    type,
    userId: user.id,
    matricule: user.matricule,
    actorUserId: null,
    ip: request.ip,
    payload,
  };
}

/** The signed-in person and what their session still has to do; the second-factor routes use it too. */
export async function presentSession(
  db: Db,
  user: UserRow,
  session: { csrfToken: string; pendingSecondFactor: boolean },
  now: Date,
) {
  const [unit, roles, enrolmentRequired, standingIn] = await Promise.all([
    findUnitName(db, user.unitId),
    profileOf(db, user.id),
    secondFactorEnrolmentRequired(db, user),
    standingInNow(db, user, now),
  ]);
  return {
    user: {
      id: user.id,
      matricule: user.matricule,
      name: user.name,
      email: user.email,
      organisation: user.organisation,
      unit,
      roles,
      isAdmin: user.isAdmin,
      authSource: user.authSource,
    },
    csrfToken: session.csrfToken,
    mustChangePassword: user.mustChangePassword,
    secondFactorRequired: session.pendingSecondFactor,
    secondFactorEnrolmentRequired: enrolmentRequired,
    secondFactorEnabled: user.totpEnabled,
    standingInFor: standingIn,
  };
}
