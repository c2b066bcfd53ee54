import { parse } from "csv-parse/sync";
import { message } from "../../engine/messages.js";
import type { CsvProblem } from "../../shared/api/orgChartCsv.js";
import { restoreCell } from "../exports/csvCells.js";

/** One data line of a CSV file, by column name, with its line number for error reports. */
export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

/**
 * Reads CSV text whose header must name exactly the expected columns (any order). Lines with the
 * wrong number of fields are reported, not guessed at; blank lines are skipped.
 */
export function readCsv(
  text: string,
  columns: readonly string[],
): { records: CsvRecord[]; problems: CsvProblem[] } {
  let rows: Array<{ record: string[]; info: { lines: number; error?: unknown } }>;
  try {
    // With `info`, each row comes with its position; the library's types do not follow the option.
    rows = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const e = error as { message: string; lines?: number };
    return {
      records: [],
      problems: [
        {
          line: e.lines ?? 1,
          column: null,
          message: message(`CSV illisible : ${e.message}`, `unreadable CSV: ${e.message}`),
        },
      ],
    };
  }
  const [header, ...data] = rows;
  if (!header) {
    return {
      records: [],
      problems: [{ line: 1, column: null, message: message("fichier vide", "empty file") }],
    };
  }
  const names = header.record.map((h) => h.toLowerCase());
  const missing = columns.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !columns.includes(n));
  if (missing.length > 0 || unknown.length > 0) {
    const expected = columns.join(",");
    return {
      records: [],
      problems: [
        {
          line: header.info.lines,
          column: null,
          message: message(
            `en-tête attendu « ${expected} »${missing.length ? ` ; manquant : ${missing.join(", ")}` : ""}${unknown.length ? ` ; inconnu : ${unknown.join(", ")}` : ""}`,
            `expected header "${expected}"${missing.length ? `; missing: ${missing.join(", ")}` : ""}${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}`,
          ),
        },
      ],
    };
  }
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  for (const row of data) {
    if (row.record.length !== names.length) {
      problems.push({
        line: row.info.lines,
        column: null,
        message: message(
          `${row.record.length} champ(s) au lieu de ${names.length}`,
          `${row.record.length} field(s) instead of ${names.length}`,
        ),
      });
      continue;
    }
    records.push({
      line: row.info.lines,
      values: Object.fromEntries(names.map((n, i) => [n, restoreCell(row.record[i] ?? "")])),
    });
  }
  return { records, problems };
}
