import { message } from "../../engine/messages.js";
import type { Page } from "../../shared/api/pagination.js";
import { AppError } from "../errors.js";
import { isStorableText } from "./boundary.js";

/** The values of a row's sort key, in order; the last one must make the key unique (an id). */
export type CursorKey = Array<string | number | boolean | null>;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/**
 * What each value of a sort key must be: an ISO date, a uuid, a short string, a safe integer;
 * `?` allows null (a task with no due date).
 */
export type CursorKind = "date" | "uuid" | "string" | "integer" | "date?";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fits(value: unknown, kind: CursorKind): boolean {
  if (kind === "date?" && value === null) return true;
  if (kind === "date" || kind === "date?") {
    return typeof value === "string" && value.length <= 40 && !Number.isNaN(Date.parse(value));
  }
  if (kind === "uuid") return typeof value === "string" && UUID.test(value);
  if (kind === "integer") return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
  return typeof value === "string" && value.length <= 500 && isStorableText(value);
}

/**
 * The sort key a cursor carries, each value checked against its kind: a forged cursor is a 422,
 * never a date or a uuid the database chokes on.
 */
export function decodeCursor(cursor: string, shape: CursorKind[] | number): CursorKey {
  // A bare length (older callers): any short strings, numbers, booleans or nulls.
  const loose = (v: unknown) =>
    v === null ||
    typeof v === "boolean" ||
    (typeof v === "number" && Number.isFinite(v)) ||
    fits(v, "string");
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    const length = typeof shape === "number" ? shape : shape.length;
    if (
      Array.isArray(key) &&
      key.length === length &&
      key.every((v, i) => (typeof shape === "number" ? loose(v) : fits(v, shape[i]!)))
    ) {
      return key as CursorKey;
    }
  } catch {
    // fall through to the refusal below
  }
  throw new AppError(
    422,
    "invalid_cursor",
    message("curseur de pagination invalide", "invalid pagination cursor"),
    "cursor",
  );
}

/**
 * Cuts a page from rows fetched with `limit + 1`: the extra row only tells whether another
 * page follows, and the cursor is the key of the last row kept.
 */
export function cutPage<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
