import { type LocalizedMessage, message } from "../messages.js";
import type { RegisterDefinition, RegisterField } from "./schema.js";

export type FieldCheck = { ok: true; value: unknown } | { ok: false; message: LocalizedMessage };

/**
 * A value typed by a person, read from a CSV cell or written by a step, made into what the
 * register stores for this field type. References (person, unit, case, entry) are kept as their
 * codes; the shell checks they exist. Quantities are not set directly: movements change them.
 */
export function checkFieldValue(field: RegisterField, raw: unknown): FieldCheck {
  const bad = (fr: string, en: string): FieldCheck => ({
    ok: false,
    message: message(
      `la valeur du champ « ${field.label} » n'est pas valide (${fr})`,
      `the value of field "${field.label}" is not valid (${en})`,
    ),
  });
  const text = typeof raw === "string" ? raw.trim() : typeof raw === "number" ? String(raw) : null;
  switch (field.type) {
    case "text":
    case "textarea":
    case "person":
    case "unit":
    case "case":
    case "entry":
      return text !== null && text !== "" ? { ok: true, value: text } : bad("texte attendu", "text expected");
    case "number":
    case "quantity": {
      const n = typeof raw === "number" ? raw : text !== null ? Number(text.replace(",", ".")) : Number.NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : bad("nombre attendu", "number expected");
    }
    case "date":
      return text !== null && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text))
        ? { ok: true, value: text }
        : bad("date AAAA-MM-JJ attendue", "date YYYY-MM-DD expected");
    case "datetime":
      return text !== null && /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text))
        ? { ok: true, value: new Date(text).toISOString() }
        : bad("date et heure ISO 8601 attendues", "ISO 8601 date and time expected");
    case "choice": {
      const option = field.options?.find((o) => o.value === text || o.label === text);
      return option
        ? { ok: true, value: option.value }
        : bad(
            `une valeur parmi ${(field.options ?? []).map((o) => o.value).join(", ")}`,
            `one of ${(field.options ?? []).map((o) => o.value).join(", ")}`,
          );
    }
  }
}

export interface ValuesCheck {
  values: Record<string, unknown>;
  problems: Array<{ field: string; message: LocalizedMessage }>;
}

/**
 * Checks a set of field values against the register. `complete`: the values are a whole entry
 * (a creation), so required fields must be there; otherwise they are a change. Empty values
 * clear a field (null); quantity fields are refused when `quantities` is false.
 */
export function checkValues(
  def: RegisterDefinition,
  input: Record<string, unknown>,
  options: { complete: boolean; quantities: boolean },
): ValuesCheck {
  const values: Record<string, unknown> = {};
  const problems: ValuesCheck["problems"] = [];
  const fields = new Map(def.fields.map((f) => [f.id, f]));
  for (const key of Object.keys(input)) {
    if (!fields.has(key)) {
      problems.push({
        field: key,
        message: message(
          `le registre « ${def.title} » n'a pas de champ « ${key} »`,
          `register "${def.title}" has no field "${key}"`,
        ),
      });
    }
  }
  for (const field of def.fields) {
    if (!(field.id in input)) {
      if (options.complete && field.required && field.type !== "quantity") {
        problems.push({ field: field.id, message: requiredMessage(field) });
      }
      continue;
    }
    const raw = input[field.id];
    const empty = raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "");
    if (field.type === "quantity" && !options.quantities) {
      problems.push({
        field: field.id,
        message: message(
          `« ${field.label} » change par des mouvements de stock (entrée, sortie, ajustement)`,
          `"${field.label}" changes through stock movements (in, out, adjustment)`,
        ),
      });
      continue;
    }
    if (empty) {
      if (field.required) problems.push({ field: field.id, message: requiredMessage(field) });
      else values[field.id] = null;
      continue;
    }
    const checked = checkFieldValue(field, raw);
    if (checked.ok) values[field.id] = checked.value;
    else problems.push({ field: field.id, message: checked.message });
  }
  return { values, problems };
}

function requiredMessage(field: RegisterField): LocalizedMessage {
  return message(`le champ « ${field.label} » est obligatoire`, `field "${field.label}" is required`);
}

/**
 * Lower case, accents removed (NFD then combining marks stripped): what the search column holds
 * and what a query is compared with. Done here rather than with `unaccent`, which the embedded
 * database does not have, so that both databases search alike.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** The text an entry is found by: its number, its state's label and every field value. */
export function searchTextOf(
  def: RegisterDefinition,
  entry: { number: string; state: string | null; data: Record<string, unknown> },
): string {
  const parts = [entry.number];
  const state = def.states?.list.find((s) => s.id === entry.state);
  if (state) parts.push(state.label);
  for (const field of def.fields) {
    const value = entry.data[field.id];
    if (value === null || value === undefined) continue;
    parts.push(String(value));
    const option = field.options?.find((o) => o.value === value);
    if (option) parts.push(option.label);
  }
  // Punctuation becomes space: « MAT-2026-00001 » is then the words mat, 2026 and 00001 (the
  // database's parser would read « -2026 » as a signed number and never match « 2026 »).
  return foldForSearch(parts.join(" "))
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Whether a state change is allowed by the register's declared changes. */
export function stateChangeAllowed(def: RegisterDefinition, from: string | null, to: string): boolean {
  if (!def.states) return false;
  if (from === to) return true;
  return def.states.changes.some((c) => c.from === from && c.to === to);
}
