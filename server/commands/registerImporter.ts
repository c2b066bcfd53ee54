import { message } from "../../engine/messages.js";
import type { RegisterDefinition } from "../../engine/register/schema.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { findEntryByNumber } from "../db/queries/registers.js";
import { AppError } from "../errors.js";
import { parseOffThread } from "../imports/parsingPool.js";
import { personWriteContext } from "./registerEntryEditor.js";
import { changeEntry, createEntry, valueProblems } from "./registerEntryWriter.js";
import { csvColumns } from "./registerExporter.js";

export interface ImportProblem {
  line: number;
  column: string | null;
  message: { fr: string; en: string };
}

export type RegisterImportOutcome =
  | { ok: true; created: number; updated: number }
  | { ok: false; problems: ImportProblem[] };

class Refused extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super("import refused");
  }
}

/**
 * A register's CSV (the export's columns) imported all or nothing: a line with a number changes
 * that entry, a line without one creates an entry. Every line is checked and written inside one
 * transaction; if any line is wrong, every problem is reported and the transaction rolled back.
 * Quantities are not imported over existing entries (they change by movements); a new entry's
 * quantity becomes its first stock entry.
 */
export async function importRegisterCsv(
  db: Db,
  user: UserRow,
  def: RegisterDefinition,
  text: string,
  now: Date,
): Promise<RegisterImportOutcome> {
  const { records, problems: parseProblems } = (
    await parseOffThread({ kind: "csv", text, columns: csvColumns(def) })
  ).result;
  if (parseProblems.length > 0) return { ok: false, problems: parseProblems };
  const quantityFields = def.fields.filter((f) => f.type === "quantity").map((f) => f.id);
  try {
    return await db.transaction(async (tx) => {
      const ctx = await personWriteContext(tx, user, now);
      const problems: ImportProblem[] = [];
      let created = 0;
      let updated = 0;
      for (const { line, values: raw } of records) {
        const { number = "", state = "", ...rest } = raw;
        const values: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(rest)) if (!quantityFields.includes(k)) values[k] = v;
        const lineProblems = (list: Array<{ field: string; message: { fr: string; en: string } }>) =>
          problems.push(...list.map((p) => ({ line, column: p.field || null, message: p.message })));
        try {
          if (number === "") {
            const checked = await valueProblems(ctx, def, values, {
              complete: true,
              quantities: false,
              selfId: null,
            });
            if (checked.problems.length > 0) {
              lineProblems(checked.problems);
              continue;
            }
            const movements = quantityFields
              .filter((f) => (rest[f] ?? "") !== "" && Number(rest[f]) !== 0)
              .map((f) => ({ field: f, kind: "in" as const, amount: rest[f], reason: "import" }));
            await createEntry(ctx, def, { values, state: state || null, movements });
            created++;
          } else {
            const entry = await findEntryByNumber(tx, user.organisation, def.id, number, true);
            if (!entry) {
              lineProblems([
                {
                  field: "number",
                  message: message(
                    `aucune entrée n° ${number} dans ce registre`,
                    `no entry ${number} in this register`,
                  ),
                },
              ]);
              continue;
            }
            const moved = quantityFields.filter(
              (f) => (rest[f] ?? "") !== "" && Number(rest[f]) !== Number(entry.data[f] ?? 0),
            );
            if (moved.length > 0) {
              lineProblems(
                moved.map((f) => ({
                  field: f,
                  message: message(
                    "une quantité change par un mouvement de stock, pas par import",
                    "a quantity changes through a stock movement, not an import",
                  ),
                })),
              );
              continue;
            }
            const checked = await valueProblems(ctx, def, values, {
              complete: false,
              quantities: false,
              selfId: entry.id,
            });
            if (checked.problems.length > 0) {
              lineProblems(checked.problems);
              continue;
            }
            const after = await changeEntry(ctx, def, entry, { values, state: state || null });
            if (after.eventCount !== entry.eventCount) updated++;
          }
        } catch (error) {
          // A refusal the checks above do not foresee (a state change not allowed…): this line's.
          if (!(error instanceof AppError) || error.status !== 422) throw error;
          if (error.fields?.length) lineProblems(error.fields);
          else problems.push({ line, column: error.target ?? null, message: error.messages });
        }
      }
      if (problems.length > 0) throw new Refused(problems);
      return { ok: true as const, created, updated };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problems: error.problems };
    throw error;
  }
}
