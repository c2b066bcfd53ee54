import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntryView } from "../../shared/api/registers.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

/** A GLPI inventory export imported into the equipment register, through the HTTP API. */

const GS = "DGD0018"; // gestionnaire du stock: writes the equipment register
const DSI = "DGD0003"; // reads it, does not write it
const FIXTURE = readFileSync(join(import.meta.dirname, "..", "fixtures", "glpi", "computers-glpi10.csv"));

interface Problem {
  line: number;
  column: string | null;
  message: { fr: string; en: string };
}

describe("GLPI import", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function bySerialOrUuid(q: string): Promise<EntryView[]> {
    const res = await t
      .as(GS)
      .get<{ items: EntryView[] }>(`/api/registers/materiel/entries?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  const importGlpi = (csv: Buffer | string, as = GS) =>
    t
      .as(as)
      .upload<{ created: number; updated: number; ignoredColumns: string[]; problems?: Problem[] }>(
        "/api/registers/materiel/import/glpi",
        Buffer.isBuffer(csv) ? csv : Buffer.from(csv),
        "text/csv",
      );

  it("imports a GLPI 10 export: columns mapped, types and statuses translated, a placeholder serial matched by its UUID only", async () => {
    // The assembled PC is already known, with its real serial number and its UUID.
    const known = await t.as(GS).post<EntryView>("/api/registers/materiel/entries", {
      values: {
        numero_serie: "ASM-2024-0007",
        uuid: "8F2A1C3E-5B7D-4E9F-A1B2-C3D4E5F60718",
        categorie: "ordinateur",
      },
    });
    expect(known.status, JSON.stringify(known.body)).toBe(201);

    const res = await importGlpi(FIXTURE);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 3, updated: 1 });
    expect(res.body.ignoredColumns).toEqual(
      expect.arrayContaining(["Nom", "Entité", "Composants - Processeur", "Système d'exploitation - Nom"]),
    );

    const [laptop] = await bySerialOrUuid("5CG1234ABC");
    expect(laptop?.state).toBe("en-stock");
    expect(laptop?.data).toMatchObject({
      numero_serie: "5CG1234ABC",
      numero_inventaire: "DGD-INV-0001",
      uuid: "4C4C4544-0042-3510-8052-B4C04F4B4E32",
      categorie: "portable",
      marque: "HP",
      modele: "EliteBook 840 G8",
      localisation: "DSI > Magasin",
    });
    const [server] = await bySerialOrUuid("J8F3K22");
    expect(server?.state).toBe("affecte");
    expect(server?.data).toMatchObject({ categorie: "serveur", modele: 'PowerEdge R740 "rack"' });

    const after = await t
      .as(GS)
      .get<{ entry: EntryView }>(`/api/registers/materiel/entries/${known.body.id}`);
    expect(after.body.entry.data).toMatchObject({
      numero_serie: "ASM-2024-0007",
      localisation: "DSI > SML",
      marque: "ASUSTeK COMPUTER INC.",
    });
    expect(after.body.entry.state).toBe("affecte");
    expect(await bySerialOrUuid("default string")).toEqual([]);
  });

  it("imports the same export again without duplicating a machine, and reads a GLPI 11 export with commas", async () => {
    const again = await importGlpi(FIXTURE);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0 });
    expect(await bySerialOrUuid("5CG1234ABC")).toHaveLength(1);

    // GLPI 11 writes standard CSV: doubled quotes, CRLF, no trailing delimiter; English headers here.
    const glpi11 = [
      '"Name","Serial number","Type","Manufacturer","Model","Status","Location"',
      '"PC-BIT-09","CND8841XYZ","Notebook","HP","ProBook 450 ""G9""","In stock","DSI > Magasin"',
      '"PC-BIT-01","5CG1234ABC","Laptop","HP","EliteBook 840 G8","In use","DSI > BIT"',
    ].join("\r\n");
    const res = await importGlpi(glpi11);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 1 });
    const [probook] = await bySerialOrUuid("CND8841XYZ");
    expect(probook?.data).toMatchObject({ categorie: "portable", modele: 'ProBook 450 "G9"' });
    const [moved] = await bySerialOrUuid("5CG1234ABC");
    expect(moved?.state).toBe("affecte");
    expect(moved?.data.localisation).toBe("DSI > BIT");
  });

  it("refuses the whole file with every wrong line: placeholder serial, a machine twice, an unknown type, a cloned UUID", async () => {
    const lines = [
      '"Nom";"Numéro de série";"Type";"UUID";"Statut";',
      // 2: new, and a real serial number
      '"PC-NEUF-01";"PF3X9K1";"Laptop";"11111111-2222-3333-4444-555555555555";"En stock";',
      // 3: new machine whose only serial is a placeholder
      '"PC-SANS-SN";"To be filled by O.E.M.";"Desktop";"6B1F0C2D-9E8A-4B7C-8D6E-5F4A3B2C1D0E";"En stock";',
      // 4: the same machine as line 2
      '"PC-NEUF-01";"PF3X9K1";"Laptop";"";"En stock";',
      // 5: a type the register does not know
      '"TAB-01";"R52T80ABCDE";"Tablette";"";"En stock";',
      // 6: the UUID of the laptop imported earlier, with another real serial (a cloned machine)
      '"PC-CLONE";"ZZCLONE42";"Laptop";"4C4C4544-0042-3510-8052-B4C04F4B4E32";"En stock";',
    ];
    const res = await importGlpi(`${lines.join("\n")}\n`);
    expect(res.status).toBe(422);
    const problems = res.body.problems ?? [];
    expect(problems.map((p) => p.line).sort()).toEqual([3, 4, 5, 6]);
    const at = (line: number) => problems.find((p) => p.line === line)!;
    expect(at(3)).toMatchObject({ column: "numero_serie" });
    expect(at(3).message.fr).toContain("To be filled by O.E.M.");
    expect(at(4).message.fr).toContain("ligne 2");
    expect(at(5)).toMatchObject({ column: "categorie" });
    expect(at(6).message.fr).toContain("5CG1234ABC");
    expect(at(6).message.en).toContain("nothing is merged");
    // Nothing of the file was kept, not even its right lines.
    expect(await bySerialOrUuid("PF3X9K1")).toEqual([]);
  });

  it("refuses an export without a column that identifies machines, and a person who may not write the register", async () => {
    const res = await importGlpi('"Nom";"Lieu";\n"PC-X";"DSI";\n');
    expect(res.status).toBe(422);
    expect(res.body.problems?.[0]?.message.fr).toContain("Numéro de série");

    const refused = await importGlpi(FIXTURE, DSI);
    expect(refused.status).toBe(403);
  });
});

/** The GLPI agent's inventories (glpi-project/inventory_format JSON) imported into the equipment register. */
const INVENTORIES = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "fixtures", "glpi", "agent-inventories.json"), "utf8"),
) as Array<{ deviceid: string; content: Record<string, unknown> & { hardware: { uuid: string } } }>;

describe("GLPI agent inventory import", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const importInventory = (body: unknown, as = GS) =>
    t
      .as(as)
      .post<{ created: number; updated: number; problems?: Problem[] }>(
        "/api/registers/materiel/import/glpi-inventory",
        body,
      );
  async function find(q: string): Promise<EntryView[]> {
    const res = await t
      .as(GS)
      .get<{ items: EntryView[] }>(`/api/registers/materiel/entries?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  it("creates the machines the agents report and matches an assembled PC by its UUID, its firmware's fillers left out", async () => {
    const assembled = await t.as(GS).post<EntryView>("/api/registers/materiel/entries", {
      values: {
        numero_serie: "ASM-2026-0008",
        uuid: "E3A9F1C4-7D2B-4C8E-9B5A-1F6D3C2E8A70",
        categorie: "ordinateur",
      },
    });
    expect(assembled.status, JSON.stringify(assembled.body)).toBe(201);

    const res = await importInventory(INVENTORIES);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 2, updated: 1 });

    const [laptop] = await find("5CG3301QZK");
    expect(laptop?.data).toMatchObject({
      numero_serie: "5CG3301QZK",
      uuid: "9C1E52A7-3B4D-4F0E-8A61-7D2C0B9E4F11",
      categorie: "portable", // the chassis « Notebook »
      marque: "HP",
      modele: "HP EliteBook 840 G9 Notebook PC",
      numero_inventaire: "DGD-INV-0111",
    });
    const [desktop] = await find("8KQ2M73");
    expect(desktop?.data).toMatchObject({
      categorie: "ordinateur",
      marque: "Dell Inc.",
      modele: "OptiPlex 7010",
    });

    const after = await t
      .as(GS)
      .get<{ entry: EntryView }>(`/api/registers/materiel/entries/${assembled.body.id}`);
    // The board's maker and model, since the system's say « To be filled by O.E.M. »; the serial
    // and asset tag « Default string » neither matched nor replaced anything.
    expect(after.body.entry.data).toMatchObject({
      numero_serie: "ASM-2026-0008",
      marque: "ASUSTeK COMPUTER INC.",
      modele: "PRIME B450M-A II",
    });
    expect(after.body.entry.data.numero_inventaire).toBeUndefined();
    expect(await find("default string")).toEqual([]);
  });

  it("takes the same inventories again without a duplicate, and refuses a machine whose UUID is another's (a clone)", async () => {
    const again = await importInventory(INVENTORIES);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0 });
    expect(await find("5CG3301QZK")).toHaveLength(1);

    // One agent's run sends one machine's object: a disk image copied to another laptop.
    const clone = structuredClone(INVENTORIES[0]!);
    clone.deviceid = "PC-BIT-12-2026-03-02-09-10-00";
    (clone.content.bios as Record<string, string>).ssn = "5CG3301R00";
    const refused = await importInventory(clone);
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toHaveLength(1);
    expect(refused.body.problems?.[0]).toMatchObject({ line: 1 });
    expect(refused.body.problems?.[0]?.message.fr).toContain("5CG3301QZK");
    expect(await find("5CG3301R00")).toEqual([]);
  });

  it("refuses the whole file with every wrong inventory: not the agent's format, a machine with no real identifier, one machine twice", async () => {
    const fresh = structuredClone(INVENTORIES[1]!);
    Object.assign(fresh.content.bios as Record<string, string>, { ssn: "9ZZ4N21", assettag: "DGD-INV-0113" });
    fresh.content.hardware.uuid = "4C4C4544-0039-5A10-8034-B9C04F4E3231";
    const anonymousBoard = structuredClone(INVENTORIES[2]!);
    anonymousBoard.content.hardware.uuid = "03000200-0400-0500-0006-000700080009";
    const res = await importInventory([
      fresh, // 1: right
      { deviceid: "PC-X", content: { bios: { ssn: "X1" } } }, // 2: no versionclient
      anonymousBoard, // 3: placeholder serial and UUID
      fresh, // 4: the same machine as 1
    ]);
    expect(res.status).toBe(422);
    const problems = res.body.problems ?? [];
    expect([...new Set(problems.map((p) => p.line))].sort()).toEqual([2]);
    expect(problems[0]).toMatchObject({ column: "content.versionclient" });

    // Once the file is in the format, every machine's problem is reported.
    const shaped = await importInventory([fresh, anonymousBoard, fresh]);
    expect(shaped.status).toBe(422);
    const problems2 = shaped.body.problems ?? [];
    expect([...new Set(problems2.map((p) => p.line))].sort()).toEqual([2, 3]);
    expect(problems2.find((p) => p.line === 2)?.message.fr).toContain("« Default string » n'est pas un vrai");
    expect(problems2.find((p) => p.line === 3)?.message.fr).toContain("figure déjà à la ligne 1");
    expect(await find("9ZZ4N21")).toEqual([]);

    const notAllowed = await importInventory(INVENTORIES, DSI);
    expect(notAllowed.status).toBe(403);
  });
});
