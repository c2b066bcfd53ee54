import { message } from "../../engine/messages.js";
import type { RegisterDefinition } from "../../engine/register/schema.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { disposeEntries, findEntry } from "../db/queries/registers.js";
import { AppError } from "../errors.js";
import { personWriteContext } from "./registerEntryEditor.js";
import { appendAndSave } from "./registerEntryWriter.js";

/** Entries created before this instant are past the register's retention period (none if indefinite). */
export function retentionCutoff(def: RegisterDefinition, now: Date): Date | null {
  const r = def.classification.retention;
  if ("indefinite" in r) return null;
  const cutoff = new Date(now);
  if ("years" in r) cutoff.setUTCFullYear(cutoff.getUTCFullYear() - r.years);
  else cutoff.setUTCMonth(cutoff.getUTCMonth() - r.months);
  return cutoff;
}

/**
 * An archivist's approval to archive or destroy entries past their retention period: recorded
 * (who, when, which entries), then each entry's history says so. Destroying erases the entry's
 * values; nothing is archived or destroyed any other way.
 */
export async function approveDisposal(
  db: Db,
  archivist: UserRow,
  def: RegisterDefinition,
  input: { entryIds: string[]; disposal?: "archive" | "destroy" | undefined },
  now: Date,
): Promise<{ approvalId: string; disposal: "archive" | "destroy"; count: number }> {
  const disposal = input.disposal ?? def.classification.disposal;
  const cutoff = retentionCutoff(def, now);
  const ids = [...new Set(input.entryIds)];
  return db.transaction(async (tx) => {
    const ctx = await personWriteContext(tx, archivist, now);
    const approvalId = await disposeEntriesAfterChecks();
    return { approvalId, disposal, count: ids.length };

    async function disposeEntriesAfterChecks(): Promise<string> {
      for (const id of ids) {
        const entry = await findEntry(tx, archivist.organisation, def.id, id, true);
        if (!entry || entry.disposedAt || !cutoff || entry.createdAt >= cutoff) {
          throw new AppError(
            422,
            "not_past_retention",
            message(
              `l'entrée ${entry?.number ?? id} n'est pas une entrée en fin de conservation de ce registre`,
              `entry ${entry?.number ?? id} is not an entry of this register past its retention period`,
            ),
            "entryIds",
          );
        }
        await appendAndSave(
          ctx,
          def,
          entry,
          "disposed",
          { disposal },
          {
            state: entry.state,
            data: disposal === "destroy" ? {} : entry.data,
          },
        );
      }
      return disposeEntries(tx, {
        organisation: archivist.organisation,
        registerId: def.id,
        disposal,
        entryIds: ids,
        approvedBy: archivist.id,
        now,
      });
    }
  });
}
