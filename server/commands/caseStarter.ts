import { startCase as engineStartCase } from "../../engine/case/transitions.js";
import { message } from "../../engine/messages.js";
import { formatRegistryNumber } from "../../engine/registry/registryNumber.js";
import { GENESIS_HASH } from "../audit/hashChain.js";
import { authorOf, type OperationContext } from "../context/operationContext.js";
import { type CaseRow, insertCase } from "../db/queries/cases.js";
import { findDefinitionInForce } from "../db/queries/definitions.js";
import { nextRegistrySequence } from "../db/queries/registry.js";
import type { ExternalRequester } from "../db/schema.js";
import { AppError, fromEngineError, notFound } from "../errors.js";
import { recordTransition } from "./transitionRecorder.js";

/** Who asks: an account of the organisation, or someone without one (a citizen, a company…). */
export type Requester = { userId: string } | { external: ExternalRequester };

export interface StartCaseInput {
  procedureId: string;
  requester: Requester;
  /** The object of the letter or request; the procedure's title when absent. */
  title?: string;
  data?: Record<string, unknown>;
  parentCaseId?: string | null;
  /** Started by a call activity that waits for it: the calling case and its waiting token. */
  calledBy?: { caseId: string; tokenId: string };
  /** SHA-256 of the secret a requester without an account will follow the case with. */
  trackingSecretHash?: string | null;
}

/**
 * Opens a case of the context's organisation on the version in force, with its registry number,
 * first task and first events. Runs in the context's transaction (a hand-off starts its linked
 * case in the transaction of the step that hands off).
 */
export async function startCase(ctx: OperationContext, input: StartCaseInput): Promise<CaseRow> {
  const { tx, organisation, now } = ctx;
  const def = await findDefinitionInForce(tx, organisation, input.procedureId);
  if (!def) {
    throw new AppError(
      404,
      "procedure_not_found",
      message(
        `aucune procédure en vigueur « ${input.procedureId} »`,
        `no procedure in force "${input.procedureId}"`,
      ),
    );
  }
  const directory = await ctx.directory();
  const requester = "userId" in input.requester ? directory.person(input.requester.userId) : null;
  if ("userId" in input.requester && !requester?.active) throw notFound({ fr: "demandeur", en: "requester" });

  const calendar = directory.calendar;
  const started = engineStartCase(
    def,
    // A hand-off's data is what the definition copies; anyone else's is checked against the first form.
    input.parentCaseId
      ? {
          requesterUserId: requester?.id ?? null,
          copied: input.data ?? {},
          ...(input.calledBy ? { calledBy: input.calledBy } : {}),
        }
      : { requesterUserId: requester?.id ?? null, data: input.data ?? {} },
    { now, calendar },
  );
  if (!started.ok) throw fromEngineError(started.error);

  const local = localYearMonth(now, calendar.timeZone);
  const sequence = await nextRegistrySequence(tx, organisation, def.id, local.year);
  const row = await insertCase(tx, {
    procedureId: def.id,
    procedureVersion: def.version,
    registryNumber: formatRegistryNumber(def.registry, local, sequence),
    title: input.title ?? def.title,
    organisation,
    status: started.state.status,
    state: started.state,
    version: started.state.version,
    requesterId: requester?.id ?? null,
    externalRequester: "external" in input.requester ? input.requester.external : null,
    trackingSecretHash: input.trackingSecretHash ?? null,
    unitId: requester?.unitId ?? null,
    parentCaseId: input.parentCaseId ?? null,
    headHash: GENESIS_HASH,
    eventCount: 0,
    createdAt: now,
    updatedAt: now,
  });
  const author = authorOf(ctx.caller);
  const head = await recordTransition(
    tx,
    directory,
    def,
    row,
    null,
    started.state,
    started.events,
    // The caller is the author: the person asking, the secretary registering a letter for its
    // sender, or « Système » for a job (a schedule).
    {
      userId: author.userId,
      role: null,
      onBehalfOfUserId: null,
      system: author.system,
      requester: author.requester,
    },
    now,
  );
  return { ...row, ...head };
}

function localYearMonth(now: Date, timeZone: string): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "numeric",
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month") };
}
