import type { RecordValue, StepRecord } from "./records.js";

/** What the shell knows of the case and the transition when a step with `records` completes. */
export interface RecordContext {
  data: Record<string, unknown>;
  outcome: string | null;
  caseNumber: string;
  /** Registry number of the case whose hand-off started this one, if any. */
  parentNumber: string | null;
  requester: string;
  unit: string | null;
  actor: string | null;
  /** ISO instant and local date of the transition (the engine never reads a clock). */
  now: string;
  today: string;
}

/** One write into a register, with every `$` reference replaced by its value. */
export interface RecordWrite {
  register: string;
  action: "create" | "update" | "upsert";
  find: Record<string, unknown> | null;
  /** `find` fields whose reference resolved to nothing (an empty form value): the write is refused. */
  emptyFind: string[];
  values: Record<string, unknown>;
  state: string | null;
  movement: {
    field: string;
    kind: "in" | "out" | "adjustment";
    amount: unknown;
    reason: string | null;
  } | null;
  /** Index of the record in the step's list, for error messages. */
  index: number;
}

/**
 * Turns a step's `records` into the writes to make: conditions checked, `each` expanded into
 * one write per line, references resolved. Pure; the shell checks the values against the
 * register and writes them. Empty values are left out (an optional form field not filled).
 */
export function planRecords(records: StepRecord[], ctx: RecordContext): RecordWrite[] {
  const writes: RecordWrite[] = [];
  records.forEach((record, index) => {
    if (record.outcome !== undefined && record.outcome !== ctx.outcome) return;
    if (record.when && !Object.entries(record.when).every(([k, v]) => ctx.data[k] === v)) return;
    const items = record.each ? itemsOf(resolve(record.each, ctx, undefined)) : [undefined];
    for (const item of items) {
      const values = resolveAll(record.set, ctx, item);
      const find = record.find ? resolveAll(record.find, ctx, item) : null;
      writes.push({
        register: record.register,
        action: record.action,
        find,
        // An empty find would match any entry: which fields came out empty is kept to refuse it.
        emptyFind: record.find ? Object.keys(record.find).filter((k) => !(k in (find ?? {}))) : [],
        values,
        state: record.state ?? null,
        movement: record.movement
          ? {
              field: record.movement.field,
              kind: record.movement.kind,
              amount: resolve(record.movement.amount, ctx, item),
              reason: record.movement.reason ?? null,
            }
          : null,
        index,
      });
    }
  });
  return writes;
}

function resolveAll(
  map: Record<string, RecordValue>,
  ctx: RecordContext,
  item: string | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, expr] of Object.entries(map)) {
    const value = resolve(expr, ctx, item);
    if (value !== undefined && value !== null && value !== "") out[key] = value;
  }
  return out;
}

/** The value of one expression: a `$` reference, or the literal itself. */
export function resolve(expr: RecordValue, ctx: RecordContext, item: string | undefined): unknown {
  if (typeof expr !== "string" || !expr.startsWith("$")) return expr;
  if (expr.startsWith("$form.")) return ctx.data[expr.slice("$form.".length)];
  switch (expr) {
    case "$item":
      return item;
    case "$case.number":
      return ctx.caseNumber;
    case "$case.parent":
      return ctx.parentNumber;
    case "$case.requester":
      return ctx.requester;
    case "$case.unit":
      return ctx.unit;
    case "$actor":
      return ctx.actor;
    case "$today":
      return ctx.today;
    case "$now":
      return ctx.now;
    default:
      // `$$x` writes the literal text `$x`.
      return expr.startsWith("$$") ? expr.slice(1) : undefined;
  }
}

/** The references a record may use, for the validator. */
export function isKnownReference(expr: RecordValue): boolean {
  if (typeof expr !== "string" || !expr.startsWith("$") || expr.startsWith("$$")) return true;
  return (
    /^\$form\.[a-z0-9_-]+$/.test(expr) ||
    [
      "$item",
      "$case.number",
      "$case.parent",
      "$case.requester",
      "$case.unit",
      "$actor",
      "$today",
      "$now",
    ].includes(expr)
  );
}

/** A textarea of serial numbers gives one item per non-empty line; a list gives its items. */
function itemsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter((s) => s.trim() !== "");
  if (typeof value === "string") {
    return value
      .split(/[\r\n;,]+/)
      .map((s) => s.trim())
      .filter((s) => s !== "");
  }
  if (typeof value === "number") return [String(value)];
  return [];
}
