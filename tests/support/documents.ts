import { expect } from "vitest";
import type { CaseDocuments, IssuedDocumentView, IssueRequestView } from "../../shared/api/documents.js";
import type { TestApp } from "./testApp.js";

/**
 * Asks for an official document as `matricule` (202: checked, its code given, a job enqueued), runs
 * the jobs as the worker would, and returns the document as the case's list then shows it.
 */
export async function issueDocument(
  t: TestApp,
  matricule: string,
  caseId: string,
  documentId: string,
): Promise<IssuedDocumentView> {
  const asked = await t
    .as(matricule)
    .post<IssueRequestView>(`/api/cases/${caseId}/documents/${documentId}/issue`);
  expect(asked.status, JSON.stringify(asked.body)).toBe(202);
  const report = await t.runJobs();
  expect(report.dead).toEqual([]);
  const listed = await t.as(matricule).get<CaseDocuments>(`/api/cases/${caseId}/documents`);
  const item = listed.body.items.find((d) => d.issued?.code === asked.body.code);
  expect(item, `no document ${asked.body.code} in ${JSON.stringify(listed.body)}`).toBeDefined();
  return {
    code: asked.body.code,
    url: asked.body.url,
    title: item!.title,
    attachmentId: item!.id,
    sha256: item!.sha256,
    fileName: item!.fileName,
  };
}
