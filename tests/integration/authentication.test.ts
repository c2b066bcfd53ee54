import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import { listCaseHeads } from "../../server/db/queries/cases.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { listSecurityEvents } from "../../server/db/queries/securityEvents.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type ErrorBody = { error: { code: string; message: { fr: string; en: string }; target?: string } };

/** Sessions by hand, to see cookies, CSRF tokens and refusals as a browser would. */
describe("authentication and sessions", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function login(matricule: string, password: string, headers: Record<string, string> = {}) {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/session",
      headers: { "content-type": "application/json", ...headers },
      payload: JSON.stringify({ matricule, password }),
    });
    const setCookie = [res.headers["set-cookie"]].flat().find((c) => c?.startsWith("lg_session="));
    return {
      status: res.statusCode,
      body: res.json(),
      setCookie: setCookie ?? null,
      cookie: setCookie?.split(";")[0] ?? "",
    };
  }

  function call(
    method: "GET" | "POST" | "DELETE",
    url: string,
    cookie: string,
    csrf?: string,
    body?: unknown,
  ) {
    return t.app.inject({
      method,
      url,
      headers: {
        cookie,
        ...(csrf ? { "x-csrf-token": csrf } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  }

  it("signs in with the default password, then refuses everything but a password change", async () => {
    const first = await login("DGD0010", DEMO_PASSWORD);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    expect(first.body.user.matricule).toBe("DGD0010");
    expect(first.setCookie).toMatch(/HttpOnly/i);
    expect(first.setCookie).toMatch(/SameSite=Lax/i);

    const tasks = await call("GET", "/api/tasks", first.cookie);
    expect(tasks.statusCode).toBe(403);
    expect(tasks.json().error.code).toBe("password_change_required");

    const weak = await call("POST", "/api/session/password", first.cookie, first.body.csrfToken, {
      currentPassword: DEMO_PASSWORD,
      newPassword: "court",
    });
    expect(weak.statusCode).toBe(422);
    expect((weak.json() as ErrorBody).error.target).toBe("newPassword");
    expect((weak.json() as ErrorBody).error.message.fr).toContain("au moins 10 caractères");

    const changed = await call("POST", "/api/session/password", first.cookie, first.body.csrfToken, {
      currentPassword: DEMO_PASSWORD,
      newPassword: "Lagune-Ebrie-2026",
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().mustChangePassword).toBe(false);
    expect((await call("GET", "/api/tasks", first.cookie)).statusCode).toBe(200);

    // The default password no longer opens the account.
    expect((await login("DGD0010", DEMO_PASSWORD)).status).toBe(401);
    expect((await login("DGD0010", "Lagune-Ebrie-2026")).body.mustChangePassword).toBe(false);
  });

  it("answers a wrong password and an unknown matricule alike", async () => {
    const wrong = await login("DGD0011", "pas-le-bon");
    const unknown = await login("PERSONNE", "pas-le-bon");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.message.fr).toBe("matricule ou mot de passe incorrect");
    expect(wrong.setCookie).toBeNull();
  });

  it("locks the account after five wrong passwords, tells the person and the security officer, and records it", async () => {
    const victim = "DGD0009";
    for (let i = 1; i <= 4; i++) expect((await login(victim, `mauvais-${i}`)).status).toBe(401);
    const fifth = await login(victim, "mauvais-5");
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe("account_locked");
    // Even the right password is refused while the lock lasts.
    expect((await login(victim, DEMO_PASSWORD)).status).toBe(423);

    const user = (await findUserByMatricule(t.database.db, victim))!;
    const events = (await listSecurityEvents(t.database.db, "douanes")).filter((e) => e.userId === user.id);
    expect(events.map((e) => e.type)).toEqual([
      "login_failed",
      "login_failed",
      "login_failed",
      "login_failed",
      "login_failed",
      "account_locked",
      "login_failed",
    ]);
    expect(events.at(-1)!.payload).toEqual({ method: "password", reason: "account_locked" });

    // The security officer of the customs DSI is the RSSI (DGD0008).
    const officer = await t
      .as("DGD0008")
      .get<{ items: Array<{ kind: string; body: { fr: string } }> }>("/api/notifications");
    expect(officer.body.items.map((n) => n.kind)).toContain("failed_access_attempts");
    expect(officer.body.items.find((n) => n.kind === "failed_access_attempts")!.body.fr).toContain(victim);

    // A quarter of an hour later the right password opens the account and the person reads why.
    t.clock.advanceHours(0.26);
    const again = await t.as(victim).get<{ items: Array<{ kind: string }> }>("/api/notifications");
    expect(again.status).toBe(200);
    expect(again.body.items.map((n) => n.kind)).toEqual(["account_locked"]);
    expect((await findUserByMatricule(t.database.db, victim))!.failedLogins).toBe(0);
  });

  it("refuses a state-changing request without the session's CSRF token, and changes nothing", async () => {
    await t.as("DGD0012").get("/api/tasks"); // signs in and replaces the default password
    const session = await login("DGD0012", "Essai-des-tests-2026");
    expect(session.status).toBe(200);
    const before = (await listCaseHeads(t.database.db)).length;
    for (const csrf of [undefined, "faux-jeton"]) {
      const res = await call("POST", "/api/cases", session.cookie, csrf, {
        procedureId: "douanes-m-gestion-anomalies",
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("csrf_token_invalid");
    }
    expect((await listCaseHeads(t.database.db)).length).toBe(before);
    const ok = await call("POST", "/api/cases", session.cookie, session.body.csrfToken, {
      procedureId: "douanes-m-gestion-anomalies",
    });
    expect(ok.statusCode).toBe(201);
  });

  it("refuses a sign-in posted from another site", async () => {
    const res = await login("DGD0012", "Essai-des-tests-2026", { origin: "https://ailleurs.example" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("foreign_origin");
    expect(res.setCookie).toBeNull();
  });

  it("ends one session on logout and every session on logout everywhere", async () => {
    const a = await login("DGD0012", "Essai-des-tests-2026");
    const b = await login("DGD0012", "Essai-des-tests-2026");
    const c = await login("DGD0012", "Essai-des-tests-2026");
    expect((await call("DELETE", "/api/session", a.cookie, a.body.csrfToken)).statusCode).toBe(204);
    expect((await call("GET", "/api/session", a.cookie)).statusCode).toBe(401);
    expect((await call("GET", "/api/session", b.cookie)).statusCode).toBe(200);

    expect(
      (await call("POST", "/api/session/logout-everywhere", b.cookie, b.body.csrfToken)).statusCode,
    ).toBe(204);
    expect((await call("GET", "/api/session", b.cookie)).statusCode).toBe(401);
    expect((await call("GET", "/api/session", c.cookie)).statusCode).toBe(401);
    const types = (await listSecurityEvents(t.database.db, "douanes")).map((e) => e.type);
    expect(types).toContain("logout");
    expect(types).toContain("logout_everywhere");
  });

  it("ends an idle session after two hours", async () => {
    const s = await login("DGD0012", "Essai-des-tests-2026");
    t.clock.advanceHours(1);
    expect((await call("GET", "/api/session", s.cookie)).statusCode).toBe(200);
    t.clock.advanceHours(1.5);
    expect((await call("GET", "/api/session", s.cookie)).statusCode).toBe(200);
    t.clock.advanceHours(2.1);
    expect((await call("GET", "/api/session", s.cookie)).statusCode).toBe(401);
  });

  it("shows the signed-in person's unit and roles with their titles", async () => {
    const s = await login("DGD0008", "Essai-des-tests-2026");
    const res = await call("GET", "/api/session", s.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.unit.code).toBe("RSSI");
    expect(body.user.roles).toContainEqual(
      expect.objectContaining({ code: "RSSI", title: "Responsable Sécurité du Système d'Information" }),
    );
    expect(body.csrfToken).toBe(s.body.csrfToken);
  });
});
