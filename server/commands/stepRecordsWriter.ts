import type { CaseEvent } from "../../engine/case/events.js";
import type { CaseState } from "../../engine/case/state.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { message } from "../../engine/messages.js";
import { planRecords, type RecordWrite } from "../../engine/register/plan.js";
import type { RegisterDefinition } from "../../engine/register/schema.js";
import { checkFieldValue } from "../../engine/register/values.js";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import { findCase } from "../db/queries/cases.js";
import { findEntriesWith, findRegisterDefinition } from "../db/queries/registers.js";
import { AppError } from "../errors.js";
import { organisationToday } from "../orgChart/organisationToday.js";
import {
  changeEntry,
  createEntry,
  localYearMonth,
  moveStock,
  type RegisterWriteContext,
} from "./registerEntryWriter.js";

/**
 * What the steps completed by a transition write into registers (their `records`), inside the
 * transition's transaction: a refused write refuses the transition. Nothing is read when no
 * completed step has records.
 */
export async function writeStepRecords(
  tx: Db,
  directory: OrganisationDirectory,
  def: ProcedureDefinition,
  current: {
    id: string;
    organisation: string;
    registryNumber: string;
    requesterId: string | null;
    parentCaseId: string | null;
  },
  after: CaseState,
  engineEvents: CaseEvent[],
  actorUserId: string | null,
  now: Date,
): Promise<void> {
  const completed = engineEvents.flatMap((e) => {
    if (e.type !== "step_completed") return [];
    const records = def.steps.find((s) => s.id === e.stepId)?.records;
    return records ? [{ event: e, records }] : [];
  });
  if (completed.length === 0) return;

  const row = current;
  const caseId = current.id;
  const calendar = directory.calendar;
  // An external requester (no account) has no matricule: `$case.requester` is then empty.
  const requester = directory.person(row.requesterId);
  const actor = directory.person(actorUserId);
  const parent = row.parentCaseId ? await findCase(tx, row.parentCaseId) : null;
  const registers = new Map<string, RegisterDefinition>();
  const registerOf = async (id: string) => {
    let reg = registers.get(id);
    if (!reg) {
      reg = (await findRegisterDefinition(tx, row.organisation, id)) ?? undefined;
      if (!reg) throw missingRegister(id);
      registers.set(id, reg);
    }
    return reg;
  };

  for (const { event, records } of completed) {
    const writes = planRecords(records, {
      data: after.data,
      outcome: event.outcome,
      caseNumber: row.registryNumber,
      parentNumber: parent?.registryNumber ?? null,
      requester: requester?.matricule ?? "",
      unit: after.imputedUnit,
      actor: actor?.matricule ?? null,
      now: now.toISOString(),
      today: organisationToday(calendar, now),
    });
    const ctx: RegisterWriteContext = {
      tx,
      organisation: row.organisation,
      actorUserId,
      caseLink: { caseId, stepId: event.stepId },
      now,
      local: localYearMonth(now, calendar.timeZone),
    };
    for (const write of writes) await apply(ctx, await registerOf(write.register), write);
  }
}

async function apply(ctx: RegisterWriteContext, reg: RegisterDefinition, write: RecordWrite): Promise<void> {
  const movements = write.movement ? [write.movement] : [];
  if (write.action === "create") {
    await createEntry(ctx, reg, { values: write.values, state: write.state, movements });
    return;
  }
  if (write.emptyFind.length > 0 && write.action === "upsert") {
    // Nothing identifies an existing entry (a case started without the hand-off it expects): a new one.
    await createEntry(ctx, reg, {
      values: { ...write.find, ...write.values },
      state: write.state,
      movements,
    });
    return;
  }
  if (write.emptyFind.length > 0) {
    const labels = write.emptyFind.map((k) => reg.fields.find((f) => f.id === k)?.label ?? k).join(", ");
    throw new AppError(
      422,
      "entry_not_found",
      message(
        `l'entrée du registre « ${reg.title} » à modifier n'est pas identifiée : ${labels} sans valeur`,
        `the entry of register "${reg.title}" to change is not identified: ${labels} has no value`,
      ),
      write.emptyFind[0],
    );
  }
  const find = storedValues(reg, write.find ?? {});
  const found = await findEntriesWith(ctx.tx, ctx.organisation, reg.id, find, { lock: true, limit: 2 });
  const described = Object.entries(find)
    .map(([k, v]) => `${reg.fields.find((f) => f.id === k)?.label ?? k} = ${String(v)}`)
    .join(", ");
  if (found.length > 1) {
    throw new AppError(
      422,
      "ambiguous_entry",
      message(
        `plusieurs entrées du registre « ${reg.title} » correspondent à ${described}`,
        `several entries of register "${reg.title}" match ${described}`,
      ),
    );
  }
  if (found.length === 0) {
    if (write.action === "upsert") {
      await createEntry(ctx, reg, { values: { ...find, ...write.values }, state: write.state, movements });
      return;
    }
    throw new AppError(
      422,
      "entry_not_found",
      message(
        `aucune entrée du registre « ${reg.title} » ne correspond à ${described}`,
        `no entry of register "${reg.title}" matches ${described}`,
      ),
      Object.keys(find)[0],
    );
  }
  let entry = await changeEntry(ctx, reg, found[0]!, { values: write.values, state: write.state });
  for (const movement of movements) entry = await moveStock(ctx, reg, entry, movement);
}

/** Form values as the register stores them (a number typed as text, a choice's value…). */
function storedValues(reg: RegisterDefinition, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    const field = reg.fields.find((f) => f.id === key);
    const checked = field ? checkFieldValue(field, raw) : null;
    out[key] = checked?.ok ? checked.value : raw;
  }
  return out;
}

function missingRegister(id: string): AppError {
  return new AppError(
    422,
    "unknown_register",
    message(
      `le registre « ${id} » n'est pas chargé : rechargez le catalogue`,
      `register "${id}" is not loaded: reload the catalog`,
    ),
  );
}
