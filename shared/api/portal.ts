import { z } from "zod";
import { externalRequester } from "./cases.js";

/**
 * The public portal's API (`/api/portal/…`): no account, no session. A requester is known only by
 * the tracking code of their one case, sent in the request body (never in an address a log keeps).
 */

export const portalOrganisationParams = z.object({
  organisation: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/)
    .max(60),
});

const formField = z.object({
  id: z.string(),
  label: z.string(),
  type: z.string(),
  required: z.boolean(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  help: z.string().optional(),
});

export const portalProcedure = z.object({
  id: z.string(),
  title: z.string(),
  purpose: z.string().nullable(),
  audience: z.string().nullable(),
  emailVerification: z.boolean(),
  fields: z.array(formField),
  documents: z.array(z.object({ id: z.string(), title: z.string(), required: z.boolean() })),
  /** Media types accepted for its documents. */
  documentTypes: z.array(z.string()),
  maxDocumentBytes: z.number().int(),
  counters: z.object({
    received: z.number().int(),
    inProgress: z.number().int(),
    closed: z.number().int(),
    averageHours: z.number().nullable(),
  }),
});

export const portalCatalog = z.object({
  organisation: z.object({ code: z.string(), name: z.string() }),
  procedures: z.array(portalProcedure),
});

export const portalChallenge = z.object({
  algorithm: z.literal("SHA-256"),
  challenge: z.string(),
  maxnumber: z.number().int(),
  salt: z.string(),
  signature: z.string(),
});

export const emailCodeBody = z.strictObject({
  procedureId: z.string().min(1).max(100),
  email: z.email().max(320),
});

/** A file carried in JSON (base64): forms stay one request, with no multipart parsing. */
export const portalFile = z.strictObject({
  fileName: z.string().trim().min(1).max(255),
  mediaType: z.string().min(1).max(100),
  contentBase64: z.string().min(1).max(28_000_000),
});

export const submissionBody = z.strictObject({
  procedureId: z.string().min(1).max(100),
  requester: externalRequester,
  title: z.string().trim().min(1).max(300).optional(),
  data: z.record(z.string(), z.unknown()).default({}),
  documents: z
    .array(portalFile.extend({ documentId: z.string().min(1).max(100) }))
    .max(10)
    .default([]),
  /** Consent to the processing of personal data: must be true. */
  consent: z.boolean(),
  /** Honeypot: hidden from people, filled by robots. Must be empty. */
  website: z.string().max(500).optional(),
  /** The solved proof-of-work challenge (ALTCHA payload, base64). */
  altcha: z.string().min(1).max(2000),
  /** The code sent to the e-mail address, when the procedure asks for a confirmed address. */
  emailCode: z.string().max(20).optional(),
});

export const submissionReceipt = z.object({
  organisation: z.object({ code: z.string(), name: z.string() }),
  procedureTitle: z.string(),
  registryNumber: z.string(),
  /** Shown once: only its hash is kept. */
  trackingCode: z.string(),
  submittedAt: z.string(),
  requesterName: z.string(),
  documents: z.array(z.object({ fileName: z.string(), size: z.number().int() })),
});

const trackingCode = z.string().trim().min(20).max(60);

export const trackingBody = z.strictObject({ code: trackingCode });

export const trackingMessageBody = z.strictObject({
  code: trackingCode,
  text: z.string().trim().min(1).max(4000),
});

export const trackingDocumentBody = z.strictObject({
  code: trackingCode,
  file: portalFile,
  /** The office's message asking for it, when it answers one. */
  messageId: z.uuid().optional(),
});

export const trackingFileBody = z.strictObject({ code: trackingCode, attachmentId: z.uuid() });

export const trackingRatingBody = z.strictObject({
  code: trackingCode,
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});

export const trackingReopenBody = z.strictObject({
  code: trackingCode,
  reason: z.string().trim().min(1).max(2000),
});

export const portalMessageView = z.object({
  id: z.uuid(),
  fromOffice: z.boolean(),
  text: z.string(),
  asksFor: z.string().nullable(),
  attachment: z.object({ id: z.uuid(), fileName: z.string() }).nullable(),
  createdAt: z.string(),
});

export const trackingView = z.object({
  organisation: z.object({ code: z.string(), name: z.string() }),
  procedureTitle: z.string(),
  registryNumber: z.string(),
  title: z.string(),
  submittedAt: z.string(),
  /** active, completed, rejected, cancelled. */
  status: z.string(),
  statusText: z.object({ fr: z.string(), en: z.string(), ar: z.string() }),
  closedAt: z.string().nullable(),
  /** Steps done, with their dates; titles only where the procedure shows them. */
  steps: z.array(z.object({ title: z.string().nullable(), doneAt: z.string() })),
  currentStep: z.string().nullable(),
  /** Documents the office issued to the requester and those the requester sent. */
  documents: z.array(
    z.object({
      id: z.uuid(),
      fileName: z.string(),
      issued: z.boolean(),
      verificationCode: z.string().nullable(),
      at: z.string(),
    }),
  ),
  messages: z.array(portalMessageView),
  rating: z.object({ rating: z.number().int(), comment: z.string().nullable() }).nullable(),
  mayRate: z.boolean(),
  /** Until when the requester may reopen the closed case; null when they may not. */
  reopenUntil: z.string().nullable(),
  reopenedFrom: z.string().nullable(),
});

export const officeMessageBody = z.strictObject({
  text: z.string().trim().min(1).max(4000),
  /** The title of a document asked of the requester. */
  asksFor: z.string().trim().min(1).max(200).optional(),
});

export const officeMessages = z.object({
  /** False when the case has no tracking code (its requester cannot read a reply). */
  reachable: z.boolean(),
  items: z.array(portalMessageView.extend({ authorName: z.string().nullable() })),
});

export type TrackingView = z.infer<typeof trackingView>;
export type SubmissionBody = z.infer<typeof submissionBody>;
