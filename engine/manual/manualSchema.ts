import { z } from "zod";

/**
 * What a procedures manual says besides its procedures, kept as data beside the organisation's
 * catalog (`procedures/<organisation>/manual.yaml`): its cover, the front matter (object, scope,
 * references, terminology), the records table, the revision and diffusion rules, its own version
 * history. The regenerated manual prints them where the original does.
 */

const localDate = z.iso.date("une date s'écrit AAAA-MM-JJ");

/** A titled passage of the manual: paragraphs, then an optional list, as the manual writes it. */
export const manualSection = z.strictObject({
  number: z.string().optional().describe("The manual's own numbering (« 2 », « 7.1 »)"),
  title: z.string().min(1),
  paragraphs: z.array(z.string().min(1)).default([]),
  items: z.array(z.string().min(1)).optional(),
});

export const recordsTableRow = z.strictObject({
  record: z.string().min(1).describe("Enregistrement"),
  identification: z.string().min(1).describe("Identification (reference, version)"),
  issuer: z.string().min(1).describe("Émetteur"),
  access: z.string().min(1).describe("Accès (lieu physique)"),
  filing: z.string().min(1).describe("Classement (lieu géographique)"),
  retention: z.string().min(1).describe("Durée de conservation"),
});

export const manualDocument = z.strictObject({
  organisation: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  title: z.string().min(1),
  /** The cover's heading lines (ministry, directorate, republic…), top to bottom. */
  cover: z.array(z.string().min(1)).min(1),
  reference: z.string().optional().describe("The manual's reference (« PO 001/DSI »)"),
  version: z.string().min(1).describe("The manual's version number as it writes it (« 00 », « 2 »)"),
  date: localDate.optional().describe("The manual's date; absent when the original leaves it blank"),
  dateNote: z.string().optional().describe("Why the date is absent, printed in its place"),
  revisionYears: z.number().int().positive().optional().describe("Revision at the latest every N years"),
  /** Passages before the procedures (the ministry's §1–4, the customs guide's foreword). */
  front: z.array(manualSection).default([]),
  /** Acronyms the whole manual uses (the customs guide repeats them per procedure). */
  acronyms: z.array(z.strictObject({ code: z.string().min(1), label: z.string().min(1) })).default([]),
  records: z
    .strictObject({
      number: z.string().optional(),
      title: z.string().min(1),
      rows: z.array(recordsTableRow).min(1),
    })
    .optional()
    .describe("The records table (« Gestion des enregistrements »)"),
  /** Passages after the procedures (revision, diffusion). */
  back: z.array(manualSection).default([]),
  history: z
    .array(
      z.strictObject({
        version: z.string().min(1),
        date: localDate.optional(),
        description: z.string().min(1),
      }),
    )
    .min(1)
    .describe("The manual's own « État des modifications »"),
});

export type ManualDocument = z.infer<typeof manualDocument>;
export type ManualSection = z.infer<typeof manualSection>;
