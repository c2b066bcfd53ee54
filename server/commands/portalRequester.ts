import { message } from "../../engine/messages.js";
import { inOperation, type OperationContext } from "../context/operationContext.js";
import type { Db } from "../db/database.js";
import { insertAttachment } from "../db/queries/attachments.js";
import type { CaseRow } from "../db/queries/cases.js";
import { findDefinition } from "../db/queries/definitions.js";
import {
  insertPortalMessage,
  insertPortalRating,
  listPortalMessages,
  lockCaseByTrackingHash,
  moveTrackingHash,
} from "../db/queries/portal.js";
import { AppError, notFound } from "../errors.js";
import { firstStep, publicSettings } from "../portal/publicProcedures.js";
import type { FileStore } from "../storage/fileStore.js";
import { startCase } from "./caseStarter.js";
import { checkedFile } from "./portalSubmitter.js";
import { waitsForDocument } from "./portalTracking.js";

/**
 * What a requester without an account does on the one case their tracking code opens, each in one
 * transaction as the public caller (authored by their name), the case locked by its code's hash.
 */
function asRequester<T>(
  db: Db,
  row: CaseRow,
  codeHash: string,
  now: Date,
  work: (ctx: OperationContext, locked: CaseRow) => Promise<T>,
): Promise<T> {
  const name = row.externalRequester?.name ?? "";
  return inOperation(
    db,
    { organisation: row.organisation, caller: { kind: "public", caseId: row.id, name }, now },
    async (ctx) => {
      const locked = await lockCaseByTrackingHash(ctx.tx, codeHash);
      if (locked?.id !== row.id) throw notFound({ fr: "demande", en: "request" });
      return work(ctx, locked);
    },
  );
}

const closedCase = () =>
  new AppError(409, "case_closed", message("la demande est close", "the request is closed"));

async function settingsOf(db: Db, row: CaseRow) {
  const def = await findDefinition(db, {
    organisation: row.organisation,
    id: row.procedureId,
    version: row.procedureVersion,
  });
  const settings = def ? publicSettings(def) : null;
  if (!def || !settings) throw notFound({ fr: "démarche", en: "procedure" });
  return { def, settings };
}

export async function addRequesterMessage(db: Db, row: CaseRow, codeHash: string, text: string, now: Date) {
  await asRequester(db, row, codeHash, now, async (ctx, locked) => {
    if (locked.status !== "active") throw closedCase();
    await insertPortalMessage(ctx.tx, {
      organisation: locked.organisation,
      caseId: locked.id,
      fromOffice: false,
      text,
      createdAt: now,
    });
  });
}

/** A document the office asked for: refused when no request for one is waiting. */
export async function addRequesterDocument(
  db: Db,
  store: FileStore,
  row: CaseRow,
  codeHash: string,
  file: { fileName: string; mediaType: string; contentBase64: string },
  now: Date,
) {
  const { settings } = await settingsOf(db, row);
  const checked = checkedFile(file, settings, "file");
  await asRequester(db, row, codeHash, now, async (ctx, locked) => {
    if (locked.status !== "active") throw closedCase();
    if (!waitsForDocument(await listPortalMessages(ctx.tx, locked.organisation, locked.id))) {
      throw new AppError(
        409,
        "no_document_asked",
        message(
          "aucun document ne vous est demandé pour le moment : écrivez plutôt un message",
          "no document is asked of you at the moment: write a message instead",
        ),
      );
    }
    const attachment = await insertAttachment(ctx.tx, {
      organisation: locked.organisation,
      sha256: store.put(checked.bytes),
      size: checked.bytes.length,
      mediaType: checked.mediaType,
      fileName: checked.fileName,
      caseId: locked.id,
      documentId: null,
      uploadedBy: null,
      uploadedAt: now,
    });
    await insertPortalMessage(ctx.tx, {
      organisation: locked.organisation,
      caseId: locked.id,
      fromOffice: false,
      text: `Document : ${checked.fileName}`,
      attachmentId: attachment.id,
      createdAt: now,
    });
  });
}

export async function rateCase(
  db: Db,
  row: CaseRow,
  codeHash: string,
  rating: { rating: number; comment?: string | undefined },
  now: Date,
) {
  await asRequester(db, row, codeHash, now, async (ctx, locked) => {
    if (locked.status === "active") {
      throw new AppError(
        409,
        "case_not_closed",
        message("la demande n'est pas encore close", "the request is not closed yet"),
      );
    }
    const saved = await insertPortalRating(ctx.tx, {
      caseId: locked.id,
      organisation: locked.organisation,
      rating: rating.rating,
      comment: rating.comment ?? null,
      ratedAt: now,
    });
    if (!saved) {
      throw new AppError(
        409,
        "already_rated",
        message("vous avez déjà donné votre avis", "you already gave your opinion"),
      );
    }
  });
}

/**
 * Reopening within the declared days: a new case of the same procedure, linked to the closed one,
 * with the first form's values again; the tracking code now opens the new case.
 */
export async function reopenCase(db: Db, row: CaseRow, codeHash: string, reason: string, now: Date) {
  const { def, settings } = await settingsOf(db, row);
  return asRequester(db, row, codeHash, now, async (ctx, locked) => {
    const until =
      locked.closedAt && settings.reopenDays
        ? locked.closedAt.getTime() + settings.reopenDays * 86_400_000
        : null;
    if (locked.status === "active" || until === null || until < now.getTime()) {
      throw new AppError(
        409,
        "reopen_not_allowed",
        message(
          "cette demande ne peut pas être rouverte (délai dépassé ou démarche qui ne le prévoit pas)",
          "this request cannot be reopened (too late, or the procedure does not allow it)",
        ),
      );
    }
    const fields = new Set((firstStep(def).form ?? []).map((f) => f.id));
    const data = Object.fromEntries(Object.entries(locked.state.data).filter(([k]) => fields.has(k)));
    const reopened = await startCase(ctx, {
      procedureId: def.id,
      requester: { external: locked.externalRequester ?? { name: "" } },
      title: locked.title,
      data,
      parentCaseId: locked.id,
    });
    await moveTrackingHash(ctx.tx, locked.id, reopened.id, codeHash);
    await insertPortalMessage(ctx.tx, {
      organisation: locked.organisation,
      caseId: reopened.id,
      fromOffice: false,
      text: reason,
      createdAt: now,
    });
    return reopened;
  });
}
