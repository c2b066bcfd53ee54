import { eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { cases } from "../schema.js";

/** What a message about a case names it by. */
export async function caseLabel(
  db: Db,
  caseId: string,
): Promise<{ registryNumber: string; title: string; procedureId: string } | null> {
  const [row] = await db
    .select({ registryNumber: cases.registryNumber, title: cases.title, procedureId: cases.procedureId })
    .from(cases)
    .where(eq(cases.id, caseId));
  return row ?? null;
}
