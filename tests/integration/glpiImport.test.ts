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
