import { z } from "zod";
import { pageOf } from "./pagination.js";

/**
 * What a token may do. Each route of the API declares the one scope it needs in
 * server/policies/scopes.ts; a route that declares none is not reachable with a token.
 */
export const apiScopes = [
  /** Read cases, their history and attachments. */
  "cases:read",
  /** Start cases, act on them (decide, complete, comment), attach documents. */
  "cases:write",
  /** Read the inbox of the account the token acts as. */
  "tasks:read",
  /** Read the catalog of procedures. */
  "catalog:read",
  /** Read the organisation: units, roles, people. */
  "org:read",
  /** Read the registers the token's account reads: lists, entries, exports. */
  "registers:read",
  /** Create and edit register entries, record stock movements, import CSV. */
  "registers:write",
] as const;

export const apiScope = z.enum(apiScopes);

export const createApiTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** The account the token acts as: active, in the administrator's organisation. */
  userId: z.uuid(),
  scopes: z.array(apiScope).min(1).max(apiScopes.length),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export const apiTokenParams = z.object({ tokenId: z.uuid() });

export const apiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the secret, to recognise it; the secret itself is never shown again. */
  prefix: z.string(),
  userId: z.uuid(),
  scopes: z.array(z.string()),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** The answer to a creation: the only time the secret is shown. */
export const createdApiToken = z.object({
  token: apiTokenView,
  /** Send it as `Authorization: Bearer <secret>`. */
  secret: z.string(),
});

export const apiTokenList = pageOf(apiTokenView);

export type ApiScope = z.infer<typeof apiScope>;
export type CreateApiTokenBody = z.infer<typeof createApiTokenBody>;
export type ApiTokenView = z.infer<typeof apiTokenView>;
export type CreatedApiToken = z.infer<typeof createdApiToken>;
