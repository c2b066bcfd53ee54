import { describe, expect, it } from "vitest";
import { glpiCell, glpiColumns, isPlaceholderIdentifier } from "./glpi.js";

describe("GLPI exports", () => {
  it("never takes a firmware placeholder or a counted-up number for a serial number or UUID", () => {
    for (const placeholder of [
      "Default string",
      "To be filled by O.E.M.",
      "to be filled by oem",
      "System Serial Number",
      "Not Specified",
      "N/A",
      "0",
      "00000000",
      "00000000-0000-0000-0000-000000000000",
      "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
      "03000200-0400-0500-0006-000700080009",
      "123456789",
      "1234567890",
    ]) {
      expect(isPlaceholderIdentifier(placeholder), placeholder).toBe(true);
    }
    for (const real of ["5CG1234ABC", "7XK2L93", "4C4C4544-0042-3510-8052-B4C04F4B4E32", "R52T80ABCDE"]) {
      expect(isPlaceholderIdentifier(real), real).toBe(false);
    }
  });

  it("reads a cell's several values and GLPI 10's quotes", () => {
    expect(glpiCell("Intel Core i7<br>Intel UHD 630")).toBe("Intel Core i7, Intel UHD 630");
    expect(glpiCell("PowerEdge ''rack''")).toBe('PowerEdge "rack"');
    expect(glpiCell(undefined)).toBe("");
  });

  it("finds columns by header without case or accents, preferring the machine's own over a linked item's", () => {
    const columns = glpiColumns(
      {
        columns: { numero_serie: ["Numéro de série"], modele: ["Modèle"] },
        values: {},
        match: ["numero_serie"],
      },
      ["Nom", "Système d'exploitation - Numéro de série", "NUMERO DE SERIE", "Ordinateur - Modele"],
    );
    expect(columns.indexes.get("numero_serie")).toBe(2);
    expect(columns.indexes.get("modele")).toBe(3);
    expect(columns.ignored).toEqual(["Nom", "Système d'exploitation - Numéro de série"]);
  });
});
