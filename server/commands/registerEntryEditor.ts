import type { RegisterDefinition } from "../../engine/register/schema.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { findEntry, type RegisterEntryRow } from "../db/queries/registers.js";
import { conflict, notFound } from "../errors.js";
import { loadCalendar } from "./calendarLoader.js";
import {
  changeEntry,
  createEntry,
  localYearMonth,
  moveStock,
  type RegisterWriteContext,
  type StockMovementInput,
} from "./registerEntryWriter.js";

/** The context of a person writing directly into a register (no case). */
export async function personWriteContext(tx: Db, user: UserRow, now: Date): Promise<RegisterWriteContext> {
  const calendar = await loadCalendar(tx, user.organisation);
  return {
    tx,
    organisation: user.organisation,
    actorUserId: user.id,
    caseLink: null,
    now,
    local: localYearMonth(now, calendar.timeZone),
  };
}

export async function createEntryAs(
  db: Db,
  user: UserRow,
  def: RegisterDefinition,
  input: { values: Record<string, unknown>; state?: string | undefined },
  now: Date,
): Promise<RegisterEntryRow> {
  return db.transaction(async (tx) =>
    createEntry(await personWriteContext(tx, user, now), def, {
      values: input.values,
      state: input.state ?? null,
    }),
  );
}

/** A change by a person, refused when the entry changed since they read it. */
export async function changeEntryAs(
  db: Db,
  user: UserRow,
  def: RegisterDefinition,
  entryId: string,
  input: { values: Record<string, unknown>; state?: string | undefined; expectedEventCount: number },
  now: Date,
): Promise<RegisterEntryRow> {
  return db.transaction(async (tx) => {
    const entry = await lockedEntry(tx, user, def, entryId);
    if (entry.eventCount !== input.expectedEventCount) throw conflict();
    return changeEntry(await personWriteContext(tx, user, now), def, entry, {
      values: input.values,
      state: input.state ?? null,
    });
  });
}

export async function moveStockAs(
  db: Db,
  user: UserRow,
  def: RegisterDefinition,
  entryId: string,
  movement: StockMovementInput,
  now: Date,
): Promise<RegisterEntryRow> {
  return db.transaction(async (tx) => {
    const entry = await lockedEntry(tx, user, def, entryId);
    return moveStock(await personWriteContext(tx, user, now), def, entry, movement);
  });
}

async function lockedEntry(tx: Db, user: UserRow, def: RegisterDefinition, entryId: string) {
  const entry = await findEntry(tx, user.organisation, def.id, entryId, true);
  if (!entry) throw notFound({ fr: "entrée du registre", en: "register entry" });
  return entry;
}
