import { describe, expect, it } from "vitest";
import { neutraliseCell, neutraliseRows, restoreCell } from "./csvCells.js";

describe("CSV cells", () => {
  it("prefixes with a quote every cell a spreadsheet would run as a formula", () => {
    for (const live of [
      '=HYPERLINK("http://x","clic")',
      "+cmd|' /C calc'!A0",
      "-2+3",
      "@SUM(A1:A9)",
      "\t=1",
      "\r=1",
    ]) {
      expect(neutraliseCell(live)).toBe(`'${live}`);
    }
  });

  it("leaves ordinary text alone, formula characters inside it included", () => {
    for (const text of ["Demande de badge", "a=b", "2026-03-02", "", "Kouadio KOUAMÉ", "'déjà cité"]) {
      expect(neutraliseCell(text)).toBe(text);
    }
  });

  it("gives back the original value of a cell it neutralised, and only of those", () => {
    for (const v of ["+225 07 00 00 00", "=1+1", "@x", "'déjà cité", "texte"]) {
      expect(restoreCell(neutraliseCell(v))).toBe(v);
    }
  });

  it("neutralises every cell of every row", () => {
    expect(
      neutraliseRows([
        ["=1", "a"],
        ["b", "@c"],
      ]),
    ).toEqual([
      ["'=1", "a"],
      ["b", "'@c"],
    ]);
  });
});
