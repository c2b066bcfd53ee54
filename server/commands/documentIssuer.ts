import { randomBytes } from "node:crypto";
import type { OrganisationDocuments } from "../../catalog/documentCatalog.js";
import { availableActions } from "../../engine/case/availableActions.js";
import { templateContent } from "../../engine/documents/content.js";
import { message } from "../../engine/messages.js";
import { directoryOf } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import { type AttachmentRow, insertAttachment } from "../db/queries/attachments.js";
import { findCase } from "../db/queries/cases.js";
import { findDefinition } from "../db/queries/definitions.js";
import { appendCaseEvents, insertIssuedDocument } from "../db/queries/issuedDocuments.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { readCaseFacts, withPeopleNamed } from "../documents/caseFacts.js";
import { renderPdf } from "../documents/pdfRenderer.js";
import { AppError, notFound } from "../errors.js";
import type { JobServices } from "../jobs/services.js";
import { resolveActor } from "../orgChart/actorResolution.js";

export interface IssueInput {
  caseId: string;
  documentId: string;
  /** Who asked for it: someone who completed a step of the case or may act on it now. */
  user: UserRow;
}

export interface IssuedDocument {
  code: string;
  url: string;
  title: string;
  attachment: AttachmentRow;
}

/** Crockford's base 32 without I, L, O, U: read aloud or typed from paper without ambiguity. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 60 random bits, printed in three groups of four: not guessable, short enough to type. */
export function verificationCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => ALPHABET[b % 32]!).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** What a request to issue a document was checked against: the case and the template to fill. */
export interface IssueRequest {
  caseId: string;
  organisation: string;
  documentId: string;
  code: string;
  url: string;
}

/**
 * Checks that a document may be issued now — the definition declares its template, the template
 * is on this server, the caller completed a step of the case or may act on it, the step that gives
 * the document its data is done — and gives it its verification code. The PDF itself is drawn by
 * the `documents.issue` job (`server/documents/issueDocumentJob.ts`), which the route enqueues.
 */
export async function checkDocumentIssue(
  db: Db,
  catalog: ReadonlyMap<string, OrganisationDocuments>,
  publicUrl: string,
  input: IssueInput,
): Promise<IssueRequest> {
  const { row, def, use } = await issuable(db, catalog, input.caseId, input.documentId);
  const read = await readCaseFacts(db, row);
  const events = read.events;
  const facts = withPeopleNamed(read.facts, def, await directoryOf(db, row.organisation));
  const completedBy = new Set(
    events.filter((e) => e.type === "step_completed").flatMap((e) => [e.actorUserId, e.onBehalfOfUserId]),
  );
  if (!completedBy.has(input.user.id)) {
    const ctx = { organisation: row.organisation, requesterId: row.requesterId, state: row.state };
    const actor = resolveActor(await directoryOf(db, row.organisation), def, ctx, input.user);
    if (!availableActions(def, row.state, actor).some((a) => a.type === "complete")) {
      throw new AppError(
        403,
        "not_allowed",
        message(
          "seuls les agents qui traitent le dossier peuvent en éditer les documents",
          "only the people handling the case may issue its documents",
        ),
      );
    }
  }
  if (!facts.completions.some((c) => c.stepId === use.step)) {
    const step = def.steps.find((s) => s.id === use.step);
    throw new AppError(
      409,
      "step_not_done",
      message(
        `le document s'édite une fois l'étape « ${step?.title ?? use.step} » accomplie`,
        `the document is issued once step "${step?.title ?? use.step}" is done`,
      ),
    );
  }
  const code = verificationCode();
  return {
    caseId: row.id,
    organisation: row.organisation,
    documentId: use.document,
    code,
    url: verificationUrl(publicUrl, code),
  };
}

