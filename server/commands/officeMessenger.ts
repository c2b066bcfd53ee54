import { message } from "../../engine/messages.js";
import type { OperationContext } from "../context/operationContext.js";
import { personOf } from "../context/operationContext.js";
import type { CaseRow } from "../db/queries/cases.js";
import { insertPortalMessage } from "../db/queries/portal.js";
import { AppError } from "../errors.js";
import { enqueueJob } from "../jobs/queue.js";
import { sendOfficeMessageJob } from "../portal/portalMail.js";

/**
 * An agent writes to a requester without an account (and may ask for a document): the message
 * shows on the tracking page and an e-mail tells them, in the same transaction. The caller has
 * already been checked to read the case.
 */
export async function postOfficeMessage(
  ctx: OperationContext,
  row: CaseRow,
  input: { text: string; asksFor?: string | undefined },
) {
  const person = personOf(ctx.caller);
  if (!person)
    throw new AppError(403, "forbidden", message("action réservée à une personne", "only a person may act"));
  if (!row.trackingSecretHash) {
    throw new AppError(
      409,
      "requester_unreachable",
      message(
        "ce dossier n'a pas été déposé sur le portail : son demandeur ne peut pas lire de réponse ici",
        "this case was not submitted on the portal: its requester cannot read a reply here",
      ),
    );
  }
  if (row.status !== "active") {
    throw new AppError(409, "case_closed", message("le dossier est clos", "the case is closed"));
  }
  const saved = await insertPortalMessage(ctx.tx, {
    organisation: row.organisation,
    caseId: row.id,
    fromOffice: true,
    authorId: person.id,
    text: input.text,
    asksFor: input.asksFor ?? null,
    createdAt: ctx.now,
  });
  await enqueueJob(ctx.tx, {
    job: sendOfficeMessageJob,
    payload: { caseId: row.id, messageId: saved.id, asksFor: saved.asksFor },
    runAt: ctx.now,
    organisation: row.organisation,
    key: `portal-message:${saved.id}`,
  });
  return saved;
}
