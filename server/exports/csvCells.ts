/**
 * CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with
 * `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (`=HYPERLINK(…)`, `+cmd|…`). Every
 * CSV this server writes passes each cell through `neutraliseCell`, which prefixes such a cell with
 * a single quote so that it shows as text; `restoreCell` takes the quote off again when a file
 * this server wrote comes back (the org chart import), so a round trip keeps "+225 07…" intact.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

export function neutraliseRows(rows: ReadonlyArray<ReadonlyArray<string>>): string[][] {
  return rows.map((r) => r.map(neutraliseCell));
}
