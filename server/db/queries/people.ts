import { inArray } from "drizzle-orm";
import type { Db } from "../database.js";
import { users } from "../schema.js";

export interface PersonRef {
  id: string;
  matricule: string;
  name: string;
}

/** Names of the people a page mentions, by id (missing ids are simply absent). */
export async function peopleByIds(db: Db, ids: Iterable<string | null>): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, matricule: users.matricule, name: users.name })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}
