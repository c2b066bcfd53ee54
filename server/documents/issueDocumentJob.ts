import { z } from "zod";
import { writeIssuedDocument } from "../commands/documentIssuer.js";
import { defineJob } from "../jobs/handler.js";
import { systemTrace } from "../jobs/systemCaller.js";

/**
 * Draws an official document the route checked and enqueued (`POST …/documents/:id/issue`), out of
 * the request: rendering a PDF takes a few hundred milliseconds of CPU that no request should wait
 * for. The verification code was given at the request, so the job keyed on it runs once.
 */
export const issueDocumentJob = defineJob({
  name: "documents.issue",
  payload: z.strictObject({
    caseId: z.uuid(),
    documentId: z.string().min(1),
    code: z.string().min(1),
    requestedBy: z.uuid(),
  }),
  maxAttempts: 3,
  backoffSeconds: 10,
  async run({ tx, payload, caller, now, services }) {
    await writeIssuedDocument(tx, services(), { ...payload, ...systemTrace(caller) }, now);
  },
});
