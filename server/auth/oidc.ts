import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import * as openid from "openid-client";
import { message } from "../../engine/messages.js";
import { AppError } from "../errors.js";

/** An OpenID Connect identity provider for single sign-on (the administration's Keycloak, ADFS…). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Must be registered at the provider: `https://<host>/api/session/oidc/callback`. */
  redirectUri: string;
  /** The ID token claim that carries the matricule. */
  matriculeClaim: string;
  /** What the sign-in page writes on the button. */
  displayName: string;
}

/** What must survive the round trip through the provider, kept in an encrypted cookie. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

export const PENDING_COOKIE = "lg_oidc";
export const PENDING_COOKIE_PATH = "/api/session/oidc";
/** Ten minutes to sign in at the provider. */
export const PENDING_TTL_MS = 10 * 60_000;

export const identityProviderUnavailable = () =>
  new AppError(
    503,
    "identity_provider_unavailable",
    message(
      "le service d'authentification unique ne répond pas : réessayez plus tard ou connectez-vous par mot de passe",
      "the single sign-on service is not answering: try again later or sign in with a password",
    ),
  );

export const oidcNotConfigured = () =>
  new AppError(
    404,
    "oidc_not_configured",
    message(
      "l'authentification unique n'est pas activée sur ce serveur",
      "single sign-on is not enabled on this server",
    ),
  );

export const signInExpired = () =>
  new AppError(
    400,
    "oidc_state_invalid",
    message(
      "la connexion unique a expiré ou ne vient pas de ce navigateur : recommencez",
      "the single sign-on attempt expired or did not start in this browser: start again",
    ),
  );

export function oidcConfigFromEnv(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`${name} is required when OIDC_ISSUER is set`);
    return value;
  };
  return {
    issuer,
    clientId: required("OIDC_CLIENT_ID"),
    clientSecret: required("OIDC_CLIENT_SECRET"),
    redirectUri: required("OIDC_REDIRECT_URI"),
    matriculeClaim: env.OIDC_MATRICULE_CLAIM?.trim() || "preferred_username",
    displayName: env.OIDC_DISPLAY_NAME?.trim() || "Connexion unique (SSO)",
  };
}

/**
 * The relying party: discovers the provider once (again after a failure), sends the browser to it
 * with PKCE, state and nonce, then exchanges the code and validates the ID token.
 */
export class OidcClient {
  private configuration: Promise<openid.Configuration> | null = null;
  private readonly cookieKey: Buffer;

  constructor(readonly config: OidcConfig) {
    // Every app server derives the same key, so the callback may land on any of them.
    this.cookieKey = createHash("sha256").update(`logigramme oidc cookie\n${config.clientSecret}`).digest();
  }

  private discover(): Promise<openid.Configuration> {
    if (!this.configuration) {
      const issuer = new URL(this.config.issuer);
      // Plain HTTP only for a provider on this machine (development, tests); HTTPS everywhere else.
      const local = ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname);
      this.configuration = openid
        .discovery(
          issuer,
          this.config.clientId,
          undefined,
          openid.ClientSecretBasic(this.config.clientSecret),
          issuer.protocol === "http:" && local ? { execute: [openid.allowInsecureRequests] } : undefined,
        )
        .catch((error: unknown) => {
          this.configuration = null;
          throw Object.assign(identityProviderUnavailable(), { cause: error });
        });
    }
    return this.configuration;
  }

  /** Where to send the browser, and the cookie value that proves the answer is for it. */
  async start(now: Date): Promise<{ location: string; cookie: string }> {
    const configuration = await this.discover();
    const pending: PendingSignIn = {
      state: openid.randomState(),
      nonce: openid.randomNonce(),
      codeVerifier: openid.randomPKCECodeVerifier(),
      expiresAt: now.getTime() + PENDING_TTL_MS,
    };
    const location = openid.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUri,
      scope: "openid profile email",
      code_challenge: await openid.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    return { location: location.href, cookie: this.seal(pending) };
  }

  /**
   * The provider's answer, as the query string of the callback: the state must be the one this
   * browser was given, the code is exchanged with the PKCE verifier, the ID token is checked
   * (signature, issuer, audience, expiry, nonce). Returns the ID token's claims.
   */
  async finish(
    callbackQuery: string,
    sealed: string | undefined,
    now: Date,
  ): Promise<{ claims: Record<string, unknown> } | { refused: string }> {
    const pending = sealed ? this.unseal(sealed) : null;
    if (!pending || pending.expiresAt < now.getTime()) throw signInExpired();
    const configuration = await this.discover();
    const currentUrl = new URL(this.config.redirectUri);
    currentUrl.search = callbackQuery;
    try {
      const tokens = await openid.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) return { refused: "no_id_token" };
      return { claims: { ...claims } };
    } catch (error) {
      if (unreachable(error)) throw Object.assign(identityProviderUnavailable(), { cause: error });
      const code = (error as { code?: unknown; error?: unknown }).error ?? (error as { code?: unknown }).code;
      return { refused: typeof code === "string" ? code : "provider_response_invalid" };
    }
  }

  /** AES-256-GCM: the browser can neither read the PKCE verifier nor forge a state. */
  private seal(pending: PendingSignIn): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.cookieKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(pending), "utf8"), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
  }

  private unseal(sealed: string): PendingSignIn | null {
    try {
      const [iv, tag, body] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
      if (!iv || !tag || !body || iv.length !== 12 || tag.length !== 16) return null;
      const decipher = createDecipheriv("aes-256-gcm", this.cookieKey, iv);
      decipher.setAuthTag(tag);
      const text = Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      const value = JSON.parse(text) as Partial<PendingSignIn>;
      if (
        typeof value.state !== "string" ||
        typeof value.nonce !== "string" ||
        typeof value.codeVerifier !== "string" ||
        typeof value.expiresAt !== "number"
      ) {
        return null;
      }
      return value as PendingSignIn;
    } catch {
      return null;
    }
  }
}

/** A network failure (refused, reset, timeout), as opposed to an answer we refuse. */
function unreachable(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof TypeError && /fetch failed/i.test(current.message)) return true;
    if (
      /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN/.test(
        String((current as { code?: unknown }).code),
      )
    ) {
      return true;
    }
  }
  return false;
}
