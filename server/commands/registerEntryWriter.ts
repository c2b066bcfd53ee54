import { randomUUID } from "node:crypto";
import { type LocalizedMessage, message } from "../../engine/messages.js";
import type { RegisterDefinition } from "../../engine/register/schema.js";
import { checkValues, searchTextOf, stateChangeAllowed } from "../../engine/register/values.js";
import { formatRegistryNumber } from "../../engine/registry/registryNumber.js";
import type { FieldProblem } from "../../shared/api/problem.js";
import { canonicalJson } from "../audit/hashChain.js";
import { type EntryEventContent, entryEventHash, GENESIS_HASH } from "../audit/registerChain.js";
import type { Db } from "../db/database.js";
import { insertNotifications } from "../db/queries/notifications.js";
import { findUserByMatricule } from "../db/queries/orgChart.js";
import {
  caseIdByNumber,
  findEntriesWith,
  findEntryByNumber,
  holdersOfRoleRefs,
  insertEntry,
  insertEntryEvents,
  insertMovement,
  linkEntryToCase,
  type RegisterEntryRow,
  saveEntry,
  stockLevel,
} from "../db/queries/registers.js";
import { nextRegistrySequence } from "../db/queries/registry.js";
import { findUnitByCode } from "../db/queries/units.js";
import { AppError, conflict } from "../errors.js";

/**
 * Every write into a register goes through here, whoever makes it (a person on the entry page, a
 * procedure step's `records`, a CSV or inventory import): values checked against the register's
 * fields and references, numbering, allowed state changes, unique fields, stock movements and
 * their threshold, the entry's hash-chained history, and the link to the case that wrote it.
 * Runs inside the caller's transaction; a refusal throws and rolls it all back.
 */
export interface RegisterWriteContext {
  tx: Db;
  organisation: string;
  actorUserId: string | null;
  /** The case and step writing, when a procedure writes. */
  caseLink: { caseId: string; stepId: string } | null;
  now: Date;
  /** The organisation's local year and month (numbers are per year). */
  local: { year: number; month: number };
}

export interface StockMovementInput {
  field: string;
  kind: "in" | "out" | "adjustment";
  amount: unknown;
  reason: string | null;
}

const invalid = (def: RegisterDefinition, fields: FieldProblem[]) =>
  new AppError(
    422,
    "invalid_entry",
    fields.length === 1
      ? message(
          `registre « ${def.title} » : ${fields[0]!.message.fr}`,
          `register "${def.title}": ${fields[0]!.message.en}`,
        )
      : message(
          `registre « ${def.title} » : ${fields.length} champs à corriger`,
          `register "${def.title}": ${fields.length} fields to correct`,
        ),
    fields[0]?.field,
    fields,
  );

/** The problems of a set of values, without writing: what an import reports line by line. */
export async function valueProblems(
  ctx: RegisterWriteContext,
  def: RegisterDefinition,
  input: Record<string, unknown>,
  options: { complete: boolean; quantities: boolean; selfId: string | null },
): Promise<{ values: Record<string, unknown>; problems: FieldProblem[] }> {
  const checked = checkValues(def, input, options);
  const problems: FieldProblem[] = checked.problems.map((p) => ({ field: p.field, message: p.message }));
  for (const field of def.fields) {
    const value = checked.values[field.id];
    if (value === null || value === undefined) continue;
    const missing = (fr: string, en: string) =>
      problems.push({
        field: field.id,
        message: message(`« ${field.label} » : ${fr}`, `"${field.label}": ${en}`),
      });
    const text = String(value);
    if (field.type === "person") {
      const user = await findUserByMatricule(ctx.tx, text);
      if (!user || user.organisation !== ctx.organisation) {
        missing(`aucune personne de matricule ${text}`, `no person with matricule ${text}`);
      }
    } else if (field.type === "unit") {
      if (!(await findUnitByCode(ctx.tx, ctx.organisation, text)))
        missing(`aucune unité ${text}`, `no unit ${text}`);
    } else if (field.type === "case") {
      if (!(await caseIdByNumber(ctx.tx, ctx.organisation, text))) {
        missing(`aucun dossier n° ${text}`, `no case number ${text}`);
      }
    } else if (field.type === "entry" && field.register) {
      if (!(await findEntryByNumber(ctx.tx, ctx.organisation, field.register, text))) {
        missing(
          `aucune entrée n° ${text} dans le registre « ${field.register} »`,
          `no entry ${text} in register "${field.register}"`,
        );
      }
    }
    if (field.unique) {
      const same = await findEntriesWith(ctx.tx, ctx.organisation, def.id, { [field.id]: value });
      if (same.some((e) => e.id !== options.selfId)) {
        missing(
          `la valeur « ${text} » est déjà celle de l'entrée ${same[0]!.number}`,
          `value "${text}" already belongs to entry ${same[0]!.number}`,
        );
      }
    }
  }
  return { values: checked.values, problems };
}

