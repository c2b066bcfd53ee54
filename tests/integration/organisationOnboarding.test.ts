import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisation, type NewOrganisation } from "../../server/commands/organisationCreator.js";
import { listSecurityEvents } from "../../server/db/queries/securityEvents.js";
import { projectRoot } from "../../server/paths.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase.js";
import type { CaseView } from "../support/walker.js";

type ErrorBody = { error: { code: string; message: { fr: string; en: string } } };
type Version = { version: number; status: string };
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const csv = (lines: string[]) => Buffer.from(`${lines.join("\n")}\n`, "utf8");

/** A third ministry, onboarded from the command line with the MFFE's catalog as its starting point. */
const health = (overrides: Partial<NewOrganisation> = {}): NewOrganisation => ({
  code: "sante",
  name: "Ministère de la Santé",
  calendar: "CI",
  unit: { code: "SG", name: "Secrétariat général" },
  admin: { matricule: "S0001", name: "Aya Koné", email: "aya.kone@sante.example.ci" },
  copyFrom: "mffe",
  ...overrides,
});

function logigramme(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(projectRoot(), "cli", "main.ts"), ...args],
    {
      cwd: projectRoot(),
      encoding: "utf8",
      env: { ...process.env, ...env },
    },
  );
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe("onboarding an organisation without code", () => {
  let t: TestApp;
  let store: TestDatabase;
  let adminPassword: string;
  let drafts: string[];
  beforeAll(async () => {
    store = await createTestDatabase();
    t = await createTestApp({ database: store });
    ({ adminPassword, drafts } = await createOrganisation(t.database.db, health(), t.clock.now()));
  });
  afterAll(async () => {
    await t.close();
  });

  it("creates the organisation with its administrator and the other organisation's procedures as drafts under its own prefix (mffe-… becomes sante-…)", async () => {
    expect(drafts).toHaveLength(12);
    expect(drafts).toContain("sante-courrier-externe");
    const admin = t.as("S0001", { organisation: "sante", password: adminPassword });
    const versions = await admin.get<{ versions: Version[] }>(
      "/api/procedures/sante-courrier-externe/versions",
    );
    expect(versions.status).toBe(200);
    expect(versions.body.versions).toEqual([expect.objectContaining({ version: 1, status: "draft" })]);
    // The MFFE's own courrier-externe is untouched and still in force there.
    const mffe = await t
      .as("MFFE0099")
      .get<{ versions: Version[] }>("/api/procedures/mffe-courrier-externe/versions");
    expect(mffe.body.versions.some((v) => v.status === "in_force")).toBe(true);
    const trail = await listSecurityEvents(t.database.db, "sante");
    expect(trail.map((e) => e.type)).toContain("organisation_created");
  });

  it("refuses to put a draft in force while its actors' units are missing from the org chart, then accepts once they are imported", async () => {
    const admin = t.as("S0001", { organisation: "sante", password: adminPassword });
    const early = await admin.post<ErrorBody>("/api/procedures/sante-courrier-externe/versions/1/activate");
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe("definition_unresolved");
    expect(early.body.error.message.fr).toContain("DSI");

    const units = await admin.upload(
      "/api/org-chart/import?kind=units",
      csv([
        "code,name,kind,parent_code,head_role",
        "DSI,Direction des systèmes d'information,direction,SG,DIR",
        "CAB,Cabinet,cabinet,SG,DIRCAB",
        "SDMI,Sous-direction de la maintenance informatique,sous-direction,DSI,",
        "SDTI,Sous-direction des technologies de l'information,sous-direction,DSI,",
      ]),
      "text/csv",
    );
    expect(units.status, JSON.stringify(units.body)).toBe(200);
    const people = await admin.upload(
      "/api/org-chart/import?kind=users",
      csv([
        "matricule,name,email,phone,unit_code,roles,active",
        "S0100,Mariam Diallo,,,DSI,SECRETAIRE,true",
        "S0101,Koffi Yao,,,DSI,DIR,true",
        "S0102,Awa Traoré,,,CAB,DIRCAB,true",
      ]),
      "text/csv",
    );
    expect(people.status).toBe(200);
    const activated = await admin.post<{ versions: Version[] }>(
      "/api/procedures/sante-courrier-externe/versions/1/activate",
    );
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);

    // Both organisations now run a courrier-externe of their own, numbered in their own registry.
    const found = await admin.get<{ items: Array<{ id: string; matricule: string }> }>("/api/users?q=S0100");
    const secretaryId = found.body.items.find((u) => u.matricule === "S0100")!.id;
    const reset = await admin.post<{ defaultPassword: string }>(`/api/users/${secretaryId}/password-reset`);
    expect(reset.status).toBe(200);
    const password = reset.body.defaultPassword;
    const started = await t
      .as("S0100", { organisation: "sante", password: password! })
      .post<CaseView>("/api/cases", { procedureId: "sante-courrier-externe" });
    expect(started.status).toBe(201);
    const there = await t.as("MFFE0020").get<ErrorBody>(`/api/cases/${started.body.id}`);
    expect(there.status).toBe(404);
  });

  it("refuses a code already taken, an unknown organisation to copy from, and a code that is not an identifier", async () => {
    const db = t.database.db;
    const now = t.clock.now();
    await expect(createOrganisation(db, health(), now)).rejects.toMatchObject({ status: 409 });
    await expect(
      createOrganisation(db, health({ code: "justice", copyFrom: "nulle-part" }), now),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(createOrganisation(db, health({ code: "Santé Publique" }), now)).rejects.toMatchObject({
      status: 422,
      code: "invalid_organisation",
    });
  });

  it("explains its usage when a required option is missing", () => {
    const run = logigramme(["organisation", "create", "justice", "--lang", "en"]);
    expect(run.code).toBe(2);
    expect(run.err).toContain("usage: logigramme organisation create");
    expect(run.err).toContain("missing: --name, --admin, --admin-name");
  });

  it.runIf(onPostgres)("creates an organisation from the command line on the server database", () => {
    const run = logigramme(
      [
        "organisation",
        "create",
        "justice",
        "--name",
        "Ministère de la Justice",
        "--admin",
        "J0001",
        "--admin-name",
        "Ali Ba",
        "--copy-from",
        "douanes",
      ],
      store.env,
    );
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/organisation « justice » créée/);
    expect(run.out).toMatch(/procédure\(s\) repris de « douanes »/);
  });
});
