import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/testApp.js";

type ErrorBody = { error: { code: string; fields?: unknown[]; target?: string } };

/** Issue 17 items 8 and 12: what is refused before any route looks at its input. */
describe("the request boundary", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers an anonymous caller 401 before telling anything about a route's fields", async () => {
    const res = await t.anonymous.post<ErrorBody>("/api/cases", { procedureId: 42, data: "x" });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthenticated");
    expect(res.body.error.fields).toBeUndefined();
    const forged = await t.app.inject({
      method: "POST",
      url: "/api/units",
      headers: { cookie: "lg_session=faux", "content-type": "application/json" },
      payload: "{}",
    });
    expect(forged.statusCode).toBe(401);
  });

  it("refuses NUL bytes, lone surrogates and deep nesting with a 400, signed in or not", async () => {
    const nul = await t.anonymous.post<ErrorBody>("/api/session", {
      matricule: "DGD\u00000001",
      password: "x",
    });
    expect(nul.status).toBe(400);
    expect(nul.body.error.code).toBe("malformed_input");
    const surrogate = await t.anonymous.post<ErrorBody>("/api/session", {
      matricule: "\ud800",
      password: "x",
    });
    expect(surrogate.status).toBe(400);
    let nested: unknown = "x";
    for (let i = 0; i < 100; i++) nested = { a: nested };
    const deep = await t.as("DGD0012").post<ErrorBody>("/api/cases", {
      procedureId: "douanes-e-compte-mail",
      data: { nom: nested },
    });
    expect(deep.status).toBe(400);
    const badUrl = await t.as("DGD0012").get<ErrorBody>("/api/cases/%ED%A0%80");
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.code).toBeDefined();
  });

  it("refuses a version number beyond PostgreSQL's integers and a forged cursor with a 422", async () => {
    const version = await t
      .as("DGD0012")
      .get<ErrorBody>("/api/procedures/douanes-e-compte-mail/versions/2147483648");
    expect(version.status).toBe(422);
    const cursor = Buffer.from(JSON.stringify(["pas une date", "x"])).toString("base64url");
    const notifications = await t.as("DGD0012").get<ErrorBody>(`/api/notifications?cursor=${cursor}`);
    expect(notifications.status).toBe(422);
    expect(notifications.body.error.code).toBe("invalid_cursor");
  });

  it("shows colleagues in the directory without who administers or how to reach them", async () => {
    const agent = await t
      .as("DGD0012")
      .get<{ items: Array<Record<string, unknown>> }>("/api/users?limit=200");
    expect(agent.status).toBe(200);
    expect(agent.body.items.every((u) => u.isAdmin === null && u.email === null && u.phone === null)).toBe(
      true,
    );
    const admin = await t
      .as("DGD0099")
      .get<{ items: Array<Record<string, unknown>> }>("/api/users?limit=200");
    expect(admin.body.items.some((u) => u.isAdmin === true)).toBe(true);
  });
});
