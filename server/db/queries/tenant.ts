import { sql } from "drizzle-orm";
import type { Db } from "../database.js";

/**
 * Binds the rest of the transaction to one organisation: the role `logigramme_tenant`, whose
 * row-level security policies (migration 0020) hide and refuse every row of another organisation.
 * Both settings are local to the transaction and end with it.
 */
export async function bindToOrganisation(tx: Db, organisation: string): Promise<void> {
  await tx.execute(
    sql`select set_config('logigramme.organisation', ${organisation}, true), set_config('role', 'logigramme_tenant', true)`,
  );
}
