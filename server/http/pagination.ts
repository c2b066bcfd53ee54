import { message } from "../../engine/messages.js";
import type { Page } from "../../shared/api/pagination.js";
import { AppError } from "../errors.js";

/** The values of a row's sort key, in order; the last one must make the key unique (an id). */
export type CursorKey = Array<string | number | boolean | null>;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** The sort key a cursor carries, checked to have the expected length; a forged cursor is a 422. */
export function decodeCursor(cursor: string, length: number): CursorKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(key) &&
      key.length === length &&
      key.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v))
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