/** A new entry: numbered, in the register's initial state (or the one given, if allowed). */
export async function createEntry(
  ctx: RegisterWriteContext,
  def: RegisterDefinition,
  input: { values: Record<string, unknown>; state?: string | null; movements?: StockMovementInput[] },
): Promise<RegisterEntryRow> {
  const { values, problems } = await valueProblems(ctx, def, input.values, {
    complete: true,
    quantities: false,
    selfId: null,
  });
  const state = def.states ? (input.state ?? def.states.initial) : null;
  if (state !== null && !def.states?.list.some((s) => s.id === state)) {
    problems.push({ field: "state", message: unknownState(def, state) });
  }
  if (problems.length > 0) throw invalid(def, problems);

  const sequence = await nextRegistrySequence(ctx.tx, ctx.organisation, `register:${def.id}`, ctx.local.year);
  const number = formatRegistryNumber(def.numbering, ctx.local, sequence);
  const data = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
  for (const field of def.fields) if (field.type === "quantity") data[field.id] = 0;
  // The id is chosen here so that the first event's hash covers it.
  const id = randomUUID();
  const event = chainOne(id, GENESIS_HASH, 0, ctx, "created", { number, state, data });
  let row = await insertEntry(ctx.tx, {
    id,
    organisation: ctx.organisation,
    registerId: def.id,
    number,
    state,
    data,
    searchText: searchTextOf(def, { number, state, data }),
    headHash: event.hash,
    eventCount: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  await insertEntryEvents(ctx.tx, [{ ...event.row, entryId: row.id }]);
  await link(ctx, row.id);
  for (const movement of input.movements ?? []) row = await moveStock(ctx, def, row, movement);
  return row;
}

/** A change of an entry's values and/or state; `entry` was read locked in this transaction. */
export async function changeEntry(
  ctx: RegisterWriteContext,
  def: RegisterDefinition,
  entry: RegisterEntryRow,
  input: { values: Record<string, unknown>; state?: string | null },
): Promise<RegisterEntryRow> {
  refuseDisposed(entry);
  const { values, problems } = await valueProblems(ctx, def, input.values, {
    complete: false,
    quantities: false,
    selfId: entry.id,
  });
  const state = input.state ?? entry.state;
  if (input.state && input.state !== entry.state) {
    if (!def.states?.list.some((s) => s.id === input.state)) {
      problems.push({ field: "state", message: unknownState(def, input.state) });
    } else if (!stateChangeAllowed(def, entry.state, input.state)) {
      const label = (id: string | null) => def.states?.list.find((s) => s.id === id)?.label ?? id ?? "—";
      problems.push({
        field: "state",
        message: message(
          `passer de « ${label(entry.state)} » à « ${label(input.state)} » n'est pas permis`,
          `changing from "${label(entry.state)}" to "${label(input.state)}" is not allowed`,
        ),
      });
    }
  }
  if (problems.length > 0) throw invalid(def, problems);

  const data = { ...entry.data };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (canonicalJson(data[key] ?? null) === canonicalJson(value)) continue;
    before[key] = data[key] ?? null;
    after[key] = value;
    if (value === null) delete data[key];
    else data[key] = value;
  }
  const stateChanged = state !== entry.state;
  if (!stateChanged && Object.keys(after).length === 0) {
    await link(ctx, entry.id);
    return entry;
  }
  return appendAndSave(
    ctx,
    def,
    entry,
    "changed",
    {
      before: { ...before, ...(stateChanged ? { state: entry.state } : {}) },
      after: { ...after, ...(stateChanged ? { state } : {}) },
    },
    { state, data },
  );
}

/**
 * A stock movement: in, out (never below zero) or an adjustment with its reason. The level is
 * the sum of the movements; falling to the field's threshold notifies the stock managers.
 */
export async function moveStock(
  ctx: RegisterWriteContext,
  def: RegisterDefinition,
  entry: RegisterEntryRow,
  movement: StockMovementInput,
): Promise<RegisterEntryRow> {
  refuseDisposed(entry);
  const field = def.fields.find((f) => f.id === movement.field && f.type === "quantity");
  const refuse = (fr: string, en: string, target = "amount") => {
    throw new AppError(422, "invalid_movement", message(fr, en), target);
  };
  if (!field) {
    return refuse(
      `« ${movement.field} » n'est pas une quantité du registre « ${def.title} »`,
      `"${movement.field}" is not a quantity of register "${def.title}"`,
      "field",
    );
  }
  const amount =
    typeof movement.amount === "number" ? movement.amount : Number(String(movement.amount ?? "").trim());
  if (!Number.isInteger(amount) || (movement.kind !== "adjustment" && amount <= 0) || amount === 0) {
    return refuse(
      "la quantité d'un mouvement est un nombre entier (positif pour une entrée ou une sortie)",
      "a movement's quantity is a whole number (positive for an entry or an exit)",
    );
  }
  if (movement.kind === "adjustment" && !movement.reason?.trim()) {
    return refuse("un ajustement de stock donne sa raison", "a stock adjustment gives its reason", "reason");
  }
  const levelBefore = await stockLevel(ctx.tx, entry.id, field.id);
  const signed = movement.kind === "out" ? -amount : amount;
  const level = levelBefore + signed;
  if (level < 0) {
    return refuse(
      `stock insuffisant : ${levelBefore} ${field.unit ?? ""} de « ${field.label} » pour une sortie de ${amount}`.replace(
        / +/g,
        " ",
      ),
      `not enough stock: ${levelBefore} of "${field.label}" for an exit of ${amount}`,
    );
  }
  await insertMovement(ctx.tx, {
    entryId: entry.id,
    field: field.id,
    kind: movement.kind,
    quantity: signed,
    reason: movement.reason?.trim() || null,
    caseId: ctx.caseLink?.caseId ?? null,
    actorUserId: ctx.actorUserId,
    occurredAt: ctx.now,
  });
  const saved = await appendAndSave(
    ctx,
    def,
    entry,
    "stock_moved",
    {
      field: field.id,
      kind: movement.kind,
      quantity: signed,
      reason: movement.reason?.trim() || null,
      before: { [field.id]: levelBefore },
      after: { [field.id]: level },
    },
    { state: entry.state, data: { ...entry.data, [field.id]: level } },
  );
  if (field.threshold !== undefined && level <= field.threshold && levelBefore > field.threshold) {
    await notifyLowStock(ctx, def, saved, field.label, level, field.threshold);
  }
  return saved;
}

async function notifyLowStock(
  ctx: RegisterWriteContext,
  def: RegisterDefinition,
  entry: RegisterEntryRow,
  label: string,
  level: number,
  threshold: number,
): Promise<void> {
  const managers = await holdersOfRoleRefs(
    ctx.tx,
    ctx.organisation,
    def.access.stockManagers ?? def.access.write,
  );
  const name = String(
    def.fields.map((f) => entry.data[f.id]).find((v) => typeof v === "string") ?? entry.number,
  );
  const subject: LocalizedMessage = message(
    `Stock bas : ${name} (${entry.number})`,
    `Low stock: ${name} (${entry.number})`,
  );
  const body: LocalizedMessage = message(
    `« ${label} » est à ${level} dans le registre « ${def.title} » (seuil : ${threshold}). Entrée ${entry.number}.`,
    `"${label}" is at ${level} in register "${def.title}" (threshold: ${threshold}). Entry ${entry.number}.`,
  );
  await insertNotifications(
    ctx.tx,
    managers.map((userId) => ({
      organisation: ctx.organisation,
      userId,
      kind: "low_stock",
      subject,
      body,
      createdAt: ctx.now,
    })),
  );
}

/** Appends one history event to an entry's chain and saves its new values under the chain head. */
export async function appendAndSave(
  ctx: RegisterWriteContext,
  def: RegisterDefinition,
  entry: RegisterEntryRow,
  type: string,
  payload: Record<string, unknown>,
  next: { state: string | null; data: Record<string, unknown> },
): Promise<RegisterEntryRow> {
  const event = chainOne(entry.id, entry.headHash, entry.eventCount, ctx, type, payload);
  const searchText = entry.disposedAt
    ? entry.searchText
    : searchTextOf(def, { number: entry.number, ...next });
  const set = {
    state: next.state,
    data: next.data,
    searchText,
    headHash: event.hash,
    eventCount: entry.eventCount + 1,
    updatedAt: ctx.now,
  };
  if (!(await saveEntry(ctx.tx, entry.id, entry.eventCount, set))) throw conflict();
  await insertEntryEvents(ctx.tx, [{ ...event.row, entryId: entry.id }]);
  await link(ctx, entry.id);
  return { ...entry, ...set };
}

function chainOne(
  entryId: string,
  prevHash: string,
  count: number,
  ctx: RegisterWriteContext,
  type: string,
  payload: Record<string, unknown>,
) {
  const content: EntryEventContent = {
    entryId,
    seq: count + 1,
    type,
    actorUserId: ctx.actorUserId,
    caseId: ctx.caseLink?.caseId ?? null,
    payload,
    occurredAt: ctx.now.toISOString(),
  };
  const hash = entryEventHash(prevHash, content);
  return {
    hash,
    row: {
      seq: content.seq,
      type,
      actorUserId: ctx.actorUserId,
      caseId: content.caseId,
      payload,
      occurredAt: ctx.now,
      prevHash,
      hash,
    },
  };
}

async function link(ctx: RegisterWriteContext, entryId: string): Promise<void> {
  if (ctx.caseLink) await linkEntryToCase(ctx.tx, { entryId, ...ctx.caseLink, now: ctx.now });
}

function refuseDisposed(entry: RegisterEntryRow): void {
  if (entry.disposedAt) {
    throw new AppError(
      409,
      "entry_disposed",
      message(
        `l'entrée ${entry.number} a été ${entry.disposal === "destroy" ? "détruite" : "archivée"} : elle ne change plus`,
        `entry ${entry.number} was ${entry.disposal === "destroy" ? "destroyed" : "archived"}: it no longer changes`,
      ),
    );
  }
}

function unknownState(def: RegisterDefinition, state: string): LocalizedMessage {
  return message(
    `le registre « ${def.title} » n'a pas d'état « ${state} »`,
    `register "${def.title}" has no state "${state}"`,
  );
}

/** The organisation's local year and month at `now` (numbers restart each year). */
export function localYearMonth(now: Date, timeZone: string): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "numeric",
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month") };
}
