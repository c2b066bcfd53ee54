import type { FormField } from "../definition/schema.js";
import { type EngineError, engineError } from "./errors.js";

export type FormResult = { ok: true; values: Record<string, unknown> } | { ok: false; error: EngineError };

/**
 * Checks submitted values against a step's form and returns them normalised. Unknown fields
 * are refused rather than dropped: a client that sends them has misunderstood the form.
 */
export function checkForm(
  fields: FormField[],
  input: Record<string, unknown>,
  options: { partial?: boolean } = {},
): FormResult {
  const values: Record<string, unknown> = {};
  const known = new Set(fields.map((f) => f.id));
  const unknown = Object.keys(input).filter((key) => !known.has(key));
  if (unknown.length === 1) {
    const key = unknown[0]!;
    return {
      ok: false,
      error: engineError("unknown_field", `champ inconnu « ${key} »`, `unknown field "${key}"`, key),
    };
  }
  if (unknown.length > 1) {
    const list = unknown.map((k) => `« ${k} »`).join(", ");
    const listEn = unknown.map((k) => `"${k}"`).join(", ");
    return {
      ok: false,
      error: engineError("unknown_field", `champs inconnus ${list}`, `unknown fields ${listEn}`, unknown[0]!),
    };
  }
  for (const field of fields) {
    const raw = input[field.id];
    const empty = raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "");
    if (empty) {
      // Data given at a case's start fills the first form in advance: what is missing is asked later.
      if (field.required && !options.partial) {
        return {
          ok: false,
          error: engineError(
            "missing_field",
            `le champ « ${field.label} » est obligatoire`,
            `field "${field.label}" is required`,
            field.id,
          ),
        };
      }
      continue;
    }
    const value = normalise(field, raw);
    if (value === undefined) {
      return {
        ok: false,
        error: engineError(
          "invalid_field",
          `la valeur du champ « ${field.label} » n'est pas valide (${expectedFr(field)})`,
          `the value of field "${field.label}" is not valid (${expectedEn(field)})`,
          field.id,
        ),
      };
    }
    values[field.id] = value;
  }
  return { ok: true, values };
}

function normalise(field: FormField, raw: unknown): unknown {
  switch (field.type) {
    case "text":
    case "textarea":
      return typeof raw === "string" ? raw.trim() : undefined;
    case "email":
      return typeof raw === "string" && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.trim())
        ? raw.trim()
        : undefined;
    case "number":
    case "integer": {
      const n =
        typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw.replace(",", ".")) : Number.NaN;
      if (!Number.isFinite(n)) return undefined;
      if (field.type === "integer" && !Number.isInteger(n)) return undefined;
      return n;
    }
    case "boolean":
      return typeof raw === "boolean" ? raw : undefined;
    case "date":
      return typeof raw === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw))
        ? raw
        : undefined;
    case "datetime":
      return typeof raw === "string" && !Number.isNaN(Date.parse(raw))
        ? new Date(raw).toISOString()
        : undefined;
    case "person":
      // A matricule; the shell checks it names an active person of the organisation.
      return typeof raw === "string" && /^[A-Za-z0-9._-]{1,40}$/.test(raw.trim()) ? raw.trim() : undefined;
    case "select":
      return typeof raw === "string" && (field.options ?? []).some((o) => o.value === raw) ? raw : undefined;
  }
}

function expectedFr(field: FormField): string {
  const map: Record<FormField["type"], string> = {
    text: "texte",
    textarea: "texte",
    email: "adresse e-mail",
    number: "nombre",
    integer: "nombre entier",
    boolean: "oui ou non",
    date: "date AAAA-MM-JJ",
    datetime: "date et heure",
    person: "matricule d'une personne de l'organisation",
    select: `une des valeurs ${(field.options ?? []).map((o) => o.value).join(", ")}`,
  };
  return map[field.type];
}

function expectedEn(field: FormField): string {
  const map: Record<FormField["type"], string> = {
    text: "text",
    textarea: "text",
    email: "e-mail address",
    number: "number",
    integer: "whole number",
    boolean: "yes or no",
    date: "date YYYY-MM-DD",
    datetime: "date and time",
    person: "the matricule of someone in the organisation",
    select: `one of ${(field.options ?? []).map((o) => o.value).join(", ")}`,
  };
  return map[field.type];
}
