import type { OrganisationDocuments } from "../../catalog/documentCatalog.js";
import { caseSummaryContent } from "../../engine/documents/content.js";
import type { DocumentLanguage } from "../../engine/documents/template.js";
import type { Db } from "../db/database.js";
import { listCaseAttachments } from "../db/queries/attachments.js";
import type { CaseRow } from "../db/queries/cases.js";
import { findDefinition } from "../db/queries/definitions.js";
import { readCaseFacts } from "../documents/caseFacts.js";
import { renderPdf } from "../documents/pdfRenderer.js";
import { notFound } from "../errors.js";

/** The case's printable summary (fiche de suivi) as a PDF: data, steps, who did what and when, documents. */
export async function printCaseSummary(
  db: Db,
  catalog: ReadonlyMap<string, OrganisationDocuments>,
  row: CaseRow,
  language: DocumentLanguage,
  now: Date,
): Promise<{ bytes: Buffer; fileName: string }> {
  const def = await findDefinition(db, {
    organisation: row.organisation,
    id: row.procedureId,
    version: row.procedureVersion,
  });
  if (!def) throw notFound({ fr: "définition de la procédure", en: "procedure definition" });
  const { facts } = await readCaseFacts(db, row);
  const titles = new Map(def.steps.flatMap((s) => (s.documents ?? []).map((d) => [d.id, d.title] as const)));
  const documents = (await listCaseAttachments(db, row.id)).map((a) => ({
    title: (a.documentId && titles.get(a.documentId)) || a.fileName,
    fileName: a.fileName,
    sha256: a.sha256,
    at: a.uploadedAt.toISOString(),
  }));
  const orgDocuments = catalog.get(row.organisation);
  const content = caseSummaryContent({
    def,
    letterhead: orgDocuments?.letterhead ?? null,
    facts,
    status: row.status,
    documents,
    printedAt: now.toISOString(),
    language,
  });
  const bytes = await renderPdf(content, {
    createdAt: now,
    logo: orgDocuments?.logo ?? null,
    author: facts.organisationName,
  });
  const prefix = language === "fr" ? "Fiche de suivi" : "Case summary";
  return { bytes, fileName: `${prefix} ${row.registryNumber}.pdf` };
}
