import type { FastifyRequest } from "fastify";
import { message } from "../engine/messages.js";
import { CSRF_HEADER, SESSION_TOUCH_MS, sessionExpiry, sessionTokenOf } from "./auth/sessions.js";
import { secretHash } from "./auth/tokens.js";
import type { Db } from "./db/database.js";
import { findUserById, type UserRow } from "./db/queries/orgChart.js";
import { findLiveSession, type SessionRow, touchSession } from "./db/queries/sessions.js";
import { AppError } from "./errors.js";

/** Who is calling, and through what. */
export interface Caller {
  user: UserRow;
  session: SessionRow;
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const unauthenticated = () =>
  new AppError(
    401,
    "unauthenticated",
    message("connexion requise : identifiez-vous", "sign-in required: please sign in"),
  );

/**
 * The caller of a request, from its session cookie. A state-changing request must also carry
 * the session's CSRF token in X-CSRF-Token: a page of another site can make the browser send
 * the cookie, but cannot read the token.
 *
 * `incomplete`: the session routes accept a person who still has to change a default password
 * or give their second factor; every other route refuses them.
 */
export async function authenticate(
  db: Db,
  request: FastifyRequest,
  options: { incomplete?: boolean } = {},
): Promise<Caller> {
  const token = sessionTokenOf(request);
  if (!token) throw unauthenticated();
  const now = request.server.clock();
  const tokenHash = secretHash(token);
  const session = await findLiveSession(db, tokenHash, now);
  if (!session) throw unauthenticated();
  const user = await findUserById(db, session.userId);
  if (!user?.active) throw unauthenticated();

  if (STATE_CHANGING.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
    throw new AppError(
      403,
      "csrf_token_invalid",
      message(
        "jeton anti-falsification (CSRF) absent ou invalide : rechargez la page",
        "missing or invalid anti-forgery (CSRF) token: reload the page",
      ),
    );
  }
  if (!options.incomplete) {
    if (session.pendingSecondFactor) {
      throw new AppError(
        401,
        "second_factor_required",
        message("saisissez le code de votre application d'authentification", "enter your authenticator code"),
      );
    }
    if (user.mustChangePassword) {
      throw new AppError(
        403,
        "password_change_required",
        message(
          "changez d'abord le mot de passe attribué par défaut",
          "first change the password you were given by default",
        ),
      );
    }
  }
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
    await touchSession(db, tokenHash, now, sessionExpiry(session.createdAt, now));
  }
  return { user, session };
}

/** The person calling a route; refuses anonymous callers and incomplete sign-ins. */
export async function currentUser(db: Db, request: FastifyRequest): Promise<UserRow> {
  return (await authenticate(db, request)).user;
}
