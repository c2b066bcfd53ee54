import { and, eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { listSecurityEvents } from "../../server/db/queries/securityEvents.js";
import { roles, users } from "../../server/db/schema.js";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/testApp.js";

/** What a phone shows: computed with the authenticator library, at the app's (test) clock. */
function codeAt(secret: string, at: Date): string {
  return new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({
    timestamp: at.getTime(),
  });
}

describe("second factor (authenticator app and recovery codes)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const now = () => t.clock.now();

  async function login(matricule: string, password: string) {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/session",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ matricule, password }),
    });
    const setCookie = [res.headers["set-cookie"]].flat().find((c) => c?.startsWith("lg_session="));
    return { status: res.statusCode, body: res.json(), cookie: setCookie?.split(";")[0] ?? "" };
  }

  async function call(
    method: "GET" | "POST",
    url: string,
    s: { cookie: string; csrf: string },
    body?: unknown,
  ) {
    const res = await t.app.inject({
      method,
      url,
      headers: {
        cookie: s.cookie,
        "x-csrf-token": s.csrf,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, body: res.body === "" ? undefined : res.json() };
  }

  /** Password accepted, code still to give. */
  async function halfSignedIn(matricule: string) {
    const res = await login(matricule, TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.secondFactorRequired).toBe(true);
    return { cookie: res.cookie, csrf: res.body.csrfToken as string };
  }

  async function eventsOf(matricule: string) {
    const user = (await findUserByMatricule(t.database.db, matricule))!;
    return (await listSecurityEvents(t.database.db, user.organisation)).filter((e) => e.userId === user.id);
  }

  /** Enrols through `as` (already signed in), and lets `as` know the secret to sign in again. */
  async function enrol(matricule: string) {
    const started = await t
      .as(matricule)
      .post<{ secret: string; uri: string }>("/api/session/second-factor/enrolment");
    expect(started.status).toBe(200);
    const confirmed = await t
      .as(matricule)
      .post<{ recoveryCodes: string[] }>("/api/session/second-factor/enrolment/confirm", {
        code: codeAt(started.body.secret, now()),
      });
    expect(confirmed.status).toBe(200);
    t.totpSecrets.set(matricule, started.body.secret);
    // The code just given may not be given again: later sign-ins use the next window.
    t.clock.advanceSeconds(30);
    return {
      secret: started.body.secret,
      uri: started.body.uri,
      recoveryCodes: confirmed.body.recoveryCodes,
    };
  }

  it("enrols an authenticator: a secret and its otpauth URI, then a first code turns it on and hands out ten recovery codes", async () => {
    const person = t.as("DGD0012");
    const started = await person.post<{ secret: string; uri: string }>(
      "/api/session/second-factor/enrolment",
    );
    expect(started.status).toBe(200);
    expect(started.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/Logigramme:DGD0012\?/);
    expect(started.body.uri).toContain(`secret=${started.body.secret}`);

    const wrong = await person.post<{ error: { code: string } }>(
      "/api/session/second-factor/enrolment/confirm",
      {
        code: "000000",
      },
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe("second_factor_code_invalid");
    expect(
      (await person.get<{ secondFactorEnabled: boolean }>("/api/session")).body.secondFactorEnabled,
    ).toBe(false);

    const confirmed = await person.post<{ recoveryCodes: string[] }>(
      "/api/session/second-factor/enrolment/confirm",
      {
        code: codeAt(started.body.secret, now()),
      },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    expect(
      (await person.get<{ secondFactorEnabled: boolean }>("/api/session")).body.secondFactorEnabled,
    ).toBe(true);

    const user = (await findUserByMatricule(t.database.db, "DGD0012"))!;
    expect(user.totpSecret).toBe(started.body.secret);
    expect((await eventsOf("DGD0012")).map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "second_factor_enrolment_started",
        "second_factor_failed",
        "second_factor_enrolled",
      ]),
    );
    t.totpSecrets.set("DGD0012", started.body.secret);
    t.clock.advanceSeconds(30);
  });

  it("signs in with the password, then the code; nothing else opens before the code", async () => {
    const secret = t.totpSecrets.get("DGD0012")!;
    const s = await halfSignedIn("DGD0012");
    const early = await call("GET", "/api/tasks", s);
    expect(early.status).toBe(401);
    expect(early.body.error.code).toBe("second_factor_required");

    const given = await call("POST", "/api/session/second-factor", s, { code: codeAt(secret, now()) });
    expect(given.status).toBe(200);
    expect(given.body.secondFactorRequired).toBe(false);
    expect((await call("GET", "/api/tasks", s)).status).toBe(200);
    expect((await eventsOf("DGD0012")).at(-1)!.type).toBe("second_factor_given");
  });

  it("refuses a code already accepted, but takes the next window's code (one step of drift)", async () => {
    const secret = t.totpSecrets.get("DGD0012")!;
    const s = await halfSignedIn("DGD0012");
    const replayed = await call("POST", "/api/session/second-factor", s, { code: codeAt(secret, now()) });
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe("second_factor_code_invalid");
    const ahead = new Date(now().getTime() + 30_000);
    expect(
      (await call("POST", "/api/session/second-factor", s, { code: codeAt(secret, ahead) })).status,
    ).toBe(200);
    // A code two windows old is refused even if never used.
    t.clock.advanceSeconds(120);
    const late = await halfSignedIn("DGD0012");
    const stale = new Date(now().getTime() - 60_000);
    expect(
      (await call("POST", "/api/session/second-factor", late, { code: codeAt(secret, stale) })).status,
    ).toBe(401);
  });

  it("accepts a recovery code once, in place of the authenticator code", async () => {
    const { recoveryCodes } = await enrol("DGD0007");
    const code = recoveryCodes[3]!;
    const first = await halfSignedIn("DGD0007");
    // Typed back in capitals, without the dash: still the same code.
    const used = await call("POST", "/api/session/second-factor", first, {
      code: code.toUpperCase().replace("-", ""),
    });
    expect(used.status).toBe(200);
    expect((await call("GET", "/api/tasks", first)).status).toBe(200);
    const event = (await eventsOf("DGD0007")).at(-1)!;
    expect(event.type).toBe("recovery_code_used");
    expect(event.payload).toEqual({ method: "recovery_code", remaining: 9 });

    const second = await halfSignedIn("DGD0007");
    const again = await call("POST", "/api/session/second-factor", second, { code });
    expect(again.status).toBe(401);
    expect((await call("GET", "/api/tasks", second)).status).toBe(401);
  });

  it("locks the account after five wrong codes, even across new password sign-ins, and tells the security officer", async () => {
    const victim = "DGD0011";
    await enrol(victim);
    let s = await halfSignedIn(victim);
    for (let i = 0; i < 2; i++) {
      expect((await call("POST", "/api/session/second-factor", s, { code: "111111" })).status).toBe(401);
    }
    // Signing in again with the password does not reset the count.
    s = await halfSignedIn(victim);
    for (let i = 0; i < 2; i++) {
      expect((await call("POST", "/api/session/second-factor", s, { code: "111111" })).status).toBe(401);
    }
    const fifth = await call("POST", "/api/session/second-factor", s, { code: "222222" });
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe("account_locked");
    // The half-open session ends with the lock, and the password alone no longer opens one.
    expect((await call("GET", "/api/session", s)).status).toBe(401);
    expect((await login(victim, TEST_PASSWORD)).status).toBe(423);

    const events = await eventsOf(victim);
    const failures = events.filter(
      (e) => e.type === "login_failed" && e.payload.reason === "wrong_second_factor",
    );
    expect(failures).toHaveLength(5);
    expect(events.map((e) => e.type)).toContain("account_locked");

    const officer = await t
      .as("DGD0008")
      .get<{ items: Array<{ kind: string; body: { fr: string } }> }>("/api/notifications");
    const warning = officer.body.items.find(
      (n) => n.kind === "failed_access_attempts" && n.body.fr.includes(victim),
    );
    expect(warning).toBeDefined();
  });

  it("replaces the recovery codes and turns the second factor off only with a fresh proof", async () => {
    const { secret, recoveryCodes } = await enrol("DGD0002");
    const person = t.as("DGD0002");

    const wrong = await person.post<{ error: { code: string } }>(
      "/api/session/second-factor/recovery-codes",
      {
        password: "pas-le-bon",
      },
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe("wrong_password");
    const renewed = await person.post<{ recoveryCodes: string[] }>(
      "/api/session/second-factor/recovery-codes",
      {
        code: codeAt(secret, now()),
      },
    );
    expect(renewed.status).toBe(200);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    expect(renewed.body.recoveryCodes).not.toContain(recoveryCodes[0]);

    // The old codes stopped working.
    t.clock.advanceSeconds(30);
    const s = await halfSignedIn("DGD0002");
    expect((await call("POST", "/api/session/second-factor", s, { code: recoveryCodes[0] })).status).toBe(
      401,
    );
    expect(
      (await call("POST", "/api/session/second-factor", s, { code: renewed.body.recoveryCodes[0] })).status,
    ).toBe(200);

    expect(
      (await call("POST", "/api/session/second-factor/disable", s, { password: TEST_PASSWORD })).status,
    ).toBe(204);
    const plain = await login("DGD0002", TEST_PASSWORD);
    expect(plain.body.secondFactorRequired).toBe(false);
    expect(plain.body.secondFactorEnabled).toBe(false);
    const user = (await findUserByMatricule(t.database.db, "DGD0002"))!;
    expect(user.totpSecret).toBeNull();
    expect((await eventsOf("DGD0002")).map((e) => e.type)).toEqual(
      expect.arrayContaining(["recovery_codes_regenerated", "recovery_code_used", "second_factor_disabled"]),
    );
  });

  it("makes holders of a privileged role enrol before anything else, and keeps them from turning it off", async () => {
    // The sous-directeur role (DGD0010) is marked privileged by the organisation.
    await t.database.db
      .update(roles)
      .set({ privileged: true })
      .where(and(eq(roles.organisation, "douanes"), eq(roles.code, "SD")));
    const first = await login("DGD0010", DEMO_PASSWORD);
    const s = { cookie: first.cookie, csrf: first.body.csrfToken as string };
    expect(
      (
        await call("POST", "/api/session/password", s, {
          currentPassword: DEMO_PASSWORD,
          newPassword: TEST_PASSWORD,
        })
      ).body.secondFactorEnrolmentRequired,
    ).toBe(true);

    const refused = await call("GET", "/api/tasks", s);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("second_factor_enrolment_required");
    expect((await call("GET", "/api/session", s)).body.secondFactorEnrolmentRequired).toBe(true);

    const started = await call("POST", "/api/session/second-factor/enrolment", s);
    expect(started.status).toBe(200);
    const confirmed = await call("POST", "/api/session/second-factor/enrolment/confirm", s, {
      code: codeAt(started.body.secret, now()),
    });
    expect(confirmed.status).toBe(200);
    expect((await call("GET", "/api/tasks", s)).status).toBe(200);
    expect((await call("GET", "/api/session", s)).body.secondFactorEnrolmentRequired).toBe(false);

    const off = await call("POST", "/api/session/second-factor/disable", s, { password: TEST_PASSWORD });
    expect(off.status).toBe(403);
    expect(off.body.error.code).toBe("second_factor_mandatory");
  });

  it("lets the test client sign administrators in transparently: enrolled at first sign-in, code given after", async () => {
    await t.database.db.update(users).set({ isAdmin: true }).where(eq(users.matricule, "DGD0005"));
    const admin = t.as("DGD0005");
    expect((await admin.get("/api/tasks")).status).toBe(200);
    expect((await admin.get<{ secondFactorEnabled: boolean }>("/api/session")).body.secondFactorEnabled).toBe(
      true,
    );
    // Made administrator while signed in: the next call enrols first, as the person would.
    expect((await t.as("DGD0006").get("/api/tasks")).status).toBe(200);
    await t.database.db.update(users).set({ isAdmin: true }).where(eq(users.matricule, "DGD0006"));
    expect((await t.as("DGD0006").get("/api/tasks")).status).toBe(200);
    expect((await findUserByMatricule(t.database.db, "DGD0006"))!.totpEnabled).toBe(true);
    // A new sign-in after the session expired answers the code.
    t.clock.advanceHours(13);
    expect((await admin.get("/api/tasks")).status).toBe(200);
    expect((await eventsOf("DGD0005")).map((e) => e.type)).toContain("second_factor_given");
  });
});
