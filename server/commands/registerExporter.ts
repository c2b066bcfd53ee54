import { PassThrough, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import type { RegisterDefinition } from "../../engine/register/schema.js";
import type { Db } from "../db/database.js";
import type { EntryListFilter, RegisterEntryRow } from "../db/queries/registers.js";
import { allEntries } from "./registerLister.js";

/**
 * The columns of a register's CSV, export and import alike: `number`, `state` (when the register
 * has states), then every field by id. What is exported can be edited and imported back.
 */
export function csvColumns(def: RegisterDefinition): string[] {
  return ["number", ...(def.states ? ["state"] : []), ...def.fields.map((f) => f.id)];
}

function cells(def: RegisterDefinition, row: RegisterEntryRow): string[] {
  const value = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return [
    row.number,
    ...(def.states ? [row.state ?? ""] : []),
    ...def.fields.map((f) => value(row.data[f.id])),
  ];
}

/**
 * The register as a stream, read page by page and written as it is read: an export of 100,000
 * entries never holds more than a page in memory.
 */
export function exportRegister(
  db: Db,
  def: RegisterDefinition,
  filter: Omit<EntryListFilter, "after" | "limit">,
  format: "csv" | "xlsx",
): Readable {
  const rows = allEntries(db, filter);
  if (format === "csv") {
    const header = csvColumns(def);
    async function* lines() {
      yield header;
      for await (const row of rows) yield cells(def, row);
    }
    // A byte-order mark so that Excel reads the accents as UTF-8.
    return Readable.from(lines()).pipe(stringify({ bom: true, record_delimiter: "windows" }));
  }
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(def.title.slice(0, 31).replace(/[\\/?*[\]:]/g, " "));
  (async () => {
    const headerRow = sheet.addRow([
      "N°",
      ...(def.states ? ["État"] : []),
      ...def.fields.map((f) => f.label),
    ]);
    headerRow.font = { bold: true };
    headerRow.commit();
    for await (const row of rows) {
      const values = cells(def, row);
      if (def.states) values[1] = def.states.list.find((s) => s.id === row.state)?.label ?? values[1]!;
      sheet.addRow(values).commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
