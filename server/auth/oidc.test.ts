import { describe, expect, it } from "vitest";
import { oidcConfigFromEnv } from "./oidc.js";

describe("single sign-on settings", () => {
  it("is off without OIDC_ISSUER, refuses a half-made configuration, defaults the claim", () => {
    expect(oidcConfigFromEnv({})).toBeNull();
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: "https://sso.douanes.ci" })).toThrow(/OIDC_CLIENT_ID/);
    expect(
      oidcConfigFromEnv({
        OIDC_ISSUER: "https://sso.douanes.ci/realms/agents",
        OIDC_CLIENT_ID: "logigramme",
        OIDC_CLIENT_SECRET: "s",
        OIDC_REDIRECT_URI: "https://logigramme.douanes.ci/api/session/oidc/callback",
      }),
    ).toMatchObject({ matriculeClaim: "preferred_username", displayName: "Connexion unique (SSO)" });
  });
});
