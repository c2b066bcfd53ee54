import { message } from "../../engine/messages.js";
import type { TrackingView } from "../../shared/api/portal.js";
import { appendSecurityEvent, UNKNOWN_ORGANISATION } from "../audit/securityTrail.js";
import type { Db } from "../db/database.js";
import { type AttachmentRow, listCaseAttachments } from "../db/queries/attachments.js";
import { type CaseRow, findCase } from "../db/queries/cases.js";
import { findDefinition } from "../db/queries/definitions.js";
import { listCaseEvents } from "../db/queries/events.js";
import { findOrganisationName, listCaseIssuedDocuments } from "../db/queries/issuedDocuments.js";
import {
  findCaseByTrackingHash,
  findPortalRating,
  listPortalMessages,
  type PortalMessageRow,
} from "../db/queries/portal.js";
import { AppError, notFound } from "../errors.js";
import { publicSettings } from "../portal/publicProcedures.js";
import { giveBackAttempt, takeAttempt } from "../portal/throttles.js";
import { isTrackingCodeShape, trackingHash } from "../portal/trackingCode.js";

const unknownCode = () =>
  new AppError(
    404,
    "tracking_code_unknown",
    message(
      "aucune demande ne correspond à ce code de suivi : vérifiez-le (il figure sur votre accusé de réception)",
      "no request matches this tracking code: check it (it is on your receipt)",
    ),
    "code",
  );

/**
 * The public caller's one door: the case its tracking code opens. Every wrong code counts against
 * the address (a right one gives its attempt back) and is written to the security trail with the
 * address, so guessing is limited and visible; a right code opens that case and nothing else.
 */
export async function openTrackedCase(db: Db, code: string, address: string, now: Date): Promise<CaseRow> {
  await takeAttempt(db, "wrongTrackingPerAddress", address, now);
  const row = isTrackingCodeShape(code) ? await findCaseByTrackingHash(db, trackingHash(code)) : null;
  if (!row) {
    await db.transaction((tx) =>
      appendSecurityEvent(
        tx,
        {
          organisation: UNKNOWN_ORGANISATION,
          type: "portal_tracking_failed",
          userId: null,
          matricule: null,
          actorUserId: null,
          ip: address,
          payload: {},
        },
        now,
      ),
    );
    throw unknownCode();
  }
  await giveBackAttempt(db, "wrongTrackingPerAddress", address);
  return row;
}

const STATUS_TEXT: Record<string, { fr: string; en: string; ar: string }> = {
  active: { fr: "En cours de traitement", en: "Being processed", ar: "قيد المعالجة" },
  waiting: {
    fr: "En attente d'un document de votre part",
    en: "Waiting for a document from you",
    ar: "في انتظار وثيقة منكم",
  },
  completed: { fr: "Traitée", en: "Completed", ar: "تمت معالجته" },
  rejected: { fr: "Refusée", en: "Rejected", ar: "مرفوض" },
  cancelled: { fr: "Annulée", en: "Cancelled", ar: "ملغى" },
};

/** Whether the office's last request for a document is still unanswered. */
export function waitsForDocument(messages: PortalMessageRow[]): boolean {
  const lastAsk = messages.findLastIndex((m) => m.fromOffice && m.asksFor);
  return lastAsk >= 0 && !messages.slice(lastAsk + 1).some((m) => !m.fromOffice && m.attachmentId);
}

/** The documents a requester may read on their case: those they sent and those issued to them. */
export async function requesterDocuments(db: Db, row: CaseRow) {
  const issued = await listCaseIssuedDocuments(db, row.id);
  const attachments = await listCaseAttachments(db, row.id);
  const issuedIds = new Set(issued.map((d) => d.attachmentId));
  const visible = (a: AttachmentRow) => a.uploadedBy === null || issuedIds.has(a.id);
  return attachments.filter(visible).map((a) => ({
    attachment: a,
    issued: issuedIds.has(a.id),
    verificationCode: issued.find((d) => d.attachmentId === a.id)?.code ?? null,
  }));
}

/** The case as its requester sees it: plain words, dates, and only what concerns them. */
export async function trackingViewOf(db: Db, row: CaseRow, now: Date): Promise<TrackingView> {
  const def = await findDefinition(db, {
    organisation: row.organisation,
    id: row.procedureId,
    version: row.procedureVersion,
  });
  if (!def) throw notFound({ fr: "procédure", en: "procedure" });
  const settings = publicSettings(def);
  const showTitles = settings?.stepTitles ?? false;
  const titleOf = (stepId: string | null) =>
    showTitles && stepId ? (def.steps.find((s) => s.id === stepId)?.title ?? null) : null;
  const events = await listCaseEvents(db, row.id);
  const steps = events
    .filter((e) => e.type === "step_completed")
    .map((e) => ({ title: titleOf(e.stepBefore), doneAt: e.occurredAt.toISOString() }));
  const messages = await listPortalMessages(db, row.organisation, row.id);
  const documents = await requesterDocuments(db, row);
  const rating = await findPortalRating(db, row.id);
  const closed = row.status !== "active";
  const reopenUntil =
    closed && row.closedAt && settings?.reopenDays
      ? new Date(row.closedAt.getTime() + settings.reopenDays * 86_400_000)
      : null;
  const statusKey = closed ? row.status : waitsForDocument(messages) ? "waiting" : "active";
  const parent = row.parentCaseId ? await findCase(db, row.parentCaseId) : null;
  return {
    organisation: {
      code: row.organisation,
      name: (await findOrganisationName(db, row.organisation)) ?? row.organisation,
    },
    procedureTitle: def.title,
    registryNumber: row.registryNumber,
    title: row.title,
    submittedAt: row.createdAt.toISOString(),
    status: row.status,
    statusText: STATUS_TEXT[statusKey] ?? STATUS_TEXT.active!,
    closedAt: row.closedAt?.toISOString() ?? null,
    steps,
    currentStep: closed ? null : titleOf(row.state.tokens[0]?.stepId ?? null),
    documents: documents.map((d) => ({
      id: d.attachment.id,
      fileName: d.attachment.fileName,
      issued: d.issued,
      verificationCode: d.verificationCode,
      at: d.attachment.uploadedAt.toISOString(),
    })),
    messages: messages.map((m) =>
      presentPortalMessage(
        m,
        documents.map((d) => d.attachment),
      ),
    ),
    rating: rating ? { rating: rating.rating, comment: rating.comment } : null,
    mayRate: closed && !rating,
    reopenUntil: reopenUntil && reopenUntil > now ? reopenUntil.toISOString() : null,
    reopenedFrom: parent?.registryNumber ?? null,
  };
}

export function presentPortalMessage(m: PortalMessageRow, attachments: AttachmentRow[]) {
  const attachment = m.attachmentId ? attachments.find((a) => a.id === m.attachmentId) : undefined;
  return {
    id: m.id,
    fromOffice: m.fromOffice,
    text: m.text,
    asksFor: m.asksFor,
    attachment: attachment ? { id: attachment.id, fileName: attachment.fileName } : null,
    createdAt: m.createdAt.toISOString(),
  };
}
