import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, createTestApp, type TestApp } from "../support/testApp.js";

const AGENT = "DGD0001";
const PROCEDURE = "douanes-e-compte-mail";

const csp = (res: ApiResponse<unknown>) => String(res.headers["content-security-policy"] ?? "");

function expectCommonHeaders(res: ApiResponse<unknown>): void {
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  expect(res.headers["referrer-policy"]).toBe("no-referrer");
  expect(csp(res)).toContain("frame-ancestors 'none'");
  expect(csp(res)).toContain("object-src 'none'");
}

describe("security headers", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers the API with a CSP, nosniff, no referrer, and no-store on personal data", async () => {
    const me = await t.as(AGENT).get("/api/session");
    expect(me.status).toBe(200);
    expectCommonHeaders(me);
    expect(me.headers["cache-control"]).toBe("no-store");
    const cases = await t.as(AGENT).get("/api/cases");
    expect(cases.headers["cache-control"]).toBe("no-store");
    // An error answer too: it may name a person.
    const refused = await t.anonymous.get("/api/cases");
    expect(refused.status).toBe(401);
    expect(refused.headers["cache-control"]).toBe("no-store");
    expectCommonHeaders(refused);
  });

  it("sends scripts only from the server itself, to Swagger UI too", async () => {
    const docs = await t.anonymous.get("/api/docs/");
    expect(docs.status).toBe(200);
    expectCommonHeaders(docs);
    expect(csp(docs)).toContain("script-src 'self'");
    expect(csp(docs)).not.toContain("unsafe-eval");
  });

  it("serves the SVG drawings under a policy where nothing runs or loads", async () => {
    const svg = await t.as(AGENT).get(`/api/procedures/${PROCEDURE}/diagram.svg`);
    expect(svg.status).toBe(200);
    expect(csp(svg)).toContain("default-src 'none'");
    expect(csp(svg)).toContain("frame-ancestors 'none'");
    expect(svg.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("keeps the verification page's own strict policy", async () => {
    const page = await t.anonymous.get("/verifier/AAAA-BBBB-CCCC");
    expect(page.status).toBe(404);
    expect(csp(page)).toContain("default-src 'none'");
    expect(csp(page)).toContain("frame-ancestors 'none'");
  });

  it("sends no HSTS over plain HTTP", async () => {
    const health = await t.anonymous.get("/health");
    expect(health.headers["strict-transport-security"]).toBeUndefined();
  });
});

describe("security headers behind the HTTPS front", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it("sends HSTS when the trusted proxy says the request came over HTTPS", async () => {
    const https = await t.anonymous.get("/health", { "x-forwarded-proto": "https" });
    expect(https.headers["strict-transport-security"]).toMatch(/^max-age=\d{8,}/);
    const http = await t.anonymous.get("/health", { "x-forwarded-proto": "http" });
    expect(http.headers["strict-transport-security"]).toBeUndefined();
  });
});
