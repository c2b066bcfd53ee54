import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DirectoryConfig } from "../../server/auth/directory.js";
import { setAuthSource } from "../../server/db/queries/accounts.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { listSecurityEvents } from "../../server/db/queries/securityEvents.js";
import {
  SLAPD_PEOPLE,
  SLAPD_SERVICE_DN,
  SLAPD_SERVICE_PASSWORD,
  SLAPD_SUFFIX,
  type Slapd,
  startSlapd,
} from "../support/slapd.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

/** Sign-in through a real OpenLDAP directory (Debian's slapd, started for this file). */
describe("sign-in through the LDAP directory", () => {
  let slapd: Slapd;
  let t: TestApp;
  let autoCreating: TestApp;

  const directory = (): DirectoryConfig => ({
    url: slapd.url,
    bindDn: SLAPD_SERVICE_DN,
    bindPassword: SLAPD_SERVICE_PASSWORD,
    baseDn: SLAPD_SUFFIX,
    userFilter: "(&(objectClass=inetOrgPerson)(uid={matricule}))",
    nameAttribute: "cn",
    emailAttribute: "mail",
    tlsCa: null,
    autoCreate: null,
  });

  beforeAll(async () => {
    slapd = await startSlapd();
    for (const [uid, givenName, sn] of [
      ["DGD0005", "Konan", "DIGBEU-KOFFI"],
      ["DGD0007", "Yao", "CISSÉ"],
      ["DGD0100", "Awa", "KONÉ"],
      ["DGD0101", "Ibrahim", "OUATTARA"],
    ] as const) {
      await slapd.addPerson({
        uid,
        givenName,
        sn,
        password: `Annuaire-${uid}`,
        mail: `${givenName.toLowerCase()}@annuaire.douanes.ci`,
      });
    }
    t = await createTestApp({ sources: { directory: directory() } });
    for (const matricule of ["DGD0005", "DGD0007", "DGD0009"]) {
      const user = (await findUserByMatricule(t.database.db, matricule))!;
      await setAuthSource(t.database.db, user.id, "ldap", null);
    }
    autoCreating = await createTestApp({
      sources: { directory: { ...directory(), autoCreate: { organisation: "douanes", unitCode: "DSI" } } },
    });
  });
  afterAll(async () => {
    await t?.close();
    await autoCreating?.close();
    await slapd?.close();
  });

  async function login(app: TestApp, matricule: string, password: string) {
    const res = await app.app.inject({
      method: "POST",
      url: "/api/session",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ matricule, password }),
    });
    const setCookie = [res.headers["set-cookie"]].flat().find((c) => c?.startsWith("lg_session="));
    return { status: res.statusCode, body: res.json(), setCookie: setCookie ?? null };
  }

  it("signs an ldap account in with its directory password, refreshing its name, e-mail and DN", async () => {
    const before = (await findUserByMatricule(t.database.db, "DGD0005"))!;
    expect(before.name).toBe("Konan DIGBEU");

    const res = await login(t, "DGD0005", "Annuaire-DGD0005");
    expect(res.status).toBe(200);
    expect(res.setCookie).toMatch(/HttpOnly/i);
    expect(res.body.user).toMatchObject({
      matricule: "DGD0005",
      authSource: "ldap",
      name: "Konan DIGBEU-KOFFI",
      email: "konan@annuaire.douanes.ci",
    });
    expect(res.body.mustChangePassword).toBe(false);

    const after = (await findUserByMatricule(t.database.db, "DGD0005"))!;
    expect(after.name).toBe("Konan DIGBEU-KOFFI");
    expect(after.email).toBe("konan@annuaire.douanes.ci");
    expect(after.externalSubject).toBe(`uid=DGD0005,${SLAPD_PEOPLE}`);
    const events = (await listSecurityEvents(t.database.db, "douanes")).filter((e) => e.userId === after.id);
    expect(events.at(-1)).toMatchObject({
      type: "login_succeeded",
      payload: { method: "ldap", dn: `uid=DGD0005,${SLAPD_PEOPLE}` },
    });

    // The directory is the reference: a change there shows at the next sign-in.
    await slapd.modifyPerson("DGD0005", { mail: "konan.digbeu@douanes.gouv.ci" });
    const again = await login(t, "DGD0005", "Annuaire-DGD0005");
    expect(again.body.user.email).toBe("konan.digbeu@douanes.gouv.ci");

    // The session works like any other.
    const tasks = await t.as("DGD0005", { password: "Annuaire-DGD0005" }).get("/api/tasks");
    expect(tasks.status).toBe(200);
  });

  it("tells the sign-in page that the directory is enabled", async () => {
    const res = await t.anonymous.get("/api/session/providers");
    expect(res.body).toEqual({ password: true, ldap: true, oidc: null });
  });

  it("refuses a local password change for a directory account", async () => {
    const res = await t.as("DGD0005", { password: "Annuaire-DGD0005" }).post("/api/session/password", {
      currentPassword: "Annuaire-DGD0005",
      newPassword: "Nouveau-Mot-2026",
    });
    expect(res.status).toBe(409);
    expect((res.body as { error: { code: string } }).error.code).toBe("external_password");
  });

  it("refuses a wrong directory password and locks the account after five, as for local accounts", async () => {
    const victim = "DGD0007";
    for (let i = 1; i <= 4; i++) {
      const wrong = await login(t, victim, `mauvais-${i}`);
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe("invalid_credentials");
      expect(wrong.setCookie).toBeNull();
    }
    const fifth = await login(t, victim, "mauvais-5");
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe("account_locked");
    // The right directory password is refused while the lock lasts.
    expect((await login(t, victim, `Annuaire-${victim}`)).status).toBe(423);

    const user = (await findUserByMatricule(t.database.db, victim))!;
    expect(user.failedLogins).toBe(5);
    const events = (await listSecurityEvents(t.database.db, "douanes")).filter((e) => e.userId === user.id);
    expect(events.map((e) => e.type)).toEqual([
      ...Array(5).fill("login_failed"),
      "account_locked",
      "login_failed",
    ]);
    expect(events[0]!.payload).toEqual({ method: "ldap", reason: "wrong_password", failedLogins: 1 });
    expect(events.at(-1)!.payload).toEqual({ method: "ldap", reason: "account_locked" });

    const officer = await t
      .as("DGD0008")
      .get<{ items: Array<{ kind: string; body: { fr: string } }> }>("/api/notifications");
    expect(officer.body.items.find((n) => n.kind === "failed_access_attempts")!.body.fr).toContain(victim);

    t.clock.advanceHours(0.26);
    expect((await login(t, victim, `Annuaire-${victim}`)).status).toBe(200);
    expect((await findUserByMatricule(t.database.db, victim))!.failedLogins).toBe(0);
  });

  it("refuses an ldap account the directory does not know, like a wrong password", async () => {
    // DGD0009 signs in through the directory here, but the directory has no entry for them.
    const res = await login(t, "DGD0009", "Annuaire-DGD0009");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("invalid_credentials");
    const user = (await findUserByMatricule(t.database.db, "DGD0009"))!;
    const events = (await listSecurityEvents(t.database.db, "douanes")).filter((e) => e.userId === user.id);
    expect(events.at(-1)!.payload).toMatchObject({ method: "ldap", reason: "directory_unknown" });
  });

  it("does not let a filter-injection matricule sign anyone in", async () => {
    // With auto-creation every unknown matricule is looked for in the directory.
    for (const matricule of ["*)(uid=*", "*", "DGD010*", "DGD0100)(|(uid=*"]) {
      for (const password of ["Annuaire-DGD0100", "*"]) {
        const res = await login(autoCreating, matricule, password);
        expect(res.status, `${matricule} / ${password}`).toBe(401);
        expect(res.setCookie).toBeNull();
      }
      expect(await findUserByMatricule(autoCreating.database.db, matricule)).toBeNull();
    }
  });

  it("creates a directory person unknown here in the default unit, with no roles, when asked to", async () => {
    const res = await login(autoCreating, "DGD0100", "Annuaire-DGD0100");
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      matricule: "DGD0100",
      name: "Awa KONÉ",
      email: "awa@annuaire.douanes.ci",
      organisation: "douanes",
      authSource: "ldap",
      unit: { code: "DSI" },
      roles: [],
      isAdmin: false,
    });
    const user = (await findUserByMatricule(autoCreating.database.db, "DGD0100"))!;
    expect(user.passwordHash).toBeNull();
    expect(user.externalSubject).toBe(`uid=DGD0100,${SLAPD_PEOPLE}`);
    const events = (await listSecurityEvents(autoCreating.database.db, "douanes")).filter(
      (e) => e.userId === user.id,
    );
    expect(events.map((e) => e.type)).toEqual(["account_created_from_directory", "login_succeeded"]);

    // The directory ignores case; a second account for the same person is not created.
    const otherCase = await login(autoCreating, "dgd0100", "Annuaire-DGD0100");
    expect(otherCase.status).toBe(401);
    expect(await findUserByMatricule(autoCreating.database.db, "dgd0100")).toBeNull();

    // Without auto-creation the same person is refused like a wrong password.
    const refused = await login(t, "DGD0101", "Annuaire-DGD0101");
    expect(refused.status).toBe(401);
    expect(await findUserByMatricule(t.database.db, "DGD0101")).toBeNull();
  });

  it("answers 503 when the directory is out of reach, without counting a failure", async () => {
    await slapd.stop();
    try {
      const res = await login(t, "DGD0005", "Annuaire-DGD0005");
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe("directory_unavailable");
      expect(res.body.error.message.fr).toContain("annuaire");
      expect(res.body.error.message.en).toContain("directory");
      const user = (await findUserByMatricule(t.database.db, "DGD0005"))!;
      expect(user.failedLogins).toBe(0);
      expect(user.lockedUntil).toBeNull();
      const events = (await listSecurityEvents(t.database.db, "douanes")).filter((e) => e.userId === user.id);
      expect(events.at(-1)!.payload).toEqual({ method: "ldap", reason: "directory_unavailable" });
    } finally {
      await slapd.start();
    }
    expect((await login(t, "DGD0005", "Annuaire-DGD0005")).status).toBe(200);
  });
});
