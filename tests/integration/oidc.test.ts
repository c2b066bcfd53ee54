import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAuthSource } from "../../server/db/queries/accounts.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { listSecurityEvents } from "../../server/db/queries/securityEvents.js";
import { signInAtProvider, startOidcProvider, type TestProvider } from "../support/oidcProvider.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

const REDIRECT_URI = "http://logigramme.test/api/session/oidc/callback";

/** Single sign-on through a real OpenID Connect provider (oidc-provider), started for this file. */
describe("single sign-on through OpenID Connect", () => {
  let provider: TestProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startOidcProvider({
      redirectUri: REDIRECT_URI,
      accounts: [
        {
          sub: "agent-4",
          preferred_username: "DGD0004",
          name: "Adjoua GNAMIEN-KOUASSI",
          email: "a.gnamien@sso.ci",
        },
        { sub: "agent-3", preferred_username: "DGD0003", name: "Mamadou YÉO", email: "m.yeo@sso.ci" },
        { sub: "intrus", preferred_username: "DGD0004", name: "Quelqu'un d'autre", email: "x@sso.ci" },
        { sub: "inconnu", preferred_username: "EXT0001", name: "Personne", email: "p@sso.ci" },
      ],
    });
    t = await createTestApp({
      sources: {
        oidc: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          redirectUri: REDIRECT_URI,
          matriculeClaim: "preferred_username",
          displayName: "Portail agents",
        },
      },
    });
    const adjoua = (await findUserByMatricule(t.database.db, "DGD0004"))!;
    await setAuthSource(t.database.db, adjoua.id, "oidc", null);
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  function cookieOf(headers: Record<string, unknown>, name: string): string | null {
    const lines = [headers["set-cookie"]].flat().filter((c): c is string => typeof c === "string");
    const line = lines.find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
    return line ? line.split(";")[0]! : null;
  }

  /** Start at the app, sign in at the provider as `sub`, and return the callback to call. */
  async function throughProvider(sub: string) {
    const start = await t.app.inject({ method: "GET", url: "/api/session/oidc/start" });
    expect(start.statusCode).toBe(302);
    const pending = cookieOf(start.headers, "lg_oidc");
    expect(pending).not.toBeNull();
    const location = new URL(start.headers.location as string);
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    const callback = await signInAtProvider(location.href, sub);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    return { callback, pending: pending! };
  }

  function callBack(callback: URL, pending: string | null) {
    return t.app.inject({
      method: "GET",
      url: `${callback.pathname}${callback.search}`,
      headers: pending ? { cookie: pending } : {},
    });
  }

  it("tells the sign-in page which methods are enabled", async () => {
    const res = await t.anonymous.get("/api/session/providers");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      password: true,
      ldap: false,
      oidc: { displayName: "Portail agents", startUrl: "/api/session/oidc/start" },
    });
  });

  it("opens a session for the account whose matricule the provider asserts", async () => {
    const { callback, pending } = await throughProvider("agent-4");
    const res = await callBack(callback, pending);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/");
    const session = cookieOf(res.headers, "lg_session");
    expect(session).not.toBeNull();
    expect([res.headers["set-cookie"]].flat().join("\n")).toMatch(/lg_session=[^;]+;.*HttpOnly/i);

    const me = await t.app.inject({ method: "GET", url: "/api/session", headers: { cookie: session! } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({
      matricule: "DGD0004",
      authSource: "oidc",
      name: "Adjoua GNAMIEN-KOUASSI",
      email: "a.gnamien@sso.ci",
    });
    const tasks = await t.app.inject({ method: "GET", url: "/api/tasks", headers: { cookie: session! } });
    expect(tasks.statusCode).toBe(200);

    const user = (await findUserByMatricule(t.database.db, "DGD0004"))!;
    expect(user.externalSubject).toBe(`${provider.issuer}#agent-4`);
    const events = (await listSecurityEvents(t.database.db, "douanes")).filter((e) => e.userId === user.id);
    expect(events.at(-1)).toMatchObject({
      type: "login_succeeded",
      payload: { method: "oidc", subject: `${provider.issuer}#agent-4` },
    });
  });

  it("signs in an existing local account whose matricule matches, without touching its data", async () => {
    const { callback, pending } = await throughProvider("agent-3");
    const res = await callBack(callback, pending);
    expect(res.statusCode).toBe(302);
    const me = await t.app.inject({
      method: "GET",
      url: "/api/session",
      headers: { cookie: cookieOf(res.headers, "lg_session")! },
    });
    expect(me.json().user).toMatchObject({ matricule: "DGD0003", authSource: "local", name: "Mamadou YÉO" });
  });

  it("refuses a tampered state, and a callback without the browser's pending cookie", async () => {
    const { callback, pending } = await throughProvider("agent-4");
    const tampered = new URL(callback);
    tampered.searchParams.set("state", `${callback.searchParams.get("state")}x`);
    const res = await callBack(tampered, pending);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("sso_refused");
    expect(cookieOf(res.headers, "lg_session")).toBeNull();

    const second = await throughProvider("agent-4");
    const noCookie = await callBack(second.callback, null);
    expect(noCookie.statusCode).toBe(400);
    expect(noCookie.json().error.code).toBe("oidc_state_invalid");
    expect(noCookie.json().error.message.fr).toContain("recommencez");
    // Another browser's cookie does not fit this answer either.
    const third = await throughProvider("agent-4");
    expect((await callBack(third.callback, second.pending)).statusCode).toBe(401);
    // A forged cookie is not even readable.
    const forged = await callBack(third.callback, "lg_oidc=AAAA.BBBB.CCCC");
    expect(forged.statusCode).toBe(400);

    const refusals = (await listSecurityEvents(t.database.db, "")).filter(
      (e) => e.type === "login_failed" && (e.payload as { method?: string }).method === "oidc",
    );
    expect(refusals.map((e) => (e.payload as { reason: string }).reason)).toEqual(
      expect.arrayContaining(["state_invalid", expect.stringMatching(/^provider_/)]),
    );
  });

  it("refuses a person with no account here, and another subject claiming an oidc account's matricule", async () => {
    const unknown = await throughProvider("inconnu");
    const res = await callBack(unknown.callback, unknown.pending);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("sso_account_unknown");

    const intruder = await throughProvider("intrus");
    const refused = await callBack(intruder.callback, intruder.pending);
    expect(refused.statusCode).toBe(403);
    expect(cookieOf(refused.headers, "lg_session")).toBeNull();
    const user = (await findUserByMatricule(t.database.db, "DGD0004"))!;
    const events = (await listSecurityEvents(t.database.db, "douanes")).filter((e) => e.userId === user.id);
    expect(events.at(-1)!.payload).toEqual({ method: "oidc", reason: "subject_mismatch" });
  });

  it("answers 503 when the provider cannot be reached for the code exchange", async () => {
    const { callback, pending } = await throughProvider("agent-4");
    await provider.close();
    const res = await callBack(callback, pending);
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe("identity_provider_unavailable");
    expect(res.json().error.message.en).toContain("single sign-on");
    expect(cookieOf(res.headers, "lg_session")).toBeNull();
  });
});
