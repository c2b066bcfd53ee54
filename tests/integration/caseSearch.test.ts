import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseListItem, CaseView } from "../../shared/api/cases.js";
import { anyUserOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type CaseList = { items: CaseListItem[]; nextCursor: string | null };
const MAIL = "douanes-e-compte-mail";
const BACKUP = "douanes-d-sauvegarde-serveurs";

describe("searching cases and exporting the register", () => {
  let t: TestApp;
  let requester: string;
  const cases: CaseView[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    requester = await anyUserOf(t.database, "douanes", "BAS");
    const start = async (procedureId: string, title?: string, data?: Record<string, unknown>) => {
      const res = await t.as(requester).post<CaseView>("/api/cases", { procedureId, title, data });
      expect(res.status).toBe(201);
      cases.push(res.body);
      t.clock.advanceHours(24);
    };
    await start(MAIL, "Messagerie pour les stagiaires de la brigade");
    await start(MAIL, "Compte de messagerie d'Aya Bamba");
    await start(BACKUP);
    await start(MAIL, "Réclamation: « compte bloqué »");
    await start(BACKUP, "Sauvegarde mensuelle; serveurs SYDAM");
  });
  afterAll(async () => {
    await t.close();
  });

  const search = (query = "") => t.as(requester).get<CaseList>(`/api/cases${query}`);
  const ids = (list: CaseList) => list.items.map((c) => c.id);
  const newestFirst = () => [...cases].reverse().map((c) => c.id);

  it("stores the object given at the start, the procedure's title otherwise, and shows a case page's names", async () => {
    expect(cases[0]!.title).toBe("Messagerie pour les stagiaires de la brigade");
    expect(cases[2]!.title).toBe(cases[2]!.procedure.title);
    expect(cases[0]!.requester.matricule).toBe(requester);
    expect(cases[0]!.currentSteps[0]!.heldBy?.unitName).toContain("BAS");
    expect(cases[0]!.history[0]!.actorName).toBe(cases[0]!.requester.name);
  });

  it("refuses a title longer than 300 characters", async () => {
    const res = await t.as(requester).post("/api/cases", { procedureId: MAIL, title: "x".repeat(301) });
    expect(res.status).toBe(422);
  });

  it("lists the cases one may read, newest first, with the register's columns", async () => {
    const res = await search();
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(newestFirst());
    expect(res.body.items[0]).toMatchObject({
      registryNumber: cases[4]!.registryNumber,
      title: "Sauvegarde mensuelle; serveurs SYDAM",
      procedure: { id: BACKUP, version: 2 },
      status: "active",
      imputedUnit: null,
    });
    expect(res.body.items[0]!.currentSteps[0]!.title.length).toBeGreaterThan(0);
  });

  it("filters by registry number (exact or its beginning), procedure, status, unit and requester", async () => {
    expect(ids((await search(`?registryNumber=${cases[1]!.registryNumber}`)).body)).toEqual([cases[1]!.id]);
    const prefix = cases[0]!.registryNumber.split("-").slice(0, 2).join("-");
    expect(ids((await search(`?registryNumber=${prefix}`)).body)).toEqual([
      cases[3]!.id,
      cases[1]!.id,
      cases[0]!.id,
    ]);
    expect(ids((await search(`?procedureId=${BACKUP}`)).body)).toEqual([cases[4]!.id, cases[2]!.id]);
    const throughBas = [...cases]
      .reverse()
      .filter((c) => c.currentSteps.some((s) => s.heldBy?.unitName?.includes("BAS")))
      .map((c) => c.id);
    expect(throughBas.length).toBeGreaterThanOrEqual(3);
    expect(ids((await search("?unit=BAS")).body)).toEqual(throughBas);
    expect(ids((await search("?unit=RSSI")).body)).toEqual([]);
    expect(ids((await search(`?requester=${requester}`)).body)).toEqual(newestFirst());
    expect(ids((await search("?requester=DGD0040")).body)).toEqual([]);

    const cancelled = await t.as(requester).post<CaseView>(`/api/cases/${cases[1]!.id}/actions`, {
      type: "cancel",
      expectedVersion: cases[1]!.version,
      reason: "Demande en double",
    });
    expect(cancelled.status).toBe(200);
    expect(ids((await search("?status=cancelled")).body)).toEqual([cases[1]!.id]);
    expect(ids((await search("?status=active")).body)).not.toContain(cases[1]!.id);
  });

  it("filters by creation dates, days included", async () => {
    const day = (c: CaseView) => c.createdAt.slice(0, 10);
    const res = await search(`?createdFrom=${day(cases[1]!)}&createdTo=${day(cases[3]!)}`);
    expect(ids(res.body)).toEqual([cases[3]!.id, cases[2]!.id, cases[1]!.id]);
    expect((await search("?createdFrom=2026-13-01")).status).toBe(422);
  });

  it("finds words of the title in French, whatever their form", async () => {
    expect(ids((await search("?q=stagiaire")).body)).toEqual([cases[0]!.id]);
    expect(ids((await search("?q=messageries")).body)).toEqual([cases[1]!.id, cases[0]!.id]);
    expect(ids((await search("?q=sydam")).body)).toEqual([cases[4]!.id]);
    expect(ids((await search("?q=introuvable")).body)).toEqual([]);
  });

  it("pages by cursor, stable and complete", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: CaseList = (await search(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`)).body;
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(newestFirst());
  });

  it("exports the register as CSV with a byte-order mark, French headers and dates", async () => {
    const res = await t.as(requester).get(`/api/cases/export?format=csv&separator=comma&procedureId=${MAIL}`);
    expect(res.status).toBe(200);
    expect(String(res.headers["content-type"])).toContain("text/csv");
    // Streamed batch by batch: no row cap any more.
    expect(res.headers["x-export-max-rows"]).toBeUndefined();
    const text = res.bytes.toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const lines = text.slice(1).trim().split("\r\n");
    expect(lines[0]).toBe(
      "N° d'enregistrement,Date,Demandeur / Expéditeur,Objet,Imputé à,État,Étape en cours,Échéance",
    );
    expect(lines).toHaveLength(4);
    const [y, m, d] = cases[3]!.createdAt.slice(0, 10).split("-");
    expect(lines[1]).toContain(`${cases[3]!.registryNumber},${d}/${m}/${y},`);
    expect(lines[1]).toContain(",Réclamation: « compte bloqué »,");
    expect(lines.some((l) => l.includes("Annulé"))).toBe(true);
  });

  it("separates the CSV's columns with « ; » by default, as Excel in French reads them", async () => {
    const res = await t.as(requester).get(`/api/cases/export?format=csv&procedureId=${MAIL}`);
    expect(res.status).toBe(200);
    const rows: string[][] = parse(res.bytes.toString("utf8"), { bom: true, delimiter: ";" });
    expect(rows[0]).toHaveLength(8);
    expect(rows[0]![0]).toBe("N° d'enregistrement");
    expect(rows.slice(1).every((row) => row.length === 8)).toBe(true);
    expect(rows.some((row) => row[3] === "Réclamation: « compte bloqué »")).toBe(true);
  });

  it("exports the same register as an XLSX workbook", async () => {
    const res = await t.as(requester).get(`/api/cases/export?format=xlsx&procedureId=${BACKUP}`);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Registre")!;
    expect(sheet.getRow(1).getCell(1).value).toBe("N° d'enregistrement");
    expect(sheet.getRow(2).getCell(4).value).toBe("Sauvegarde mensuelle; serveurs SYDAM");
    expect(sheet.rowCount).toBe(3);
  });

  it("shows a person with no part in these cases nothing, in the search and the export", async () => {
    const stranger = "DGD0009";
    expect((await t.as(stranger).get<CaseList>("/api/cases")).body.items).toEqual([]);
    const csv = await t.as(stranger).get("/api/cases/export?format=csv");
    expect(csv.bytes.toString("utf8").trim().split("\r\n")).toHaveLength(1);
  });
});
