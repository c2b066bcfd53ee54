import { startCase as engineStartCase } from "../../engine/case/transitions.js";
import { message } from "../../engine/messages.js";
import { formatRegistryNumber } from "../../engine/registry/registryNumber.js";
import { GENESIS_HASH } from "../audit/hashChain.js";
import type { Db } from "../db/database.js";
import { type CaseRow, findCase, insertCase } from "../db/queries/cases.js";
import { findDefinitionInForce } from "../db/queries/definitions.js";
import { findUserById } from "../db/queries/orgChart.js";
import { nextRegistrySequence } from "../db/queries/registry.js";
import { AppError, fromEngineError, notFound } from "../errors.js";
import { Units } from "../orgChart/actorResolution.js";
import { loadCalendar } from "./calendarLoader.js";
import { recordTransition } from "./transitionRecorder.js";

export interface StartCaseInput {
  procedureId: string;
  requesterId: string;
  /** The object of the letter or request; the procedure's title when absent. */
  title?: string;
  data?: Record<string, unknown>;
  parentCaseId?: string | null;
}

/** Opens a case on the version in force, with its registry number, first task and first events. */
export async function startCase(db: Db, input: StartCaseInput, now: Date): Promise<CaseRow> {
  return db.transaction((tx) => startCaseIn(tx, input, now));
}

/** The same, inside a transaction the caller holds (a hand-off starts its linked case there). */
export async function startCaseIn(tx: Db, input: StartCaseInput, now: Date): Promise<CaseRow> {
  const def = await findDefinitionInForce(tx, input.procedureId);
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
  const requester = await findUserById(tx, input.requesterId);
  if (!requester?.active) throw notFound({ fr: "demandeur", en: "requester" });

  const calendar = await loadCalendar(tx, def.organisation);
  const started = engineStartCase(
    def,
    // A hand-off's data is what the definition copies; anyone else's is checked against the first form.
    input.parentCaseId
      ? { requesterUserId: requester.id, copied: input.data ?? {} }
      : { requesterUserId: requester.id, data: input.data ?? {} },
    { now, calendar },
  );
  if (!started.ok) throw fromEngineError(started.error);

  const local = localYearMonth(now, calendar.timeZone);
  const sequence = await nextRegistrySequence(tx, def.id, local.year);
  const row = await insertCase(tx, {
    procedureId: def.id,
    procedureVersion: def.version,
    registryNumber: formatRegistryNumber(def.registry, local, sequence),
    title: input.title ?? def.title,
    organisation: def.organisation,
    status: started.state.status,
    state: started.state,
    version: started.state.version,
    requesterId: requester.id,
    unitId: requester.unitId,
    parentCaseId: input.parentCaseId ?? null,
    headHash: GENESIS_HASH,
    eventCount: 0,
    createdAt: now,
    updatedAt: now,
  });
  await recordTransition(
    tx,
    await Units.load(tx, def.organisation),
    def,
    row,
    null,
    started.state,
    started.events,
    { userId: requester.id, role: null, onBehalfOfUserId: null },
    now,
  );
  return (await findCase(tx, row.id))!;
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
