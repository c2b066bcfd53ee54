import { message } from "../../engine/messages.js";
import type { CreateApiTokenBody } from "../../shared/api/apiTokens.js";
import { appendSecurityEvent } from "../audit/securityTrail.js";
import { API_TOKEN_PREFIX, newSecret, secretHash } from "../auth/tokens.js";
import type { Db } from "../db/database.js";
import { type ApiTokenRow, insertApiToken } from "../db/queries/apiTokens.js";
import { findUserById, type UserRow } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";

/**
 * Issues a token for another system, acting as an active account of the administrator's
 * organisation. The secret is returned here once; only its SHA-256 is kept.
 */
export async function issueApiToken(
  db: Db,
  admin: UserRow,
  input: CreateApiTokenBody & { ip: string | null },
  now: Date,
): Promise<{ token: ApiTokenRow; secret: string }> {
  const account = await findUserById(db, input.userId);
  if (!account || account.organisation !== admin.organisation) {
    throw new AppError(
      422,
      "unknown_account",
      message(
        "aucun compte de votre organisation n'a cet identifiant",
        "no account of your organisation has this id",
      ),
      "userId",
    );
  }
  if (!account.active) {
    throw new AppError(
      422,
      "inactive_account",
      message("ce compte est désactivé", "this account is deactivated"),
      "userId",
    );
  }
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) {
    throw new AppError(
      422,
      "expiry_in_the_past",
      message("la date d'expiration est déjà passée", "the expiry date is already past"),
      "expiresAt",
    );
  }
  const secret = newSecret(API_TOKEN_PREFIX);
  const token = await db.transaction(async (tx) => {
    const row = await insertApiToken(tx, {
      organisation: admin.organisation,
      name: input.name,
      tokenHash: secretHash(secret),
      prefix: secret.slice(0, 8),
      userId: account.id,
      scopes: [...new Set(input.scopes)],
      createdBy: admin.id,
      createdAt: now,
      expiresAt,
    });
    await appendSecurityEvent(
      tx,
      {
        organisation: admin.organisation,
        type: "api_token_created",
        userId: account.id,
        matricule: account.matricule,
        actorUserId: admin.id,
        ip: input.ip,
        payload: { tokenId: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes },
      },
      now,
    );
    return row;
  });
  return { token, secret };
}
