import type { Readable } from "node:stream";
import type { CaseFilters } from "../../shared/api/cases.js";
import type { Db } from "../db/database.js";
import type { CaseReader } from "../db/queries/caseAccess.js";
import { type CaseSearch, searchCases } from "../db/queries/caseSearch.js";
import { registerCsvStream, registerLines, registerXlsxStream } from "../exports/register.js";
import { presentListItems } from "../routes/api/caseListPresenter.js";

/** Cases read per batch: a small first one, so that the download starts at once, then larger ones. */
const FIRST_BATCH = 100;
const BATCH = 1000;

/**
 * The register's lines, read batch after batch by keyset (the search's own order and rule): an
 * export of any size holds one batch in memory, and the first lines leave before the last are read.
 */
async function* registerBatches(
  db: Db,
  reader: CaseReader,
  filters: CaseFilters,
  timeZone: string,
  bounds: CaseSearch["bounds"],
): AsyncIterable<string[][]> {
  let after: { createdAt: Date; id: string } | null = null;
  for (let limit = FIRST_BATCH; ; limit = BATCH) {
    const rows = await searchCases(db, reader, { filters, timeZone, bounds, after, limit });
    if (rows.length > 0) yield registerLines(await presentListItems(db, rows), timeZone);
    if (rows.length < limit) return;
    const last = rows[rows.length - 1]!.case;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** The register of the cases the reader may read that match the filters, as a CSV or XLSX stream. */
export function exportCaseRegister(
  db: Db,
  reader: CaseReader,
  filters: CaseFilters,
  zone: { timeZone: string; bounds: CaseSearch["bounds"] },
  format: "csv" | "xlsx",
  separator: ";" | "," = ";",
): Readable {
  const batches = registerBatches(db, reader, filters, zone.timeZone, zone.bounds);
  return format === "xlsx" ? registerXlsxStream(batches) : registerCsvStream(batches, separator);
}
