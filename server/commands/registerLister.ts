import { message } from "../../engine/messages.js";
import type { RegisterDefinition } from "../../engine/register/schema.js";
import { checkFieldValue, foldForSearch } from "../../engine/register/values.js";
import type { EntryView } from "../../shared/api/registers.js";
import type { Db } from "../db/database.js";
import { type EntryListFilter, listEntries, type RegisterEntryRow } from "../db/queries/registers.js";
import { AppError } from "../errors.js";
import { decodeCursor } from "../http/pagination.js";

const RESERVED = new Set(["q", "state", "cursor", "limit", "format"]);

/**
 * The filter of a list or export request: `q`, `state`, and the register's declared filters by
 * exact value. A query key that is not a declared filter is refused, not ignored.
 */
export function entryFilterFrom(
  organisation: string,
  def: RegisterDefinition,
  query: Record<string, unknown>,
): Omit<EntryListFilter, "after" | "limit"> {
  const equals: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(query)) {
    if (RESERVED.has(key) || raw === undefined || raw === "") continue;
    const field = def.list.filters.includes(key) ? def.fields.find((f) => f.id === key) : undefined;
    if (!field) {
      throw new AppError(
        422,
        "unknown_filter",
        message(
          `le registre « ${def.title} » ne se filtre pas sur « ${key} » (filtres : ${def.list.filters.join(", ")})`,
          `register "${def.title}" cannot be filtered on "${key}" (filters: ${def.list.filters.join(", ")})`,
        ),
        key,
      );
    }
    const checked = checkFieldValue(field, raw);
    if (!checked.ok) throw new AppError(422, "invalid_filter", checked.message, key);
    equals[key] = checked.value;
  }
  const state = typeof query.state === "string" && query.state !== "" ? query.state : undefined;
  const q = typeof query.q === "string" && query.q.trim() !== "" ? foldForSearch(query.q) : undefined;
  return { organisation, registerId: def.id, state, equals, q };
}

export function afterCursor(cursor: string | undefined): EntryListFilter["after"] {
  if (!cursor) return null;
  const key = decodeCursor(cursor, 2);
  return { createdAt: new Date(String(key[0])), id: String(key[1]) };
}

/** Every entry matching the filter, newest first, read in pages: memory stays bounded. */
export async function* allEntries(
  db: Db,
  filter: Omit<EntryListFilter, "after" | "limit">,
  pageSize = 1000,
): AsyncGenerator<RegisterEntryRow> {
  let after: EntryListFilter["after"] = null;
  for (;;) {
    const rows = await listEntries(db, { ...filter, after, limit: pageSize });
    for (const row of rows) yield row;
    if (rows.length < pageSize) return;
    const last = rows.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

export function presentEntry(row: RegisterEntryRow): EntryView {
  return {
    id: row.id,
    registerId: row.registerId,
    number: row.number,
    state: row.state,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    eventCount: row.eventCount,
    disposal: row.disposal ?? null,
  };
}
