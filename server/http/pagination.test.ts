import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { cutPage, decodeCursor, encodeCursor } from "./pagination.js";

describe("cursor pagination", () => {
  it("gives back the key a cursor was made from", () => {
    const key = ["2026-03-02T09:00:00.000Z", 3, null, "b2c1"];
    expect(decodeCursor(encodeCursor(key), 4)).toEqual(key);
  });

  it("refuses a forged or truncated cursor with a 422 naming the field", () => {
    for (const bad of ["%%%", encodeCursor(["a"]), Buffer.from('{"a":1}').toString("base64url")]) {
      expect(() => decodeCursor(bad, 2)).toThrow(AppError);
      try {
        decodeCursor(bad, 2);
      } catch (error) {
        expect((error as AppError).status).toBe(422);
        expect((error as AppError).target).toBe("cursor");
      }
    }
  });

  it("cuts a page from limit + 1 rows and points the cursor at the last row kept", () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const page = cutPage(rows, 2, (r) => [r.id]);
    expect(page.items).toEqual([{ id: 1 }, { id: 2 }]);
    expect(decodeCursor(page.nextCursor!, 1)).toEqual([2]);
    expect(cutPage(rows, 3, (r) => [r.id]).nextCursor).toBeNull();
  });

  it("refuses a cursor whose values are not of their kind: a date that is none, an id that is no uuid", () => {
    const forged = [
      encodeCursor(["pas une date", "00000000-0000-0000-0000-000000000000"]),
      encodeCursor(["2026-03-02T09:00:00.000Z", "x"]),
      encodeCursor(["2026-03-02T09:00:00.000Z", true]),
      encodeCursor(["\ud800", "00000000-0000-0000-0000-000000000000"]),
    ];
    for (const cursor of forged) expect(() => decodeCursor(cursor, ["date", "uuid"])).toThrow(AppError);
    const good = ["2026-03-02T09:00:00.000Z", "00000000-0000-0000-0000-000000000000"];
    expect(decodeCursor(encodeCursor(good), ["date", "uuid"])).toEqual(good);
    expect(decodeCursor(encodeCursor([null, good[0]!, good[1]!]), ["date?", "date", "uuid"])).toHaveLength(3);
  });
});
