import { z } from "zod";

/** A document of a case as its page lists it: by its title, with its verification code when the server wrote it. */
export const caseDocument = z.object({
  id: z.uuid(),
  documentId: z.string().nullable(),
  /** The procedure's title of the document (« PV d'installation »), or the file name when it names none. */
  title: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
  /** May be shown in the browser (PDF, images): served inline. */
  previewable: z.boolean(),
  issued: z.object({ code: z.string(), url: z.string() }).nullable(),
});

/** An official document the procedure writes, and whether its step is done so it can be issued. */
export const documentTemplateView = z.object({
  documentId: z.string(),
  title: z.string(),
  stepId: z.string(),
  stepTitle: z.string(),
  ready: z.boolean(),
});

/** A document asked for and not written yet: its job is queued or running, or gave up (`dead`). */
export const pendingDocument = z.object({
  documentId: z.string(),
  code: z.string(),
  status: z.enum(["queued", "running", "dead"]),
  requestedAt: z.string(),
});

export const caseDocuments = z.object({
  items: z.array(caseDocument),
  templates: z.array(documentTemplateView),
  pending: z.array(pendingDocument),
});

export const documentIssueParams = z.object({ caseId: z.uuid(), documentId: z.string().min(1).max(100) });

export const issuedDocumentView = z.object({
  code: z.string(),
  url: z.string(),
  title: z.string(),
  attachmentId: z.uuid(),
  sha256: z.string(),
  fileName: z.string(),
});

/** A document asked for: its code is already its own; the PDF is drawn by a job, then listed. */
export const issueRequestView = z.object({
  code: z.string(),
  url: z.string(),
  status: z.literal("queued"),
  jobId: z.uuid(),
});

export const summaryQuery = z.object({ lang: z.enum(["fr", "en"]).default("fr") });

/** What the public verification says about a document code, or about the bytes someone holds. */
export const verificationView = z.object({
  /** The bytes are exactly those issued (always false when only the code was looked up). */
  authentic: z.boolean(),
  /** The document the code (or the hash) designates, when there is one. */
  document: z
    .object({
      code: z.string(),
      title: z.string(),
      registryNumber: z.string(),
      issuedAt: z.string(),
      issuer: z.string(),
      sha256: z.string(),
    })
    .nullable(),
  message: z.object({ fr: z.string(), en: z.string() }),
});

export const verificationQuery = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, "un code s'écrit XXXX-XXXX-XXXX")
    .optional(),
});

export type CaseDocument = z.infer<typeof caseDocument>;
export type CaseDocuments = z.infer<typeof caseDocuments>;
export type IssuedDocumentView = z.infer<typeof issuedDocumentView>;
export type IssueRequestView = z.infer<typeof issueRequestView>;
export type PendingDocument = z.infer<typeof pendingDocument>;
export type VerificationView = z.infer<typeof verificationView>;
