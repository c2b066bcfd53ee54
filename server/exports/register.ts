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

/** dd/mm/yyyy in the organisation's time zone, as a French register writes dates. */
function frenchDate(iso: string | null, timeZone: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat("fr-FR", {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(new Date(iso));
}

export function registerRows(items: CaseListItem[], timeZone: string): string[][] {
  return [
    [...REGISTER_HEADERS],
    ...items.map((c) => [
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
    ]),
  ];
}

/**
 * RFC 4180 CSV with a byte-order mark, so that Excel reads the accents as UTF-8; no cell starts a
 * formula (`csvCells.ts`). The separator is `;` unless asked otherwise: Excel set to French (where
 * the comma is the decimal mark) opens only that in columns.
 */
export function registerCsv(rows: string[][], separator: ";" | "," = ";"): string {
  const cell = (raw: string) => {
    const v = neutraliseCell(raw);
    return /[";\n\r,]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return `\uFEFF${rows.map((r) => r.map(cell).join(separator)).join("\r\n")}\r\n`;
}

export async function registerXlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Registre");
  sheet.addRows(rows);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
