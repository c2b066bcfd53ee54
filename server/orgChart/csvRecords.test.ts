import { describe, expect, it } from "vitest";
import { readCsv } from "./csvRecords.js";

const COLUMNS = ["code", "name"] as const;

describe("readCsv", () => {
  it("reads records by column name with their line numbers, in any column order, past a BOM and blank lines", () => {
    const { records, problems } = readCsv('\uFEFFname,code\n"KONÉ, Ali",A1\n\nB,B2\n', COLUMNS);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 2, values: { name: "KONÉ, Ali", code: "A1" } },
      { line: 4, values: { name: "B", code: "B2" } },
    ]);
  });

  it("names the missing and unknown columns of a wrong header", () => {
    const { problems } = readCsv("code,nom\nA,B\n", COLUMNS);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(1);
    expect(problems[0]!.message.fr).toContain("manquant : name");
    expect(problems[0]!.message.en).toContain("unknown: nom");
  });

  it("reports a line with the wrong number of fields and keeps the others", () => {
    const { records, problems } = readCsv("code,name\nA,B,C\nD,E\n", COLUMNS);
    expect(problems.map((p) => p.line)).toEqual([2]);
    expect(records.map((r) => r.values.code)).toEqual(["D"]);
  });

  it("reports an unclosed quote instead of throwing", () => {
    const { problems } = readCsv('code,name\n"A,B\n', COLUMNS);
    expect(problems[0]!.message.en).toContain("unreadable CSV");
  });
});
