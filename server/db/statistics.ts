import { sql } from "drizzle-orm";
import type { Database } from "./database.js";

/**
 * The embedded database has no autovacuum, so its planner statistics are never gathered: without
 * them a search by number walks a whole table (600 ms at 100,000 cases instead of 15). They are
 * gathered when the server starts; PostgreSQL's autovacuum keeps its own.
 */
export async function gatherEmbeddedStatistics(database: Database): Promise<void> {
  if (database.kind === "pglite") await database.db.execute(sql`analyze`);
}
