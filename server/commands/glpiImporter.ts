import { parse } from "csv-parse/sync";
import { message } from "../../engine/messages.js";
import {
  glpiColumns,
  glpiLineValues,
  glpiMatch,
  isPlaceholderIdentifier,
} from "../../engine/register/glpi.js";
import { glpiInventory, INVENTORY_COLUMNS, inventoryCells } from "../../engine/register/glpiInventory.js";
import type { GlpiImport, RegisterDefinition } from "../../engine/register/schema.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { findEntriesWith, findEntry } from "../db/queries/registers.js";
import { AppError } from "../errors.js";
import { personWriteContext } from "./registerEntryEditor.js";
import { changeEntry, createEntry, valueProblems } from "./registerEntryWriter.js";
import type { ImportProblem, RegisterImportOutcome } from "./registerImporter.js";

class Refused extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super("import refused");
  }
}

/**
 * A GLPI export (CSV of a search list) imported into a register, all or nothing, as the register's
 * `glpi` section maps it: a line whose serial number or UUID names an entry changes it, another
 * creates one. Placeholder identifiers (« Default string », « To be filled by O.E.M. », zeros…)
 * never match; identifiers naming two entries, or two lines of the file naming one machine, are
 * reported rather than merged. Every problem is reported with its line, and nothing is written
 * unless the whole file is right.
 */
export async function importGlpiCsv(
  db: Db,
  user: UserRow,
  def: RegisterDefinition,
  text: string,
  now: Date,
): Promise<GlpiImportOutcome> {
  const glpi = glpiSection(def);
  const table = readGlpiCsv(text);
  if (!table.ok) return { ok: false, problems: table.problems };
  return importGlpiTable(db, user, def, glpi, table, now);
}

export type GlpiImportOutcome = RegisterImportOutcome & { ignoredColumns?: string[] };

/** At most this many inventories in one file (one agent run sends one). */
export const MAX_INVENTORIES = 5000;

/**
 * The GLPI agent's inventory JSON (glpi-project/inventory_format: one machine's object, or an
 * array of them) imported like an export: the same column mapping, identifiers, refusals and
 * all-or-nothing rule. A problem's `line` is the inventory's position in the file (1 for a single one).
 */
export async function importGlpiInventory(
  db: Db,
  user: UserRow,
  def: RegisterDefinition,
  body: unknown,
  now: Date,
): Promise<GlpiImportOutcome> {
  const glpi = glpiSection(def);
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0 || items.length > MAX_INVENTORIES) {
    return {
      ok: false,
      problems: [
        {
          line: 1,
          column: null,
          message: message(
            `le fichier doit contenir entre 1 et ${MAX_INVENTORIES} inventaires (${items.length} reçus)`,
            `the file must hold between 1 and ${MAX_INVENTORIES} inventories (${items.length} received)`,
          ),
        },
      ],
    };
  }
  const problems: ImportProblem[] = [];
  const rows: Array<{ line: number; cells: string[] }> = [];
  items.forEach((item, i) => {
    const parsed = glpiInventory.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 5)) {
        const where = issue.path.join(".");
        problems.push({
          line: i + 1,
          column: where || null,
          message: message(
            `ce n'est pas un inventaire de l'agent GLPI (${where || "racine"} : ${issue.message})`,
            `not a GLPI agent inventory (${where || "root"}: ${issue.message})`,
          ),
        });
      }
    } else rows.push({ line: i + 1, cells: inventoryCells(parsed.data) });
  });
  if (problems.length > 0) return { ok: false, problems };
  return importGlpiTable(db, user, def, glpi, { header: [...INVENTORY_COLUMNS], headerLine: 1, rows }, now);
}

function glpiSection(def: RegisterDefinition): GlpiImport {
  if (!def.glpi) {
    throw new AppError(
      422,
      "no_glpi_import",
      message(
        `le registre « ${def.title} » ne déclare pas d'import GLPI`,
        `register "${def.title}" declares no GLPI import`,
      ),
    );
  }
  return def.glpi;
}

