import { type LocalizedMessage, message } from "../messages.js";
import type { GlpiImport, RegisterDefinition } from "./schema.js";
import { foldForSearch } from "./values.js";

/**
 * Reading a GLPI export (the CSV of a search list, « Exporter > CSV ») into a register, as the
 * register's `glpi` section says. Pure: the shell parses the CSV, finds the entries and writes.
 *
 * GLPI 10 writes a UTF-8 BOM, every cell in double quotes followed by the delimiter (so each line
 * ends with one, and the header has an empty last column), a double quote inside a value as two
 * single quotes, several values of one cell separated by `<br>`; the delimiter is the person's
 * preference, « ; » by default. GLPI 11 writes the same columns as standard CSV.
 */

export interface GlpiColumns {
  /** Field id (or `state`) → index of the column that gives it. */
  indexes: Map<string, number>;
  /** Header cells no field takes (shown so the person knows what was left out). */
  ignored: string[];
}

/** Which column gives which field: headers compared without case or accents, « Type - Nom » read as « Nom ». */
export function glpiColumns(glpi: GlpiImport, header: string[]): GlpiColumns {
  const folded = header.map((h) => foldForSearch(h.trim()));
  const indexes = new Map<string, number>();
  for (const [field, aliases] of Object.entries(glpi.columns)) {
    const wanted = aliases.map((a) => foldForSearch(a.trim()));
    // An exact header first: « Système d'exploitation - Numéro de série » is not the machine's.
    const exact = folded.findIndex((h) => wanted.includes(h));
    const index = exact >= 0 ? exact : folded.findIndex((h) => wanted.some((w) => h.endsWith(` - ${w}`)));
    if (index >= 0) indexes.set(field, index);
  }
  const taken = new Set(indexes.values());
  const ignored = header.filter((h, i) => h.trim() !== "" && !taken.has(i));
  return { indexes, ignored };
}

/** A GLPI cell as a value: several values (`<br>`) joined, GLPI 10's `''` for a double quote restored. */
export function glpiCell(raw: string | undefined): string {
  if (raw === undefined) return "";
  return raw
    .split(/<br\s*\/?>/i)
    .map((part) => part.replace(/''/g, '"').trim())
    .filter((part) => part !== "")
    .join(", ");
}

/**
 * One line's values for the register: each field's cell, translated by the register's `values`
 * table when it has one for this field (a GLPI type or status to a choice or state). Empty cells
 * are left out: an export that lacks a value does not erase what the register knows.
 */
export function glpiLineValues(
  glpi: GlpiImport,
  columns: GlpiColumns,
  cells: string[],
): { values: Record<string, string>; state: string | null } {
  const values: Record<string, string> = {};
  let state: string | null = null;
  for (const [field, index] of columns.indexes) {
    const cell = glpiCell(cells[index]);
    if (cell === "") continue;
    const table = glpi.values[field];
    const translated = table
      ? (Object.entries(table).find(([from]) => foldForSearch(from) === foldForSearch(cell))?.[1] ?? cell)
      : cell;
    if (field === "state") state = translated;
    else values[field] = translated;
  }
  return { values, state };
}

/**
 * Serial numbers and UUIDs that firmware and hypervisors write when nobody set one: they name no
 * machine, so they never match an entry (GLPI users' merged machines come from these).
 */
const PLACEHOLDERS = new Set(
  [
    "default string",
    "to be filled by o.e.m.",
    "to be filled by oem",
    "system serial number",
    "chassis serial number",
    "serial number",
    "not specified",
    "not applicable",
    "not available",
    "unknown",
    "none",
    "null",
    "(null string)",
    "n/a",
    "na",
    "oem",
    "o.e.m.",
    "invalid",
    "empty",
    "default",
    "eval",
    "sn-12345",
    "sn-1234567890",
    "sys-1234567890",
    "sys-9876543210",
    "0123456789",
    "03000200-0400-0500-0006-000700080009",
    "00020003-0004-0005-0006-000700080009",
  ].map((s) => foldForSearch(s)),
);

export function isPlaceholderIdentifier(value: string): boolean {
  const text = foldForSearch(value.trim());
  if (PLACEHOLDERS.has(text)) return true;
  const compact = text.replace(/[^a-z0-9]/g, "");
  if (compact.length < 3) return true;
  // One character repeated (00000000, FFFFFFFF-FFFF-…, xxxxxxxx) or the digits counted up.
  if (/^(.)\1*$/.test(compact)) return true;
  return "1234567890".repeat(3).startsWith(compact) || "123456789000".startsWith(compact);
}

export type GlpiMatch =
  | { kind: "new" }
  | { kind: "existing"; entryId: string }
  | { kind: "conflict"; message: LocalizedMessage };

/**
 * Which entry a line is, from the entries each identifier found: all that found one must find the
 * same, and an entry found by a later identifier (the UUID) whose earlier one (the serial number)
 * is another real value is another machine, not this one.
 */
export function glpiMatch(
  def: RegisterDefinition,
  identifiers: Array<{
    field: string;
    value: string;
    found: Array<{ id: string; number: string; data: Record<string, unknown> }>;
  }>,
): GlpiMatch {
  const label = (id: string) => def.fields.find((f) => f.id === id)?.label ?? id;
  const hits = identifiers.filter((i) => i.found.length > 0);
  for (const hit of hits) {
    if (hit.found.length > 1) {
      return {
        kind: "conflict",
        message: message(
          `« ${label(hit.field)} » ${hit.value} désigne plusieurs entrées (${hit.found.map((e) => e.number).join(", ")}) : rien n'est fusionné`,
          `"${label(hit.field)}" ${hit.value} names several entries (${hit.found.map((e) => e.number).join(", ")}): nothing is merged`,
        ),
      };
    }
  }
  const first = hits[0];
  if (!first) return { kind: "new" };
  const entry = first.found[0]!;
  for (const hit of hits.slice(1)) {
    if (hit.found[0]!.id !== entry.id) {
      return {
        kind: "conflict",
        message: message(
          `« ${label(first.field)} » ${first.value} désigne ${entry.number} mais « ${label(hit.field)} » ${hit.value} désigne ${hit.found[0]!.number} : rien n'est fusionné`,
          `"${label(first.field)}" ${first.value} names ${entry.number} but "${label(hit.field)}" ${hit.value} names ${hit.found[0]!.number}: nothing is merged`,
        ),
      };
    }
  }
  // Found by a later identifier only: the earlier ones the line gives must not contradict it.
  const firstIndex = identifiers.indexOf(first);
  for (const earlier of identifiers.slice(0, firstIndex)) {
    const known = entry.data[earlier.field];
    if (known !== undefined && known !== null && String(known) !== "" && String(known) !== earlier.value) {
      return {
        kind: "conflict",
        message: message(
          `« ${label(first.field)} » ${first.value} est celui de ${entry.number}, dont « ${label(earlier.field)} » est ${String(known)} et non ${earlier.value} (machine clonée ?) : rien n'est fusionné`,
          `"${label(first.field)}" ${first.value} is that of ${entry.number}, whose "${label(earlier.field)}" is ${String(known)}, not ${earlier.value} (a cloned machine?): nothing is merged`,
        ),
      };
    }
  }
  return { kind: "existing", entryId: entry.id };
}