export function verificationUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/verifier/${code}`;
}

/** The case, its definition's use of the document and the organisation's template for it. */
async function issuable(
  db: Db,
  catalog: ReadonlyMap<string, OrganisationDocuments>,
  caseId: string,
  documentId: string,
) {
  const row = await findCase(db, caseId);
  if (!row) throw notFound({ fr: "dossier", en: "case" });
  const def = await findDefinition(db, {
    organisation: row.organisation,
    id: row.procedureId,
    version: row.procedureVersion,
  });
  if (!def) throw notFound({ fr: "définition de la procédure", en: "procedure definition" });
  const use = def.documentTemplates?.find((d) => d.document === documentId);
  if (!use) {
    throw new AppError(
      404,
      "no_template",
      message(
        `la procédure ne rédige pas le document « ${documentId} »`,
        `the procedure does not write document "${documentId}"`,
      ),
      "documentId",
    );
  }
  const documents = catalog.get(row.organisation);
  const template = documents?.templates.get(use.template);
  if (!template) {
    throw new AppError(
      422,
      "template_missing",
      message(
        `le modèle « ${use.template} » est introuvable sur ce serveur`,
        `template "${use.template}" is not on this server`,
      ),
    );
  }
  return { row, def, use, template, documents };
}

/**
 * Writes one of a case's official documents (a template declared by its definition) as a PDF:
 * filled from the case's data and audit trail, with the organisation's letterhead, signature
 * blocks, a QR code and short URL to its public verification page. The PDF becomes an attachment
 * of the case, its SHA-256 goes into the audit chain (`document_issued`), and the verification
 * page finds it by its code or its hash. `tx` is the job's transaction: the attachment, the
 * issued document and the event commit with the job's completion, or not at all.
 */
export async function writeIssuedDocument(
  tx: Db,
  services: JobServices,
  input: {
    caseId: string;
    documentId: string;
    code: string;
    /** Who asked for it (the event is authored by the system running the job). */
    requestedBy: string;
    system: { job: string; jobId: string };
  },
  now: Date,
): Promise<IssuedDocument> {
  const { row, def, use, template, documents } = await issuable(
    tx,
    services.documents,
    input.caseId,
    input.documentId,
  );
  // A person field holds a matricule; the document prints the person's name.
  const facts = withPeopleNamed(
    (await readCaseFacts(tx, row)).facts,
    def,
    await directoryOf(tx, row.organisation),
  );
  const url = verificationUrl(services.publicUrl, input.code);
  const content = templateContent({
    def,
    template,
    letterhead: documents?.letterhead ?? null,
    facts,
    issuedAt: now.toISOString(),
    verification: { code: input.code, url },
  });
  const bytes = await renderPdf(content, {
    createdAt: now,
    logo: documents?.logo ?? null,
    author: facts.organisationName,
  });
  // Content-addressed: a job run again after a crash stores the same bytes under the same name.
  const sha256 = services.files.put(bytes);
  const lh = documents?.letterhead;
  const issuer = [lh?.ministry ?? facts.organisationName, lh?.direction, lh?.service]
    .filter(Boolean)
    .join(" — ");
  const fileName = `${content.title} — ${row.registryNumber}.pdf`;

  const attachment = await insertAttachment(tx, {
    organisation: row.organisation,
    sha256,
    size: bytes.length,
    mediaType: "application/pdf",
    fileName,
    caseId: row.id,
    documentId: use.document,
    uploadedBy: input.requestedBy,
    uploadedAt: now,
  });
  await insertIssuedDocument(tx, {
    code: input.code,
    attachmentId: attachment.id,
    caseId: row.id,
    organisation: row.organisation,
    documentId: use.document,
    title: content.title,
    registryNumber: row.registryNumber,
    issuer,
    sha256,
    issuedBy: input.requestedBy,
    issuedAt: now,
  });
  await appendCaseEvents(
    tx,
    { caseId: row.id, organisation: row.organisation },
    [
      {
        type: "document_issued",
        actorUserId: null,
        actorRole: null,
        onBehalfOfUserId: null,
        stepBefore: null,
        stepAfter: null,
        payload: {
          documentId: use.document,
          attachmentId: attachment.id,
          sha256,
          code: input.code,
          title: content.title,
          requestedBy: input.requestedBy,
          system: input.system,
        },
        occurredAt: now.toISOString(),
      },
    ],
    now,
  );
  return { code: input.code, url, title: content.title, attachment };
}
