import { sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { rowsOf } from "../rows.js";

/**
 * Takes the next number of a procedure's registry for a year. Runs inside the creating
 * transaction: the counter row stays locked until commit, so concurrent creators queue and a
 * rolled-back creation gives its number back — numbers are unique and gap-free.
 */
export async function nextRegistrySequence(
  db: Db,
  organisation: string,
  procedureId: string,
  year: number,
): Promise<number> {
  const rows = rowsOf<{ last_value: string | number }>(
    await db.execute(sql`
      insert into registry_counters (organisation, procedure_id, year, last_value)
      values (${organisation}, ${procedureId}, ${year}, 1)
      on conflict (organisation, procedure_id, year) do update set last_value = registry_counters.last_value + 1
      returning last_value`),
  );
  return Number(rows[0]!.last_value);
}
