import { checkForm } from "../../engine/case/formData.js";
import { message } from "../../engine/messages.js";
import type { SubmissionBody } from "../../shared/api/portal.js";
import { inOperation } from "../context/operationContext.js";
import type { Db } from "../db/database.js";
import { insertAttachment } from "../db/queries/attachments.js";
import { findOrganisationName } from "../db/queries/issuedDocuments.js";
import { AppError, fromEngineError } from "../errors.js";
import { enqueueJob } from "../jobs/queue.js";
import { checkSolution } from "../portal/challenge.js";
import { isRightEmailCode } from "../portal/emailCode.js";
import { portalKey, seal } from "../portal/portalKey.js";
import { sendReceiptJob } from "../portal/portalMail.js";
import {
  findPublicProcedure,
  firstStep,
  MEDIA_TYPES,
  type PublicSettings,
} from "../portal/publicProcedures.js";
import { giveBackAttempt, takeAttempt } from "../portal/throttles.js";
import { newTrackingCode, trackingHash } from "../portal/trackingCode.js";
import type { FileStore } from "../storage/fileStore.js";
import { checkedMediaType } from "../storage/mediaTypes.js";
import { startCase } from "./caseStarter.js";

export interface Submission {
  organisation: string;
  body: SubmissionBody;
  /** The client's address, as the server (or its trusted proxy) sees it. */
  address: string;
}

export interface Receipt {
  organisation: { code: string; name: string };
  procedureTitle: string;
  registryNumber: string;
  trackingCode: string;
  submittedAt: string;
  requesterName: string;
  documents: Array<{ fileName: string; size: number }>;
}

const refused = (code: string, fr: string, en: string, target?: string) =>
  new AppError(422, code, message(fr, en), target);

/**
 * A request from the public portal, checked in order of cost: the honeypot and consent, the
 * address's limit (counted before anything else is examined), the proof of work, the e-mail's
 * limit and confirmation, the first step's form and documents. Then the case opens like any other
 * (the public caller, authored by the requester's name), its documents attached and the receipt
 * e-mail enqueued in the same transaction. The tracking code is returned once; only its hash stays.
 */
export async function submitToPortal(
  db: Db,
  store: FileStore,
  input: Submission,
  now: Date,
): Promise<Receipt> {
  const { body, organisation } = input;
  if (body.website && body.website.trim() !== "") {
    throw refused(
      "form_refused",
      "formulaire refusé : un champ invisible a été rempli (outil automatique ?)",
      "form refused: an invisible field was filled in (an automated tool?)",
      "website",
    );
  }
  if (body.consent !== true) {
    throw refused(
      "consent_required",
      "vous devez accepter le traitement de vos données personnelles pour envoyer la demande",
      "you must agree to the processing of your personal data to send the request",
      "consent",
    );
  }
  const organisationName = await findOrganisationName(db, organisation);
  if (!organisationName)
    throw new AppError(404, "not_found", message("portail introuvable", "portal not found"));
  await takeAttempt(db, "submissionsPerAddress", input.address, now);
  await checkSolution(db, organisation, body.altcha, now);
  const { def, settings } = await findPublicProcedure(db, organisation, body.procedureId);

  const email = body.requester.email?.toLowerCase();
  if (settings.emailVerification && !email) {
    throw refused(
      "email_required",
      "cette démarche demande une adresse e-mail confirmée",
      "this procedure needs a confirmed e-mail address",
      "requester.email",
    );
  }
  if (email) await takeAttempt(db, "submissionsPerEmail", email, now);
  if (settings.emailVerification && email) {
    await takeAttempt(db, "wrongCodesPerEmail", email, now);
    if (!body.emailCode || !isRightEmailCode(await portalKey(db), organisation, email, body.emailCode, now)) {
      throw refused(
        "email_code_wrong",
        "le code de confirmation est erroné ou a expiré : demandez-en un nouveau",
        "the confirmation code is wrong or has expired: ask for a new one",
        "emailCode",
      );
    }
    await giveBackAttempt(db, "wrongCodesPerEmail", email);
  }

  const step = firstStep(def);
  const form = checkForm(step.form ?? [], body.data);
  if (!form.ok) throw fromEngineError(form.error);
  const files = checkedDocuments(step.documents ?? [], body.documents, settings);

  const code = newTrackingCode();
  const key = await portalKey(db);
  const requester = { ...body.requester, ...(email ? { email } : {}) };
  const row = await inOperation(
    db,
    { organisation, caller: { kind: "public", caseId: null, name: requester.name }, now },
    async (ctx) => {
      const started = await startCase(ctx, {
        procedureId: def.id,
        requester: { external: requester },
        data: form.values,
        ...(body.title ? { title: body.title } : {}),
        trackingSecretHash: trackingHash(code),
      });
      for (const file of files) {
        await insertAttachment(ctx.tx, {
          organisation,
          sha256: store.put(file.bytes),
          size: file.bytes.length,
          mediaType: file.mediaType,
          fileName: file.fileName,
          caseId: started.id,
          documentId: file.documentId,
          uploadedBy: null,
          uploadedAt: now,
        });
      }
      if (email) {
        await enqueueJob(ctx.tx, {
          job: sendReceiptJob,
          payload: { caseId: started.id, sealedCode: seal(key, code) },
          runAt: now,
          organisation,
          key: `portal-receipt:${started.id}`,
        });
      }
      return started;
    },
  );
  return {
    organisation: { code: organisation, name: organisationName },
    procedureTitle: def.title,
    registryNumber: row.registryNumber,
    trackingCode: code,
    submittedAt: now.toISOString(),
    requesterName: requester.name,
    documents: files.map((f) => ({ fileName: f.fileName, size: f.bytes.length })),
  };
}

