import { message } from "../../engine/messages.js";
import { appendSecurityEvent } from "../audit/securityTrail.js";
import { secondFactorEvent, secondFactorMandatory } from "../auth/secondFactor.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { disableTotp } from "../db/queries/secondFactor.js";
import { AppError } from "../errors.js";
import { checkProof, type Proof, refuseProof } from "./secondFactorProof.js";

/** Turns the second factor off (lost phone, new device), after a fresh proof. */
export async function disableSecondFactor(
  db: Db,
  user: UserRow,
  input: { proof: Proof; ip: string | null },
  now: Date,
): Promise<void> {
  if (!user.totpEnabled) {
    throw new AppError(
      409,
      "second_factor_not_enabled",
      message("la double authentification n'est pas active", "two-step verification is not on"),
    );
  }
  if (await secondFactorMandatory(db, user)) {
    throw new AppError(
      403,
      "second_factor_mandatory",
      message(
        "la double authentification est obligatoire pour les administrateurs et les rôles privilégiés",
        "two-step verification is mandatory for administrators and privileged roles",
      ),
    );
  }
  const outcome = await db.transaction(async (tx) => {
    const proof = await checkProof(tx, user, input.proof, now);
    if (!proof.ok) return proof;
    const { totpStep } = proof;
    await disableTotp(tx, user.id);
    await appendSecurityEvent(
      tx,
      secondFactorEvent(user, input, "second_factor_disabled", {
        proof: totpStep === null ? "password" : "totp",
        ...(totpStep === null ? {} : { totpStep }),
      }),
      now,
    );
    return proof;
  });
  if (!outcome.ok) await refuseProof(db, user, input, outcome.reason, now);
}
