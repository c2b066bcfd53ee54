import { message } from "../../engine/messages.js";
import { appendSecurityEvent } from "../audit/securityTrail.js";
import {
  acceptTotpCode,
  newRecoveryCodes,
  recoveryCodeHash,
  secondFactorEvent,
  wrongCode,
} from "../auth/secondFactor.js";
import { newTotpSecret, totpUri } from "../auth/totp.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { enableTotp, replaceRecoveryCodes, setPendingTotpSecret } from "../db/queries/secondFactor.js";
import { AppError } from "../errors.js";

const alreadyEnabled = () =>
  new AppError(
    409,
    "second_factor_already_enabled",
    message(
      "la double authentification est déjà active : désactivez-la d'abord pour changer d'appareil",
      "two-step verification is already on: turn it off first to change device",
    ),
  );

/**
 * Draws a new secret for the person's authenticator app. It only counts once a code from the app
 * confirms it; starting again replaces a secret that was never confirmed.
 */
export async function startEnrolment(
  db: Db,
  user: UserRow,
  context: { ip: string | null },
  now: Date,
): Promise<{ secret: string; uri: string }> {
  if (user.totpEnabled) throw alreadyEnabled();
  const secret = newTotpSecret();
  await db.transaction(async (tx) => {
    await setPendingTotpSecret(tx, user.id, secret);
    await appendSecurityEvent(
      tx,
      secondFactorEvent(user, context, "second_factor_enrolment_started", {}),
      now,
    );
  });
  return { secret, uri: totpUri(secret, user.matricule) };
}

/** A first code from the app turns the second factor on and hands out the recovery codes. */
export async function confirmEnrolment(
  db: Db,
  user: UserRow,
  input: { code: string; ip: string | null },
  now: Date,
): Promise<{ recoveryCodes: string[] }> {
  if (user.totpEnabled) throw alreadyEnabled();
  if (!user.totpSecret) {
    throw new AppError(
      409,
      "second_factor_enrolment_not_started",
      message("commencez par demander un nouveau secret", "first ask for a new secret"),
    );
  }
  const recoveryCodes = newRecoveryCodes();
  const accepted = await db.transaction(async (tx) => {
    const step = await acceptTotpCode(tx, user, input.code, now);
    if (step === null) return false;
    await enableTotp(tx, user.id);
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(recoveryCodeHash));
    await appendSecurityEvent(
      tx,
      secondFactorEvent(user, input, "second_factor_enrolled", { totpStep: step }),
      now,
    );
    return true;
  });
  if (!accepted) {
    // A typo while setting up the app proves nothing about an attacker: recorded, not counted.
    await appendSecurityEvent(
      db,
      secondFactorEvent(user, input, "second_factor_failed", { context: "enrolment" }),
      now,
    );
    throw wrongCode();
  }
  return { recoveryCodes };
}