/** The lines of an export or of inventories, as cells under a header, written all or nothing. */
async function importGlpiTable(
  db: Db,
  user: UserRow,
  def: RegisterDefinition,
  glpi: GlpiImport,
  table: { header: string[]; headerLine: number; rows: Array<{ line: number; cells: string[] }> },
  now: Date,
): Promise<GlpiImportOutcome> {
  const columns = glpiColumns(glpi, table.header);
  const identifierColumns = glpi.match.filter((f) => columns.indexes.has(f));
  if (identifierColumns.length === 0) {
    const expected = glpi.match.map((f) => glpi.columns[f]?.[0] ?? f).join(", ");
    return {
      ok: false,
      problems: [
        {
          line: table.headerLine,
          column: null,
          message: message(
            `l'export doit contenir une colonne qui identifie les machines : ${expected}`,
            `the export must have a column that identifies machines: ${expected}`,
          ),
        },
      ],
    };
  }

  try {
    return await db.transaction(async (tx) => {
      const ctx = await personWriteContext(tx, user, now);
      const problems: ImportProblem[] = [];
      const seen = new Map<string, number>();
      let created = 0;
      let updated = 0;
      for (const { line, cells } of table.rows) {
        const report = (column: string | null, msg: { fr: string; en: string }) =>
          problems.push({ line, column, message: msg });
        const { values, state } = glpiLineValues(glpi, columns, cells);

        // The identifiers this line gives, placeholders left out (and not written).
        const identifiers: Array<{ field: string; value: string }> = [];
        const placeholders: Array<{ field: string; value: string }> = [];
        for (const field of identifierColumns) {
          const value = values[field];
          if (value === undefined) continue;
          if (isPlaceholderIdentifier(value)) {
            placeholders.push({ field, value });
            delete values[field];
          } else identifiers.push({ field, value });
        }
        let duplicate = false;
        for (const { field, value } of identifiers) {
          const key = `${field}\u0000${value.toLowerCase()}`;
          const earlier = seen.get(key);
          if (earlier !== undefined) {
            duplicate = true;
            report(
              field,
              message(
                `${value} figure déjà à la ligne ${earlier} : une machine, une ligne`,
                `${value} is already on line ${earlier}: one machine, one line`,
              ),
            );
          } else seen.set(key, line);
        }
        if (duplicate) continue;

        const found = [];
        for (const identifier of identifiers) {
          const entries = await findEntriesWith(
            tx,
            ctx.organisation,
            def.id,
            { [identifier.field]: identifier.value },
            { lock: true, limit: 2 },
          );
          found.push({ ...identifier, found: entries });
        }
        const match = glpiMatch(def, found);
        if (match.kind === "conflict") {
          report(identifiers[0]?.field ?? null, match.message);
          continue;
        }
        try {
          if (match.kind === "new") {
            const missing = placeholders.find(
              ({ field }) => def.fields.find((f) => f.id === field)?.required,
            );
            if (missing) {
              const label = def.fields.find((f) => f.id === missing.field)?.label ?? missing.field;
              report(
                missing.field,
                message(
                  `« ${missing.value} » n'est pas un vrai « ${label} » : complétez-le dans GLPI ou dans le fichier`,
                  `"${missing.value}" is not a real "${label}": fill it in GLPI or in the file`,
                ),
              );
              continue;
            }
            const checked = await valueProblems(ctx, def, values, {
              complete: true,
              quantities: false,
              selfId: null,
            });
            if (checked.problems.length > 0) {
              for (const p of checked.problems) report(p.field || null, p.message);
              continue;
            }
            await createEntry(ctx, def, { values, state, movements: [] });
            created++;
          } else {
            const entry = await findEntry(tx, ctx.organisation, def.id, match.entryId, true);
            if (!entry) continue;
            const checked = await valueProblems(ctx, def, values, {
              complete: false,
              quantities: false,
              selfId: entry.id,
            });
            if (checked.problems.length > 0) {
              for (const p of checked.problems) report(p.field || null, p.message);
              continue;
            }
            const after = await changeEntry(ctx, def, entry, { values, state });
            if (after.eventCount !== entry.eventCount) updated++;
          }
        } catch (error) {
          // A refusal the checks above do not foresee (a state change not allowed…): this line's.
          if (!(error instanceof AppError) || error.status !== 422) throw error;
          if (error.fields?.length) for (const p of error.fields) report(p.field || null, p.message);
          else report(error.target ?? null, error.messages);
        }
      }
      if (problems.length > 0) throw new Refused(problems);
      return { ok: true as const, created, updated, ignoredColumns: columns.ignored };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problems: error.problems };
    throw error;
  }
}

type GlpiTable =
  | { ok: true; header: string[]; headerLine: number; rows: Array<{ line: number; cells: string[] }> }
  | { ok: false; problems: ImportProblem[] };

/**
 * The export's header and lines. The delimiter is the one the header line uses (GLPI's default
 * « ; », or « , » or a tab by preference); the empty last column GLPI 10's trailing delimiter
 * makes is dropped.
 */
function readGlpiCsv(text: string): GlpiTable {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const counts = [";", ",", "\t"].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  const delimiter = counts.reduce((a, b) => (b.n > a.n ? b : a)).d;
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(body, {
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      info: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const e = error as { message: string; lines?: number };
    return {
      ok: false,
      problems: [
        {
          line: e.lines ?? 1,
          column: null,
          message: message(`CSV illisible : ${e.message}`, `unreadable CSV: ${e.message}`),
        },
      ],
    };
  }
  const [header, ...data] = rows;
  if (!header) {
    return {
      ok: false,
      problems: [{ line: 1, column: null, message: message("fichier vide", "empty file") }],
    };
  }
  const names = [...header.record];
  while (names.length > 0 && names.at(-1)?.trim() === "") names.pop();
  return {
    ok: true,
    header: names,
    headerLine: header.info.lines,
    rows: data
      .filter((r) => r.record.some((c) => c.trim() !== ""))
      .map((r) => ({ line: r.info.lines, cells: r.record })),
  };
}
