import { appendSecurityEvent } from "../audit/securityTrail.js";
import type { Db } from "../db/database.js";
import { type ApiTokenRow, findApiToken, revokeApiToken } from "../db/queries/apiTokens.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { notFound } from "../errors.js";

/** Revokes a token of the administrator's organisation; revoking twice keeps the first date. */
export async function revokeToken(
  db: Db,
  admin: UserRow,
  input: { tokenId: string; ip: string | null },
  now: Date,
): Promise<ApiTokenRow> {
  const token = await findApiToken(db, admin.organisation, input.tokenId);
  if (!token) throw notFound({ fr: "jeton d'API", en: "API token" });
  if (token.revokedAt) return token;
  return db.transaction(async (tx) => {
    const revoked = (await revokeApiToken(tx, token.id, now)) ?? token;
    await appendSecurityEvent(
      tx,
      {
        organisation: admin.organisation,
        type: "api_token_revoked",
        userId: token.userId,
        matricule: null,
        actorUserId: admin.id,
        ip: input.ip,
        payload: { tokenId: token.id, name: token.name, prefix: token.prefix },
      },
      now,
    );
    return revoked;
  });
}
