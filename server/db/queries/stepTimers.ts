import { and, asc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { ProcedureDefinition } from "../../../engine/definition/schema.js";
import type { Db } from "../database.js";
import { procedureDefinitions, stepTimers, tasks } from "../schema.js";

export type StepTimerRow = typeof stepTimers.$inferSelect;

/** Writes (or rewrites) the clock's hold on waiting steps: where each is in its plan, and when next. */
export async function saveStepTimers(db: Db, rows: Array<typeof stepTimers.$inferInsert>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(stepTimers)
    .values(rows)
    .onConflictDoUpdate({
      target: [stepTimers.caseId, stepTimers.tokenId],
      set: {
        stage: sql`excluded.stage`,
        nextAt: sql`excluded.next_at`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/** The steps no longer waiting: the clock lets go of them. */
export async function deleteStepTimers(db: Db, caseId: string, tokenIds: string[]): Promise<void> {
  if (tokenIds.length === 0) return;
  await db
    .delete(stepTimers)
    .where(and(eq(stepTimers.caseId, caseId), inArray(stepTimers.tokenId, tokenIds)));
}

/** An organisation's timers due at `now`, oldest first. */
export async function dueStepTimers(
  db: Db,
  organisation: string,
  now: Date,
  limit: number,
): Promise<StepTimerRow[]> {
  return db
    .select()
    .from(stepTimers)
    .where(
      and(
        eq(stepTimers.organisation, organisation),
        isNotNull(stepTimers.nextAt),
        lte(stepTimers.nextAt, now),
      ),
    )
    .orderBy(asc(stepTimers.nextAt))
    .limit(limit);
}

/** One timer, locked for the transaction that handles its milestone (the case is locked first). */
export async function lockStepTimer(db: Db, caseId: string, tokenId: string): Promise<StepTimerRow | null> {
  const rows = await db
    .select()
    .from(stepTimers)
    .where(and(eq(stepTimers.caseId, caseId), eq(stepTimers.tokenId, tokenId)))
    .for("update");
  return rows[0] ?? null;
}

/** Where a waiting step's task is: whom the reminders and the N+1 are worked out from. */
export async function openTaskOfToken(
  db: Db,
  caseId: string,
  tokenId: string,
): Promise<{ roleCode: string | null; unitId: string | null; assigneeId: string | null } | null> {
  const rows = await db
    .select({ roleCode: tasks.roleCode, unitId: tasks.unitId, assigneeId: tasks.assigneeId })
    .from(tasks)
    .where(and(eq(tasks.caseId, caseId), eq(tasks.tokenId, tokenId), eq(tasks.status, "open")));
  return rows[0] ?? null;
}

/**
 * The organisation's definitions in force that the clock starts cases of: those with a schedule
 * or a revision plan (each id once, on its highest version in force).
 */
export async function timedDefinitionsInForce(db: Db, organisation: string): Promise<ProcedureDefinition[]> {
  const rows = await db
    .selectDistinctOn([procedureDefinitions.id], { definition: procedureDefinitions.definition })
    .from(procedureDefinitions)
    .where(
      and(
        eq(procedureDefinitions.organisation, organisation),
        eq(procedureDefinitions.status, "in_force"),
        sql`(${procedureDefinitions.definition} ? 'schedule' or ${procedureDefinitions.definition} ? 'revision')`,
      ),
    )
    .orderBy(procedureDefinitions.id, sql`${procedureDefinitions.version} desc`);
  return rows.map((r) => r.definition);
}