interface CheckedFile {
  documentId: string | null;
  fileName: string;
  mediaType: string;
  bytes: Buffer;
}

/** A file from the portal: an accepted type whose bytes are what it claims, within the size limit. */
export function checkedFile(
  file: { fileName: string; mediaType: string; contentBase64: string },
  settings: PublicSettings,
  target: string,
): { fileName: string; mediaType: string; bytes: Buffer } {
  const bytes = Buffer.from(file.contentBase64, "base64");
  const max = settings.maxDocumentMB * 1024 * 1024;
  if (bytes.length === 0) throw refused("empty_file", "le fichier est vide", "the file is empty", target);
  if (bytes.length > max) {
    throw new AppError(
      413,
      "file_too_large",
      message(
        `« ${file.fileName} » dépasse ${settings.maxDocumentMB} Mo`,
        `"${file.fileName}" exceeds ${settings.maxDocumentMB} MB`,
      ),
      target,
    );
  }
  const accepted = settings.documentTypes.map((t) => MEDIA_TYPES[t]);
  const mediaType = checkedMediaType(file.mediaType, bytes);
  if (!accepted.includes(mediaType)) {
    throw new AppError(
      415,
      "unsupported_media_type",
      message(
        `type de fichier non accepté ici : ${settings.documentTypes.join(", ").toUpperCase()} seulement`,
        `file type not accepted here: ${settings.documentTypes.join(", ").toUpperCase()} only`,
      ),
      target,
    );
  }
  return { fileName: file.fileName, mediaType, bytes };
}

function checkedDocuments(
  specs: Array<{ id: string; title: string; required: boolean }>,
  given: SubmissionBody["documents"],
  settings: PublicSettings,
): CheckedFile[] {
  for (const spec of specs) {
    if (spec.required && !given.some((g) => g.documentId === spec.id)) {
      throw refused(
        "document_missing",
        `document manquant : ${spec.title}`,
        `missing document: ${spec.title}`,
        `documents.${spec.id}`,
      );
    }
  }
  return given.map((file, i) => {
    if (!specs.some((s) => s.id === file.documentId)) {
      throw refused(
        "unknown_document",
        `la démarche ne prévoit pas de document « ${file.documentId} »`,
        `the procedure has no document "${file.documentId}"`,
        `documents.${i}`,
      );
    }
    return { documentId: file.documentId, ...checkedFile(file, settings, `documents.${i}`) };
  });
}
