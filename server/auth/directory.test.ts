import { describe, expect, it } from "vitest";
import { directoryConfigFromEnv, userFilterFor } from "./directory.js";

describe("directory filter and settings", () => {
  it("escapes the typed matricule so that it cannot widen the filter (RFC 4515)", () => {
    expect(userFilterFor("(uid={matricule})", "DGD0005")).toBe("(uid=DGD0005)");
    expect(userFilterFor("(uid={matricule})", "*)(uid=*")).toBe("(uid=\\2a\\29\\28uid=\\2a)");
    expect(userFilterFor("(sAMAccountName={matricule})", "a\\b\u0000")).toBe("(sAMAccountName=a\\5cb\\00)");
  });

  it("is off without LDAP_URL and refuses a half-made configuration", () => {
    expect(directoryConfigFromEnv({})).toBeNull();
    expect(() => directoryConfigFromEnv({ LDAP_URL: "ldap://dc.example" })).toThrow(/LDAP_BIND_DN/);
    const config = directoryConfigFromEnv({
      LDAP_URL: "ldaps://dc.douanes.ci",
      LDAP_BIND_DN: "CN=svc-logigramme,OU=Services,DC=douanes,DC=ci",
      LDAP_BIND_PASSWORD: "secret",
      LDAP_BASE_DN: "DC=douanes,DC=ci",
      LDAP_USER_FILTER: "(sAMAccountName={matricule})",
      LDAP_NAME_ATTRIBUTE: "displayName",
      LDAP_AUTO_CREATE: "true",
      LDAP_DEFAULT_UNIT: "douanes/DSI",
    });
    expect(config).toMatchObject({
      userFilter: "(sAMAccountName={matricule})",
      nameAttribute: "displayName",
      emailAttribute: "mail",
      autoCreate: { organisation: "douanes", unitCode: "DSI" },
    });
    expect(() =>
      directoryConfigFromEnv({
        LDAP_URL: "ldap://x",
        LDAP_BIND_DN: "cn=a",
        LDAP_BASE_DN: "dc=x",
        LDAP_AUTO_CREATE: "true",
        LDAP_DEFAULT_UNIT: "DSI",
      }),
    ).toThrow(/LDAP_DEFAULT_UNIT/);
  });
});
