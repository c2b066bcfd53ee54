import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { refreshExternalIdentity } from "../db/queries/accounts.js";
import { findUserByMatricule } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";
import {
  type LoggedIn,
  openSignedInSession,
  recordRefusedSignIn,
  refuseUnusableAccount,
  type SignInContext,
} from "./signInRecorder.js";

const notAllowed = () =>
  new AppError(
    403,
    "sso_account_unknown",
    message(
      "le service d'authentification unique vous a reconnu, mais aucun compte Logigramme actif ne correspond : demandez à l'administrateur",
      "the single sign-on service recognised you, but no active Logigramme account matches: ask the administrator",
    ),
  );

/**
 * Opens a session for the person an identity provider vouched for (ID token already validated).
 * The rule: the claim named by OIDC_MATRICULE_CLAIM must equal an account's matricule. Any
 * account may sign in that way (the administration's provider is trusted for who its agents are);
 * an `oidc` account is also tied to the provider's subject at its first sign-in and refused if
 * another subject later claims its matricule. No account is created: unknown people are refused.
 */
export async function loginWithOidc(
  db: Db,
  identity: { issuer: string; claims: Record<string, unknown>; matriculeClaim: string },
  context: Omit<SignInContext, "matricule">,
  now: Date,
): Promise<LoggedIn> {
  const { claims } = identity;
  const raw = claims[identity.matriculeClaim];
  const matricule = typeof raw === "string" ? raw.trim() : "";
  const subject = `${identity.issuer}#${String(claims.sub)}`;
  const attempt: SignInContext = { ...context, matricule: matricule || `(${identity.matriculeClaim}?)` };
  const user = matricule ? await findUserByMatricule(db, matricule) : null;
  if (!user) {
    await recordRefusedSignIn(db, null, attempt, "oidc", "unknown_account", now);
    throw notAllowed();
  }
  await refuseUnusableAccount(db, user, attempt, "oidc", now);
  if (user.authSource === "oidc" && user.externalSubject && user.externalSubject !== subject) {
    await recordRefusedSignIn(db, user, attempt, "oidc", "subject_mismatch", now);
    throw notAllowed();
  }

  return db.transaction(async (tx) => {
    let signedIn = user;
    if (user.authSource === "oidc") {
      // The provider is the reference for the names of the accounts it owns.
      const name = typeof claims.name === "string" ? claims.name : null;
      const email = typeof claims.email === "string" ? claims.email : null;
      await refreshExternalIdentity(tx, user.id, { name, email, externalSubject: subject });
      signedIn = { ...user, name: name ?? user.name, email: email ?? user.email, externalSubject: subject };
    }
    return openSignedInSession(tx, signedIn, attempt, "oidc", now, { subject });
  });
}

/** The provider's answer was refused before anyone was identified (bad state, invalid token…). */
export async function recordOidcRefusal(
  db: Db,
  context: Omit<SignInContext, "matricule">,
  reason: string,
  now: Date,
): Promise<void> {
  await recordRefusedSignIn(db, null, { ...context, matricule: "" }, "oidc", reason, now);
}
