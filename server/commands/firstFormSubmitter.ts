import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { message } from "../../engine/messages.js";
import type { FirstFormSubmission } from "../../shared/api/cases.js";
import type { OperationContext } from "../context/operationContext.js";
import type { CaseRow } from "../db/queries/cases.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";
import { completesFirstStep } from "../policies/caseStart.js";
import type { FileStore } from "../storage/fileStore.js";
import { checkedMediaType } from "../storage/mediaTypes.js";
import { actOnCase } from "./caseActor.js";
import { type StartCaseInput, startCase } from "./caseStarter.js";
import { attachDocument } from "./documentAttacher.js";

/**
 * Opens a case when its first form is submitted, in the context's transaction: the case, its
 * registry number, the first step completed with the form (and its files) by the caller when they
 * are that step's actor, and the next tasks. Anything refused (a required field, a missing file,
 * a decision not taken) rolls everything back: no case, no number used. When the caller is not
 * the first step's actor (a secretary opening a request its requester completes), the form's
 * values are given at the start and the first task goes to its actor.
 */
export async function submitFirstForm(
  ctx: OperationContext,
  store: FileStore,
  def: ProcedureDefinition,
  caller: UserRow,
  start: StartCaseInput,
  submit: FirstFormSubmission,
): Promise<CaseRow> {
  const data = start.data ?? {};
  const requesterUserId = "userId" in start.requester ? start.requester.userId : null;
  const completes = completesFirstStep(await ctx.directory(), caller, def, requesterUserId, ctx.now);
  if (!completes) {
    if ((submit.files ?? []).length > 0 || submit.outcome || submit.imputeTo) {
      throw new AppError(
        422,
        "invalid_input",
        message(
          "vous n'êtes pas l'acteur de la première étape : seules ses valeurs peuvent être données au départ",
          "you are not the first step's actor: only its values may be given at the start",
        ),
      );
    }
    return startCase(ctx, start);
  }
  const row = await startCase(ctx, { ...start, data: {} });
  const token = row.state.tokens.find((t) => t.stepId === def.start);
  if (!token) return row;
  const documents: Record<string, string> = {};
  for (const file of submit.files ?? []) {
    const bytes = Buffer.from(file.contentBase64, "base64");
    const attachment = await attachDocument(
      ctx.tx,
      store,
      {
        caseId: row.id,
        user: caller,
        fileName: file.fileName,
        documentId: file.documentId,
        mediaType: checkedMediaType(file.mediaType, bytes),
        bytes,
      },
      ctx.now,
    );
    documents[file.documentId] = attachment.id;
  }
  return actOnCase(ctx, {
    caseId: row.id,
    expectedVersion: row.version,
    action: {
      type: "complete",
      tokenId: token.id,
      form: data,
      ...(submit.outcome ? { outcome: submit.outcome } : {}),
      ...(submit.imputeTo ? { imputeTo: submit.imputeTo } : {}),
      ...(submit.checklist ? { checklist: submit.checklist } : {}),
      ...(Object.keys(documents).length > 0 ? { documents } : {}),
    },
  });
}
