import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { listSecurityEvents } from "../../server/db/queries/securityEvents.js";
import { users } from "../../server/db/schema.js";
import { TOKEN_ROUTES } from "../../server/policies/scopes.js";
import { apiRoutes } from "../support/routeTable.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type TokenView = {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  scopes: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
};

describe("API tokens for other systems", () => {
  let t: TestApp;
  const ADMIN = "DGD0005";
  beforeAll(async () => {
    t = await createTestApp();
    await t.database.db.update(users).set({ isAdmin: true }).where(eq(users.matricule, ADMIN));
  });
  afterAll(async () => {
    await t.close();
  });

  const idOf = async (matricule: string) => (await findUserByMatricule(t.database.db, matricule))!.id;

  /** Another system's call: a bearer token, no cookie, no CSRF token. */
  async function withToken(secret: string, method: "GET" | "POST", url: string, body?: unknown) {
    const res = await t.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${secret}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, body: res.body === "" ? undefined : res.json() };
  }

  async function create(matricule: string, scopes: string[], extra: Record<string, unknown> = {}) {
    const res = await t.as(ADMIN).post<{ token: TokenView; secret: string }>("/api/tokens", {
      name: `Guichet unique (${scopes.join(", ")})`,
      userId: await idOf(matricule),
      scopes,
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  it("lets only the organisation's administrators manage tokens", async () => {
    const body = { name: "essai", userId: await idOf("DGD0012"), scopes: ["tasks:read"] };
    const created = await t.as("DGD0002").post<{ error: { code: string } }>("/api/tokens", body);
    expect(created.status).toBe(403);
    expect(created.body.error.code).toBe("forbidden");
    expect((await t.as("DGD0002").get("/api/tokens")).status).toBe(403);
  });

  it("shows the secret once at creation, and never again in the list", async () => {
    const { token, secret } = await create("DGD0012", ["tasks:read"]);
    expect(secret).toMatch(/^lgt_[A-Za-z0-9_-]{40,}$/);
    expect(token.prefix).toBe(secret.slice(0, 8));
    expect(token.userId).toBe(await idOf("DGD0012"));

    const list = await t.as(ADMIN).get<{ items: TokenView[]; nextCursor: string | null }>("/api/tokens");
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.id)).toContain(token.id);
    const raw = JSON.stringify(list.body);
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain("tokenHash");
    const events = await listSecurityEvents(t.database.db, "douanes");
    expect(events.find((e) => e.type === "api_token_created")?.payload).toMatchObject({ tokenId: token.id });
  });

  it("refuses a token for an account of another organisation or with an unknown scope", async () => {
    const foreign = await t.as(ADMIN).post<{ error: { code: string; target?: string } }>("/api/tokens", {
      name: "ailleurs",
      userId: (await t.database.db.select().from(users).where(eq(users.organisation, "mffe")))[0]!.id,
      scopes: ["tasks:read"],
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.target).toBe("userId");
    const badScope = await t.as(ADMIN).post("/api/tokens", {
      name: "trop",
      userId: await idOf("DGD0012"),
      scopes: ["everything"],
    });
    expect(badScope.status).toBe(422);
  });

  it("acts as its account with a bearer header and no CSRF token, within its scopes only", async () => {
    // An agent of the Bureau Administration Système: the mail account procedure lets him open it.
    const { token, secret } = await create("DGD0021", ["cases:read", "cases:write", "tasks:read"]);
    const started = await withToken(secret, "POST", "/api/cases", { procedureId: "douanes-e-compte-mail" });
    expect(started.status).toBe(201);
    const read = await withToken(secret, "GET", `/api/cases/${started.body.id}`);
    expect(read.status).toBe(200);
    expect((await withToken(secret, "GET", "/api/tasks")).status).toBe(200);

    const listed = await t.as(ADMIN).get<{ items: TokenView[] }>("/api/tokens");
    expect(listed.body.items.find((i) => i.id === token.id)!.lastUsedAt).toBe(t.clock.now().toISOString());

    const narrow = await create("DGD0021", ["tasks:read"]);
    const outside = await withToken(narrow.secret, "POST", "/api/cases", {
      procedureId: "douanes-e-compte-mail",
    });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe("insufficient_scope");
    // Routes that declare no scope are closed to every token: accounts, sessions, tokens themselves.
    for (const url of ["/api/notifications", "/api/tokens", "/api/session"]) {
      const res = await withToken(secret, "GET", url);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("not_available_to_tokens");
    }
  });

  it("opens the org chart's read routes to a token with the org:read scope, and nothing else with it", async () => {
    const { secret } = await create("DGD0012", ["org:read"]);
    for (const url of ["/api/units", "/api/units/tree", "/api/roles", "/api/users"]) {
      expect((await withToken(secret, "GET", url)).status, url).toBe(200);
    }
    const outside = await withToken(secret, "GET", "/api/tasks");
    expect(outside.body.error.code).toBe("insufficient_scope");
    const write = await withToken(secret, "POST", "/api/units", { code: "X", name: "X", kind: "bureau" });
    expect(write.status).toBe(403);
  });

  it("names only real routes in the scope table, and no session, second-factor or token route", () => {
    const real = new Set(apiRoutes(t.routes).map((r) => `${r.method} ${r.url}`));
    for (const route of TOKEN_ROUTES) expect(real.has(route), `${route} exists`).toBe(true);
    expect(TOKEN_ROUTES.filter((r) => /\/api\/(session|tokens)/.test(r))).toEqual([]);
  });

  it("describes the token and second-factor routes in the OpenAPI document", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/tokens",
        "/api/tokens/{tokenId}",
        "/api/session/second-factor",
        "/api/session/second-factor/disable",
        "/api/session/second-factor/recovery-codes",
      ]),
    );
  });

  it("refuses a revoked token, an expired one and an unknown one, and records the revoked use", async () => {
    const { token, secret } = await create("DGD0012", ["tasks:read"]);
    expect((await withToken(secret, "GET", "/api/tasks")).status).toBe(200);
    const revoked = await t.as(ADMIN).delete<TokenView>(`/api/tokens/${token.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBe(t.clock.now().toISOString());
    const refused = await withToken(secret, "GET", "/api/tasks");
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("token_revoked");

    const unknown = await withToken("lgt_nimportequoi", "GET", "/api/tasks");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe("invalid_token");

    const soon = await create("DGD0012", ["tasks:read"], {
      expiresAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    });
    expect((await withToken(soon.secret, "GET", "/api/tasks")).status).toBe(200);
    t.clock.advanceHours(2);
    const expired = await withToken(soon.secret, "GET", "/api/tasks");
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe("token_expired");

    const types = (await listSecurityEvents(t.database.db, "douanes")).map((e) => e.type);
    expect(types).toContain("api_token_revoked");
    expect(
      (await listSecurityEvents(t.database.db, "douanes"))
        .filter((e) => e.type === "api_token_refused")
        .map((e) => e.payload.reason),
    ).toEqual(["revoked", "expired"]);
  });
});
