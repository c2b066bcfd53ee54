import { message } from "../../engine/messages.js";
import { appendSecurityEvent } from "../audit/securityTrail.js";
import { newRecoveryCodes, recoveryCodeHash, secondFactorEvent } from "../auth/secondFactor.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { replaceRecoveryCodes } from "../db/queries/secondFactor.js";
import { AppError } from "../errors.js";
import { checkProof, type Proof, refuseProof } from "./secondFactorProof.js";

/** Replaces every recovery code (used up, or the paper was lost), after a fresh proof. */
export async function regenerateRecoveryCodes(
  db: Db,
  user: UserRow,
  input: { proof: Proof; ip: string | null },
  now: Date,
): Promise<{ recoveryCodes: string[] }> {
  if (!user.totpEnabled) {
    throw new AppError(
      409,
      "second_factor_not_enabled",
      message("la double authentification n'est pas active", "two-step verification is not on"),
    );
  }
  const recoveryCodes = newRecoveryCodes();
  const outcome = await db.transaction(async (tx) => {
    const proof = await checkProof(tx, user, input.proof, now);
    if (!proof.ok) return proof;
    const { totpStep } = proof;
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(recoveryCodeHash));
    await appendSecurityEvent(
      tx,
      secondFactorEvent(user, input, "recovery_codes_regenerated", {
        proof: totpStep === null ? "password" : "totp",
        ...(totpStep === null ? {} : { totpStep }),
      }),
      now,
    );
    return proof;
  });
  if (!outcome.ok) await refuseProof(db, user, input, outcome.reason, now);
  return { recoveryCodes };
}
