import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { CaseListItem } from "../../shared/api/cases.js";
import { neutraliseCell } from "./csvCells.js";

/** The columns of the paper register the secretariats keep, in their words. */
export const REGISTER_HEADERS = [
  "N° d'enregistrement",
  "Date",
  "Demandeur / Expéditeur",
  "Objet",
  "Imputé à",
  "État",
  "Étape en cours",
  "Échéance",
] as const;

const STATUS_LABELS: Record<string, string> = {
  active: "En cours",
  completed: "Clos",
  cancelled: "Annulé",
};

const frenchDates = new Map<string, Intl.DateTimeFormat>();

/** dd/mm/yyyy in the organisation's time zone, as a French register writes dates. */
function frenchDate(iso: string | null, timeZone: string): string {
  if (!iso) return "";
  // One formatter per zone: building one costs more than formatting a thousand dates.
  let format = frenchDates.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("fr-FR", {
      timeZone,
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
    });
    frenchDates.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/** One register line per case, in the order given. */
export function registerLines(items: CaseListItem[], timeZone: string): string[][] {
  return items.map((c) => [
    c.registryNumber,
    frenchDate(c.createdAt, timeZone),
    c.requesterName,
    c.title,
    c.imputedUnit?.name ?? "",
    STATUS_LABELS[c.status] ?? c.status,
    c.currentSteps.map((s) => s.title).join(" ; "),
    c.currentSteps
      .map((s) => frenchDate(s.dueAt, timeZone))
      .filter((d) => d !== "")
      .join(" ; "),
  ]);
}

function csvLine(row: string[], separator: ";" | ","): string {
  const cell = (raw: string) => {
    const v = neutraliseCell(raw);
    return /[";\n\r,]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return `${row.map(cell).join(separator)}\r\n`;
}

/**
 * RFC 4180 CSV with a byte-order mark, so that Excel reads the accents as UTF-8; no cell starts a
 * formula (`csvCells.ts`). The separator is `;` unless asked otherwise: Excel set to French (where
 * the comma is the decimal mark) opens only that in columns. Written batch by batch as the batches
 * are read: any size, bounded memory.
 */
export function registerCsvStream(batches: AsyncIterable<string[][]>, separator: ";" | "," = ";"): Readable {
  async function* chunks() {
    yield `\uFEFF${csvLine([...REGISTER_HEADERS], separator)}`;
    for await (const batch of batches) yield batch.map((row) => csvLine(row, separator)).join("");
  }
  return Readable.from(chunks());
}

/** The same register as an XLSX workbook, written row by row (exceljs' streaming writer). */
export function registerXlsxStream(batches: AsyncIterable<string[][]>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  // The header stays in view (the streaming writer takes views only when the sheet is added).
  const sheet = workbook.addWorksheet("Registre", { views: [{ state: "frozen", ySplit: 1 }] });
  (async () => {
    const header = sheet.addRow([...REGISTER_HEADERS]);
    header.font = { bold: true };
    header.commit();
    for await (const batch of batches) for (const row of batch) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
