import { availableActions } from "../../engine/case/availableActions.js";
import { message } from "../../engine/messages.js";
import { directoryOf } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import { type AttachmentRow, insertAttachment } from "../db/queries/attachments.js";
import { findCase } from "../db/queries/cases.js";
import { findDefinition } from "../db/queries/definitions.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { AppError, notFound } from "../errors.js";
import { resolveActor } from "../orgChart/actorResolution.js";
import type { FileStore } from "../storage/fileStore.js";

export interface AttachInput {
  caseId: string;
  user: UserRow;
  fileName: string;
  mediaType: string;
  documentId: string | null;
  bytes: Buffer;
}

/**
 * Stores an uploaded document of a case: the bytes by their SHA-256 in the file store, the
 * metadata in the database. Only someone who may complete a step of the case now (or its
 * requester) may upload, and a named document must be one the procedure knows.
 */
export async function attachDocument(
  db: Db,
  store: FileStore,
  input: AttachInput,
  now: Date,
): Promise<AttachmentRow> {
  const row = await findCase(db, input.caseId);
  if (!row) throw notFound({ fr: "dossier", en: "case" });
  if (row.status !== "active") {
    throw new AppError(409, "case_closed", message("le dossier est clos", "the case is closed"));
  }
  const def = await findDefinition(db, {
    organisation: row.organisation,
    id: row.procedureId,
    version: row.procedureVersion,
  });
  if (!def) throw notFound({ fr: "définition de la procédure", en: "procedure definition" });
  const ctx = { organisation: row.organisation, requesterId: row.requesterId, state: row.state };
  const actor = resolveActor(await directoryOf(db, row.organisation), def, ctx, input.user);
  const actsNow = availableActions(def, row.state, actor).some((a) => a.type === "complete");
  if (!actsNow && input.user.id !== row.requesterId) {
    throw new AppError(
      403,
      "not_allowed",
      message(
        "seul l'acteur de l'étape en cours ou le demandeur peut joindre un document",
        "only the actor of the current step or the requester may attach a document",
      ),
    );
  }
  if (
    input.documentId &&
    !def.steps.some((s) => (s.documents ?? []).some((d) => d.id === input.documentId))
  ) {
    throw new AppError(
      422,
      "unknown_document",
      message(
        `la procédure ne prévoit pas de document « ${input.documentId} »`,
        `the procedure has no document "${input.documentId}"`,
      ),
      "documentId",
    );
  }
  if (input.bytes.length === 0) {
    throw new AppError(422, "empty_file", message("le fichier est vide", "the file is empty"), "file");
  }
  const sha256 = store.put(input.bytes);
  return insertAttachment(db, {
    organisation: row.organisation,
    sha256,
    size: input.bytes.length,
    mediaType: input.mediaType,
    fileName: input.fileName,
    caseId: row.id,
    documentId: input.documentId,
    uploadedBy: input.user.id,
    uploadedAt: now,
  });
}
