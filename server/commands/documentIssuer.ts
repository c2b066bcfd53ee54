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
import { resolveActor } from "../orgChart/actorResolution.js";
import type { FileStore } from "../storage/fileStore.js";

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

/**
 * Writes one of a case's official documents (a template declared by its definition) as a PDF:
 * filled from the case's data and audit trail, with the organisation's letterhead, signature
 * blocks, a QR code and short URL to its public verification page. The PDF becomes an attachment
 * of the case, its SHA-256 goes into the audit chain (`document_issued`), and the verification
 * page finds it by its code or its hash. One transaction for the database part. The same function
 * serves the API and a background job.
 */
export async function issueDocument(
  db: Db,
  store: FileStore,
  catalog: ReadonlyMap<string, OrganisationDocuments>,
  publicUrl: string,
  input: IssueInput,
  now: Date,
): Promise<IssuedDocument> {
  const row = await findCase(db, input.caseId);
  if (!row) throw notFound({ fr: "dossier", en: "case" });
  const def = await findDefinition(db, {
    organisation: row.organisation,
    id: row.procedureId,
    version: row.procedureVersion,
  });
  if (!def) throw notFound({ fr: "définition de la procédure", en: "procedure definition" });
  const use = def.documentTemplates?.find((d) => d.document === input.documentId);
  if (!use) {
    throw new AppError(
      404,
      "no_template",
      message(
        `la procédure ne rédige pas le document « ${input.documentId} »`,
        `the procedure does not write document "${input.documentId}"`,
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
  const url = `${publicUrl.replace(/\/+$/, "")}/verifier/${code}`;
  const content = templateContent({
    def,
    template,
    letterhead: documents?.letterhead ?? null,
    facts,
    issuedAt: now.toISOString(),
    verification: { code, url },
  });
  const bytes = await renderPdf(content, {
    createdAt: now,
    logo: documents?.logo ?? null,
    author: facts.organisationName,
  });
  const sha256 = store.put(bytes);
  const lh = documents?.letterhead;
  const issuer = [lh?.ministry ?? facts.organisationName, lh?.direction, lh?.service]
    .filter(Boolean)
    .join(" — ");
  const fileName = `${content.title} — ${row.registryNumber}.pdf`;

  const attachment = await db.transaction(async (tx) => {
    const attachment = await insertAttachment(tx, {
      organisation: row.organisation,
      sha256,
      size: bytes.length,
      mediaType: "application/pdf",
      fileName,
      caseId: row.id,
      documentId: use.document,
      uploadedBy: input.user.id,
      uploadedAt: now,
    });
    await insertIssuedDocument(tx, {
      code,
      attachmentId: attachment.id,
      caseId: row.id,
      organisation: row.organisation,
      documentId: use.document,
      title: content.title,
      registryNumber: row.registryNumber,
      issuer,
      sha256,
      issuedBy: input.user.id,
      issuedAt: now,
    });
    await appendCaseEvents(
      tx,
      { caseId: row.id, organisation: row.organisation },
      [
        {
          type: "document_issued",
          actorUserId: input.user.id,
          actorRole: null,
          onBehalfOfUserId: null,
          stepBefore: null,
          stepAfter: null,
          payload: {
            documentId: use.document,
            attachmentId: attachment.id,
            sha256,
            code,
            title: content.title,
          },
          occurredAt: now.toISOString(),
        },
      ],
      now,
    );
    return attachment;
  });
  return { code, url, title: content.title, attachment };
}
