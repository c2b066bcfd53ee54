import { z } from "zod";

/** Sign-in and the signed-in person, shared by the server and the web app. */

export const loginBody = z.strictObject({
  /** Needed only on a platform where two organisations have an agent with the same matricule. */
  organisation: z.string().trim().min(1).max(100).optional(),
  matricule: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(1).max(1000),
});

export const sessionUser = z.object({
  id: z.uuid(),
  matricule: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  organisation: z.string(),
  unit: z.object({ code: z.string(), name: z.string() }).nullable(),
  roles: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      privileged: z.boolean(),
      unitCode: z.string(),
      unitName: z.string(),
    }),
  ),
  isAdmin: z.boolean(),
  authSource: z.enum(["local", "ldap", "oidc"]),
});

export const sessionView = z.object({
  user: sessionUser,
  /** Send it back in X-CSRF-Token on every POST, PUT, PATCH and DELETE. */
  csrfToken: z.string(),
  mustChangePassword: z.boolean(),
  /** The password was accepted; the authenticator code is still to be given. */
  secondFactorRequired: z.boolean(),
  /**
   * An administrator or holder of a privileged role without a second factor: until they enrol
   * one (POST /api/session/second-factor/enrolment, then …/confirm), every other route answers
   * 403 second_factor_enrolment_required.
   */
  secondFactorEnrolmentRequired: z.boolean(),
  /** Whether the person has an authenticator app enrolled (optional for everyone else). */
  secondFactorEnabled: z.boolean(),
  /** The people whose tasks this person takes while they are away ("intérim"). */
  standingInFor: z.array(z.object({ userId: z.uuid(), name: z.string(), until: z.string() })),
});

export type LoginBody = z.infer<typeof loginBody>;
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
export type SessionView = z.infer<typeof sessionView>;

/** The sign-in methods this server offers, for the sign-in page. */
export const signInProviders = z.object({
  /** Matricule and password (local accounts, and directory accounts when `ldap` is true). */
  password: z.boolean(),
  ldap: z.boolean(),
  /** Single sign-on through an OpenID Connect provider: a button going to `startUrl`. */
  oidc: z.object({ displayName: z.string(), startUrl: z.string() }).nullable(),
});

/** What the identity provider sends back to the callback (RFC 6749 §4.1.2, RFC 9207). */
export const oidcCallbackQuery = z.looseObject({
  code: z.string().max(4000).optional(),
  state: z.string().max(1000).optional(),
  iss: z.string().max(1000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

export type SignInProviders = z.infer<typeof signInProviders>;
