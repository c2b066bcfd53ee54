import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes, isPublic, openApiPath } from "../support/routeTable.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type OpenApiDocument = {
  openapi: string;
  info: { title: string; description: string };
  servers: unknown[];
  tags: Array<{ name: string; description: string }>;
  components: { securitySchemes: Record<string, Record<string, string>> };
  paths: Record<string, Record<string, { tags?: string[] }>>;
};

const METHODS = ["get", "put", "post", "delete", "patch"];

describe("the OpenAPI document and the interactive docs", () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => {
    await t.close();
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("describes the API in French and English, with its servers, tags and ways to authenticate", () => {
    expect(doc.info.title).toBe("Logigramme API");
    expect(doc.info.description).toContain("**Français.**");
    expect(doc.info.description).toContain("**English.**");
    expect(doc.servers.length).toBeGreaterThan(0);
    const usedTags = new Set(
      Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((o) => o.tags ?? [])),
    );
    for (const tag of usedTags) {
      expect(doc.tags.find((x) => x.name === tag)?.description, `tag ${tag} is described`).toMatch(/ \/ /);
    }
    expect(doc.components.securitySchemes.session).toMatchObject({
      type: "apiKey",
      in: "cookie",
      name: "lg_session",
    });
    expect(doc.components.securitySchemes.csrf).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "X-CSRF-Token",
    });
    expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("documents every route under /api/ except the allowed hidden ones, and hides nothing else", () => {
    const routes = apiRoutes(t.routes);
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) {
      const documented = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()] !== undefined;
      if (route.hidden) {
        expect(isPublic(route), `${route.method} ${route.url} is hidden from the document`).toBe(true);
      } else {
        expect(documented, `${route.method} ${route.url} is in the OpenAPI document`).toBe(true);
      }
    }
  });

  it("documents only routes that exist: each answers something other than the router's own 404", async () => {
    const placeholder = "00000000-0000-4000-8000-000000000000";
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations).filter((m) => METHODS.includes(m))) {
        const url = path.replace(/\{[^}]+\}/g, placeholder);
        const res = await t.app.inject({ method: method.toUpperCase() as "GET", url });
        const code = res.headers["content-type"]?.toString().startsWith("application/json")
          ? res.json()?.error?.code
          : undefined;
        expect(code, `${method.toUpperCase()} ${path}`).not.toBe("unknown_route");
        if (path.startsWith("/api/")) checked++;
      }
    }
    expect(checked).toBe(apiRoutes(t.routes).filter((r) => !r.hidden).length);
  });

  it("declares the one error shape in the routes' responses", () => {
    const op = doc.paths["/api/procedures/{procedureId}"]?.get as unknown as {
      responses: Record<
        string,
        { content: Record<string, { schema: { properties: Record<string, unknown> } }> }
      >;
    };
    const notFound = op.responses["404"]!.content["application/json"]!.schema;
    expect(Object.keys(notFound.properties)).toEqual(["error"]);
    expect(JSON.stringify(notFound)).toContain('"fields"');
  });

  it("serves the interactive documentation from local assets, with no CDN", async () => {
    const page = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    const sources = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).not.toMatch(/^(https?:)?\/\//);
    const bundle = sources.find((s) => s.includes("swagger-ui-bundle.js"))!;
    const script = await t.app.inject({ method: "GET", url: new URL(bundle, "http://x/api/docs/").pathname });
    expect(script.statusCode).toBe(200);
    expect(script.body.length).toBeGreaterThan(100_000);
    const json = await t.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(json.json().info.title).toBe("Logigramme API");
  });
});
