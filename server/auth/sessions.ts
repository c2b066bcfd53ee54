import type { FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../db/database.js";
import { insertSession } from "../db/queries/sessions.js";
import { newSecret, secretHash } from "./tokens.js";

export const SESSION_COOKIE = "lg_session";
export const CSRF_HEADER = "x-csrf-token";

/** A working day without activity ends the session; no session outlives 12 hours. */
export const SESSION_IDLE_MS = 2 * 3_600_000;
export const SESSION_MAX_MS = 12 * 3_600_000;
/** lastSeenAt is written at most this often, not on every request. */
export const SESSION_TOUCH_MS = 60_000;

export interface OpenedSession {
  token: string;
  csrfToken: string;
}

export async function openSession(
  db: Db,
  userId: string,
  context: { ip: string | null; userAgent: string | null; pendingSecondFactor: boolean },
  now: Date,
): Promise<OpenedSession> {
  const token = newSecret();
  const csrfToken = newSecret();
  await insertSession(db, {
    tokenHash: secretHash(token),
    userId,
    csrfToken,
    pendingSecondFactor: context.pendingSecondFactor,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: sessionExpiry(now, now),
    ip: context.ip,
    userAgent: context.userAgent?.slice(0, 500) ?? null,
  });
  return { token, csrfToken };
}

/** Idle expiry, capped by the session's absolute lifetime. */
export function sessionExpiry(createdAt: Date, lastSeenAt: Date): Date {
  return new Date(Math.min(lastSeenAt.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_MAX_MS));
}

/**
 * httpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site posts), Secure when the
 * request came over HTTPS (directly or through a proxy the server trusts). Its path is the API's:
 * only API calls need it, and the public portal's pages (`/portail/…`) never receive it.
 */
export const SESSION_COOKIE_PATH = "/api";

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: request.protocol === "https",
    path: SESSION_COOKIE_PATH,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: SESSION_COOKIE_PATH });
}

export function sessionTokenOf(request: FastifyRequest): string | null {
  const token = request.cookies[SESSION_COOKIE];
  return typeof token === "string" && token !== "" ? token : null;
}
