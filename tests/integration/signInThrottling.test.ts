import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { listSecurityEvents } from "../../server/db/queries/securityEvents.js";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/testApp.js";

/**
 * The lock under parallel guesses, the same answer for unknown and real matricules, and the
 * throttle by source address: what a hostile tester broke (issue 17, items 3 and 9).
 */
describe("sign-in throttling", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function login(matricule: string, password: string, from = "10.0.0.1") {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/session",
      remoteAddress: from,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ matricule, password }),
    });
    const setCookie = [res.headers["set-cookie"]].flat().find((c) => c?.startsWith("lg_session="));
    return { status: res.statusCode, body: res.json(), cookie: setCookie?.split(";")[0] ?? "" };
  }

  async function giveCode(session: { cookie: string; csrf: string }, code: string, from = "10.0.0.1") {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/session/second-factor",
      remoteAddress: from,
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "content-type": "application/json" },
      payload: JSON.stringify({ code }),
    });
    return { status: res.statusCode, body: res.json() };
  }

  async function eventsOf(matricule: string) {
    const user = (await findUserByMatricule(t.database.db, matricule))!;
    return (await listSecurityEvents(t.database.db, user.organisation)).filter((e) => e.userId === user.id);
  }

  const evaluated = (events: Awaited<ReturnType<typeof eventsOf>>, reason: string) =>
    events.filter((e) => e.type === "login_failed" && e.payload.reason === reason).length;

  it("evaluates at most five wrong passwords of 40 sent together from 40 addresses, then refuses the right one", async () => {
    const victim = "DGD0013";
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(victim, `mauvais-${i}`, `10.1.0.${i + 1}`)),
    );
    expect(answers.every((a) => a.status === 401 || a.status === 423)).toBe(true);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(4);

    const events = await eventsOf(victim);
    // Counted in the security trail: one `wrong_password` event per password actually checked.
    expect(evaluated(events, "wrong_password")).toBe(5);
    expect(events.filter((e) => e.type === "account_locked")).toHaveLength(1);

    const right = await login(victim, DEMO_PASSWORD, "10.1.1.1");
    expect(right.status).toBe(423);
    expect(right.cookie).toBe("");
  });

  it("evaluates at most five wrong authenticator codes sent together, then refuses the right one, without a deadlock", async () => {
    const victim = "DGD0099"; // an administrator: `as` enrols the second factor
    expect((await t.as(victim).get("/api/session")).status).toBe(200);
    const secret = t.totpSecrets.get(victim)!;
    t.clock.advanceSeconds(90);
    const half = await login(victim, TEST_PASSWORD);
    expect(half.body.secondFactorRequired).toBe(true);
    const session = { cookie: half.cookie, csrf: half.body.csrfToken as string };

    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => giveCode(session, String(100000 + i * 7919).slice(0, 6))),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 401 && s !== 423)).toEqual([]);
    expect(evaluated(await eventsOf(victim), "wrong_second_factor")).toBe(5);

    const right = await giveCode(session, t.totpCode(secret));
    expect([401, 423]).toContain(right.status);
    expect((await login(victim, TEST_PASSWORD)).status).toBe(423);
  });

  it("answers an unknown matricule exactly like a real one, up to the lock", async () => {
    const real: Array<{ status: number; body: unknown }> = [];
    const unknown: Array<{ status: number; body: unknown }> = [];
    for (let i = 0; i < 7; i++) {
      const a = await login("DGD0014", `mauvais-${i}`, "10.2.0.1");
      const b = await login("XYZ9999", `mauvais-${i}`, "10.2.0.2");
      real.push({ status: a.status, body: a.body });
      unknown.push({ status: b.status, body: b.body });
    }
    expect(real.map((r) => r.status)).toEqual([401, 401, 401, 401, 423, 423, 423]);
    expect(unknown).toEqual(real);
  });

  it("lets the person in from an address they signed in from while an attacker elsewhere is locked out", async () => {
    const victim = "DGD0016";
    const first = await login(victim, DEMO_PASSWORD, "10.3.0.1");
    expect(first.status).toBe(200);

    for (let i = 0; i < 4; i++) expect((await login(victim, `mauvais-${i}`, "10.3.9.9")).status).toBe(401);
    expect((await login(victim, "mauvais-5", "10.3.9.9")).status).toBe(423);
    // The attacker's address stays locked out, even with the right password.
    expect((await login(victim, DEMO_PASSWORD, "10.3.9.9")).status).toBe(423);
    // The person's own desk is not.
    expect((await login(victim, DEMO_PASSWORD, "10.3.0.1")).status).toBe(200);
    // Guesses from the person's desk have their own limit of five.
    for (let i = 0; i < 4; i++) expect((await login(victim, `faux-${i}`, "10.3.0.1")).status).toBe(401);
    expect((await login(victim, "faux-5", "10.3.0.1")).status).toBe(423);
  });

  it("throttles an address that guesses across many accounts, and tells the security officer once per lock", async () => {
    for (let i = 0; i < 20; i++) {
      expect((await login(`INCONNU${i}`, "mauvais", "10.4.0.1")).status).toBe(401);
    }
    const throttled = await login("DGD0018", DEMO_PASSWORD, "10.4.0.1");
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe("too_many_attempts");
    // Another address is not concerned.
    expect((await login("DGD0018", DEMO_PASSWORD, "10.4.0.2")).status).toBe(200);

    const victim = "DGD0019";
    for (let i = 0; i < 12; i++) await login(victim, `mauvais-${i}`, `10.5.0.${i + 1}`);
    const officer = await t
      .as("DGD0008")
      .get<{ items: Array<{ kind: string; body: { fr: string } }> }>("/api/notifications");
    const warnings = officer.body.items.filter(
      (n) => n.kind === "failed_access_attempts" && n.body.fr.includes(victim),
    );
    expect(warnings).toHaveLength(1);
  });
});
