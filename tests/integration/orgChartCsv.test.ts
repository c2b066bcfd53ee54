import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSecurityEvents } from "../../server/db/queries/securityEvents.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type Problem = { line: number; column: string | null; message: { fr: string; en: string } };
type Refusal = { error: { code: string; message: { fr: string; en: string } }; problems: Problem[] };
type Unit = { code: string; name: string; parentId: string | null; headRole: string | null; id: string };

const ADMIN = "DGD0099";
const csv = (lines: string[]) => Buffer.from(`${lines.join("\n")}\n`, "utf8");

describe("org chart CSV import and export", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const units = async () => (await t.as(ADMIN).get<{ items: Unit[] }>("/api/units?limit=200")).body.items;

  it("refuses a file with errors, reporting every wrong line in French and English, and imports nothing", async () => {
    const before = await units();
    const res = await t
      .as(ADMIN)
      .upload<Refusal>(
        "/api/org-chart/import?kind=units",
        csv([
          "code,name,kind,parent_code,head_role",
          "BNEW,Bureau nouveau,bureau,DSI,CB",
          "B NEW,Espace dans le code,bureau,DSI,",
          "BX,Type inconnu,division,DSI,",
          "BY,Parent inconnu,bureau,NULLE_PART,",
          "BZ,Rôle inconnu,bureau,DSI,CHEF_INCONNU",
          "BNEW,Doublon,bureau,DSI,",
          "L1,Boucle un,section,L2,",
          "L2,Boucle deux,section,L1,",
        ]),
        "text/csv",
      );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("invalid_csv");
    expect(res.body.error.message.fr).toContain("rien n'a été importé");
    const byLine = res.body.problems.map((p) => [p.line, p.column]);
    expect(byLine).toEqual(
      expect.arrayContaining([
        [3, "code"],
        [4, "kind"],
        [5, "parent_code"],
        [6, "head_role"],
        [7, "code"],
        [8, "parent_code"],
      ]),
    );
    expect(res.body.problems.every((p) => p.message.fr && p.message.en)).toBe(true);
    expect(await units()).toHaveLength(before.length);
  });

  it("refuses a header that is not the documented one", async () => {
    const res = await t
      .as(ADMIN)
      .upload<Refusal>("/api/org-chart/import?kind=users", csv(["matricule,nom", "DGD1,X"]), "text/csv");
    expect(res.status).toBe(422);
    expect(res.body.problems[0]).toMatchObject({ line: 1 });
    expect(res.body.problems[0]!.message.en).toContain("expected header");
  });

  it("imports units, children before or after their parent, and updates existing ones", async () => {
    const res = await t
      .as(ADMIN)
      .upload<{ created: number; updated: number }>(
        "/api/org-chart/import?kind=units",
        csv([
          "code,name,kind,parent_code,head_role",
          "SQLT,Section Qualité logicielle,section,BQLT,",
          "BQLT,Bureau Qualité,bureau,DSI,CB",
          "BIT,Bureau Informatique et Télécommunications,bureau,SDIS,CB",
        ]),
        "text/csv",
      );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, updated: 1 });
    const all = await units();
    const bqlt = all.find((u) => u.code === "BQLT")!;
    expect(all.find((u) => u.code === "SQLT")?.parentId).toBe(bqlt.id);
    expect(bqlt.headRole).toBe("CB");
  });

  it("imports users with their roles, and reports each wrong line", async () => {
    const refused = await t
      .as(ADMIN)
      .upload<Refusal>(
        "/api/org-chart/import?kind=users",
        csv([
          "matricule,name,email,phone,unit_code,roles,active",
          "DGD0600,Awa TRAORÉ,awa.traore@douanes.example.ci,,BQLT,CB,true",
          "DGD0601,Sans unité,,,INCONNUE,AGENT,true",
          "DGD0602,Mauvais rôle,pas-une-adresse,,BQLT,CHEF_INCONNU,peut-être",
          "MFFE0001,Matricule d'ailleurs,,,BQLT,,true",
        ]),
        "text/csv",
      );
    expect(refused.status).toBe(422);
    expect(refused.body.problems.map((p) => [p.line, p.column])).toEqual(
      [
        [3, "unit_code"],
        [4, "email"],
        [4, "active"],
        [4, "roles"],
        // Line 5 is fine: a matricule another organisation also uses is each organisation's own.
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    const none = await t.as(ADMIN).get<{ items: unknown[] }>("/api/users?q=DGD0600");
    expect(none.body.items).toEqual([]);

    const ok = await t
      .as(ADMIN)
      .upload<{ created: number; updated: number }>(
        "/api/org-chart/import?kind=users",
        csv([
          "matricule,name,email,phone,unit_code,roles,active",
          "DGD0600,Awa TRAORÉ,awa.traore@douanes.example.ci,+225 01 02 03 04,BQLT,CB;CP@DSI,true",
          'DGD0601,"KONÉ, Ali",,,SQLT,AGENT,oui',
          "DGD0005,Konan DIGBEU,konan.digbeu@douanes.example.ci,,DSI,AGENT,false",
        ]),
        "text/csv",
      );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ created: 2, updated: 1 });
    const awa = (await t.as(ADMIN).get<{ items: Array<{ id: string }> }>("/api/users?q=DGD0600")).body
      .items[0]!;
    const detail = await t
      .as(ADMIN)
      .get<{ memberships: Array<{ roleCode: string; unitCode: string }> }>(`/api/users/${awa.id}`);
    expect(detail.body.memberships.map((m) => `${m.roleCode}@${m.unitCode}`).sort()).toEqual([
      "CB@BQLT",
      "CP@DSI",
    ]);
    const inactive = await t
      .as(ADMIN)
      .get<{ items: Array<{ matricule: string }> }>("/api/users?active=false");
    expect(inactive.body.items.map((u) => u.matricule)).toEqual(["DGD0005"]);

    const trail = await listSecurityEvents(t.database.db, "douanes");
    expect(trail.filter((e) => e.type === "org_chart_imported")).toHaveLength(2);
  });

  it("exports units and users in the same columns, and the export imports back unchanged", async () => {
    for (const kind of ["units", "users"] as const) {
      const exported = await t.as(ADMIN).get(`/api/org-chart/export?kind=${kind}`);
      expect(exported.status).toBe(200);
      expect(exported.headers["content-type"]).toContain("text/csv");
      const text = exported.bytes.toString("utf8");
      expect(text.split("\n")[0]).toBe(
        kind === "units"
          ? "code,name,kind,parent_code,head_role"
          : "matricule,name,email,phone,unit_code,roles,active",
      );
      if (kind === "users") expect(text).toContain('DGD0601,"KONÉ, Ali",,,SQLT,AGENT,true');
      const reimported = await t
        .as(ADMIN)
        .upload<{ created: number; updated: number }>(
          `/api/org-chart/import?kind=${kind}`,
          exported.bytes,
          "text/csv",
        );
      expect(reimported.status).toBe(200);
      expect(reimported.body.created).toBe(0);
      const again = await t.as(ADMIN).get(`/api/org-chart/export?kind=${kind}`);
      expect(again.bytes.toString("utf8")).toBe(text);
    }
  });

  it("is for administrators only", async () => {
    const res = await t.as("DGD0003").get<{ error: { code: string } }>("/api/org-chart/export?kind=units");
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
  });
});
