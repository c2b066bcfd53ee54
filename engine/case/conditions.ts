import type { Condition } from "../definition/schema.js";

/** Evaluates a definition's rule on case data; a missing or mistyped value never satisfies it. */
export function evaluate(condition: Condition, data: Record<string, unknown>): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluate(c, data));
  if ("any" in condition) return condition.any.some((c) => evaluate(c, data));
  if ("not" in condition) return !evaluate(condition.not, data);
  const value = data[condition.field];
  if (condition.equals !== undefined && value !== condition.equals) return false;
  if (condition.in !== undefined && !condition.in.includes(value as string | number)) return false;
  const bounds = [condition.gte, condition.lte, condition.gt, condition.lt];
  if (bounds.some((b) => b !== undefined)) {
    const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
    if (Number.isNaN(n)) return false;
    if (condition.gte !== undefined && !(n >= condition.gte)) return false;
    if (condition.lte !== undefined && !(n <= condition.lte)) return false;
    if (condition.gt !== undefined && !(n > condition.gt)) return false;
    if (condition.lt !== undefined && !(n < condition.lt)) return false;
  }
  return true;
}
