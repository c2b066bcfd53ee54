import { and, asc, eq, gt, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import type { CaseTrail, StepInstance } from "../../../engine/oversight/stepInstances.js";
import type { Db } from "../database.js";
import {
  cases,
  events,
  oversightCases,
  oversightMonths,
  oversightProgress,
  oversightStepCounts,
  oversightSteps,
} from "../schema.js";

export interface ReadModelProgress {
  lastEventId: number;
  lateCheckedAt: Date;
}

/**
 * The organisation's progress row, locked for the rest of the transaction: two runners refreshing
 * the same organisation take turns instead of applying the same events twice.
 */
export async function lockProgress(db: Db, organisation: string, now: Date): Promise<ReadModelProgress> {
  await db
    .insert(oversightProgress)
    .values({ organisation, lastEventId: 0, lateCheckedAt: now })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(oversightProgress)
    .where(eq(oversightProgress.organisation, organisation))
    .for("update");
  if (!row) throw new Error(`no oversight progress for ${organisation}`);
  return { lastEventId: row.lastEventId, lateCheckedAt: row.lateCheckedAt };
}

export async function saveProgress(db: Db, organisation: string, progress: ReadModelProgress): Promise<void> {
  await db.update(oversightProgress).set(progress).where(eq(oversightProgress.organisation, organisation));
}

/** What the replay reads of an event: the event and its case's procedure version. */
const replayedEvent = {
  id: events.id,
  caseId: events.caseId,
  seq: events.seq,
  type: events.type,
  occurredAt: events.occurredAt,
  actorUserId: events.actorUserId,
  payload: events.payload,
  procedureId: cases.procedureId,
  procedureVersion: cases.procedureVersion,
};

/**
 * The next events the read model has not applied, in order, from `afterId` on. The caller starts a
 * window before its last event read: an event numbered earlier but committed later (another
 * transaction was slower) is found there, and the per-case `events_applied` skips what was applied.
 */
export async function listUnappliedEvents(db: Db, organisation: string, afterId: number, limit: number) {
  return db
    .select(replayedEvent)
    .from(events)
    .innerJoin(cases, eq(cases.id, events.caseId))
    .leftJoin(oversightCases, eq(oversightCases.caseId, events.caseId))
    .where(
      and(
        eq(events.organisation, organisation),
        gt(events.id, afterId),
        gt(events.seq, sql`coalesce(${oversightCases.eventsApplied}, 0)`),
      ),
    )
    .orderBy(asc(events.id))
    .limit(limit);
}

/** The organisation's events in case and sequence order, after a (case, seq) key: the rebuild's read. */
export async function listEventsByCase(
  db: Db,
  organisation: string,
  after: { caseId: string; seq: number } | null,
  limit: number,
) {
  return db
    .select(replayedEvent)
    .from(events)
    .innerJoin(cases, eq(cases.id, events.caseId))
    .where(
      and(
        eq(events.organisation, organisation),
        after ? sql`(${events.caseId}, ${events.seq}) > (${after.caseId}::uuid, ${after.seq})` : undefined,
      ),
    )
    .orderBy(asc(events.caseId), asc(events.seq))
    .limit(limit);
}

export async function listCaseTrails(db: Db, caseIds: string[]): Promise<Map<string, CaseTrail>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db.select().from(oversightCases).where(inArray(oversightCases.caseId, caseIds));
  return new Map(
    rows.map((r) => [
      r.caseId,
      {
        eventsApplied: r.eventsApplied,
        lastActivityAt: r.lastActivityAt,
        openedAt: r.openedAt,
        closedAt: r.closedAt,
        outcome: r.outcome,
      },
    ]),
  );
}

type StepRow = typeof oversightSteps.$inferSelect;

const toInstance = (r: StepRow): StepInstance => ({
  enteredSeq: r.enteredSeq,
  tokenId: r.tokenId,
  stepId: r.stepId,
  enteredAt: r.enteredAt,
  dueAt: r.dueAt,
  finishedAt: r.finishedAt,
  finishedBy: r.finishedBy,
  ending: r.ending as StepInstance["ending"],
  outcome: r.outcome,
  workingDays: r.workingDays,
  waitingDays: r.waitingDays,
  onTime: r.onTime,
});

/** The open step instances of these cases, by case. */
export async function listOpenInstances(db: Db, caseIds: string[]): Promise<Map<string, StepInstance[]>> {
  const byCase = new Map<string, StepInstance[]>();
  if (caseIds.length === 0) return byCase;
  const rows = await db
    .select()
    .from(oversightSteps)
    .where(and(inArray(oversightSteps.caseId, caseIds), isNull(oversightSteps.finishedAt)));
  for (const r of rows) {
    const list = byCase.get(r.caseId) ?? [];
    list.push(toInstance(r));
    byCase.set(r.caseId, list);
  }
  return byCase;
}

export interface CaseTrailRow extends CaseTrail {
  caseId: string;
  organisation: string;
  procedureId: string;
  procedureVersion: number;
}

export async function saveCaseTrails(db: Db, rows: CaseTrailRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(oversightCases)
    .values(rows)
    .onConflictDoUpdate({
      target: oversightCases.caseId,
      set: {
        eventsApplied: sql`excluded.events_applied`,
        lastActivityAt: sql`excluded.last_activity_at`,
        openedAt: sql`excluded.opened_at`,
        closedAt: sql`excluded.closed_at`,
        outcome: sql`excluded.outcome`,
      },
    });
}

export interface InstanceRow extends StepInstance {
  caseId: string;
  organisation: string;
  procedureId: string;
  procedureVersion: number;
}

export async function saveInstances(db: Db, rows: InstanceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(oversightSteps)
    .values(rows)
    .onConflictDoUpdate({
      target: [oversightSteps.caseId, oversightSteps.enteredSeq],
      set: {
        dueAt: sql`excluded.due_at`,
        finishedAt: sql`excluded.finished_at`,
        finishedBy: sql`excluded.finished_by`,
        ending: sql`excluded.ending`,
        outcome: sql`excluded.outcome`,
        workingDays: sql`excluded.working_days`,
        onTime: sql`excluded.on_time`,
      },
    });
}

export interface CountDelta {
  procedureId: string;
  procedureVersion: number;
  stepId: string;
  waiting: number;
  late: number;
  done: number;
}

export async function addStepCounts(db: Db, organisation: string, deltas: CountDelta[]): Promise<void> {
  const rows = deltas
    .filter((d) => d.waiting !== 0 || d.late !== 0 || d.done !== 0)
    .map((d) => ({ organisation, ...d }));
  if (rows.length === 0) return;
  await db
    .insert(oversightStepCounts)
    .values(rows)
    .onConflictDoUpdate({
      target: [
        oversightStepCounts.organisation,
        oversightStepCounts.procedureId,
        oversightStepCounts.procedureVersion,
        oversightStepCounts.stepId,
      ],
      set: {
        waiting: sql`${oversightStepCounts.waiting} + excluded.waiting`,
        late: sql`${oversightStepCounts.late} + excluded.late`,
        done: sql`${oversightStepCounts.done} + excluded.done`,
      },
    });
}

export interface MonthDelta {
  procedureId: string;
  procedureVersion: number;
  month: string;
  opened: number;
  closed: number;
}

export async function addMonthCounts(db: Db, organisation: string, deltas: MonthDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await db
    .insert(oversightMonths)
    .values(deltas.map((d) => ({ organisation, ...d })))
    .onConflictDoUpdate({
      target: [
        oversightMonths.organisation,
        oversightMonths.procedureId,
        oversightMonths.procedureVersion,
        oversightMonths.month,
      ],
      set: {
        opened: sql`${oversightMonths.opened} + excluded.opened`,
        closed: sql`${oversightMonths.closed} + excluded.closed`,
      },
    });
}

/** Open instances whose due date fell in [from, to): waiting when last counted, late now. */
export async function countNewlyLate(db: Db, organisation: string, from: Date, to: Date) {
  return db
    .select({
      procedureId: oversightSteps.procedureId,
      procedureVersion: oversightSteps.procedureVersion,
      stepId: oversightSteps.stepId,
      count: sql<number>`count(*)::int`,
    })
    .from(oversightSteps)
    .where(
      and(
        eq(oversightSteps.organisation, organisation),
        isNull(oversightSteps.finishedAt),
        gte(oversightSteps.dueAt, from),
        lt(oversightSteps.dueAt, to),
      ),
    )
    .groupBy(oversightSteps.procedureId, oversightSteps.procedureVersion, oversightSteps.stepId);
}

/** Empties an organisation's read model, to be filled again from its audit trail. */
export async function clearReadModel(db: Db, organisation: string, now: Date): Promise<void> {
  await db.delete(oversightSteps).where(eq(oversightSteps.organisation, organisation));
  await db.delete(oversightCases).where(eq(oversightCases.organisation, organisation));
  await db.delete(oversightStepCounts).where(eq(oversightStepCounts.organisation, organisation));
  await db.delete(oversightMonths).where(eq(oversightMonths.organisation, organisation));
  await db
    .insert(oversightProgress)
    .values({ organisation, lastEventId: 0, lateCheckedAt: now })
    .onConflictDoUpdate({
      target: oversightProgress.organisation,
      set: { lastEventId: 0, lateCheckedAt: now },
    });
}

/** The counters of an organisation's steps, in a stable order. */
export async function readStepCounts(db: Db, organisation: string, procedureId?: string) {
  return db
    .select({
      procedureId: oversightStepCounts.procedureId,
      procedureVersion: oversightStepCounts.procedureVersion,
      stepId: oversightStepCounts.stepId,
      waiting: oversightStepCounts.waiting,
      late: oversightStepCounts.late,
      done: oversightStepCounts.done,
    })
    .from(oversightStepCounts)
    .where(
      and(
        eq(oversightStepCounts.organisation, organisation),
        procedureId ? eq(oversightStepCounts.procedureId, procedureId) : undefined,
      ),
    )
    .orderBy(
      oversightStepCounts.procedureId,
      oversightStepCounts.procedureVersion,
      oversightStepCounts.stepId,
    );
}

export async function readMonthCounts(db: Db, organisation: string, procedureId?: string) {
  return db
    .select({
      procedureId: oversightMonths.procedureId,
      procedureVersion: oversightMonths.procedureVersion,
      month: oversightMonths.month,
      opened: oversightMonths.opened,
      closed: oversightMonths.closed,
    })
    .from(oversightMonths)
    .where(
      and(
        eq(oversightMonths.organisation, organisation),
        procedureId ? eq(oversightMonths.procedureId, procedureId) : undefined,
      ),
    )
    .orderBy(oversightMonths.procedureId, oversightMonths.procedureVersion, oversightMonths.month);
}

/** The step instances of some cases, in the order they were entered. */
export async function readCaseStepInstances(db: Db, organisation: string, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db
    .select()
    .from(oversightSteps)
    .where(and(eq(oversightSteps.organisation, organisation), inArray(oversightSteps.caseId, caseIds)))
    .orderBy(oversightSteps.caseId, oversightSteps.enteredSeq);
}

/** Per version and step: the passages finished in [from, to), their working and waiting days. */
export async function readStepDurations(
  db: Db,
  organisation: string,
  procedureId: string,
  period: { from: Date | null; to: Date | null },
) {
  return db
    .select({
      procedureVersion: oversightSteps.procedureVersion,
      stepId: oversightSteps.stepId,
      finished: sql<number>`count(*)::int`,
      p50WorkingDays: sql<number>`percentile_cont(0.5) within group (order by ${oversightSteps.workingDays})::float8`,
      p90WorkingDays: sql<number>`percentile_cont(0.9) within group (order by ${oversightSteps.workingDays})::float8`,
      p50WaitingDays: sql<number>`percentile_cont(0.5) within group (order by ${oversightSteps.waitingDays})::float8`,
      onTime: sql<number>`count(*) filter (where ${oversightSteps.onTime})::int`,
      withDue: sql<number>`count(${oversightSteps.onTime})::int`,
      sentBack: sql<number>`count(*) filter (where ${oversightSteps.ending} = 'sent_back')::int`,
    })
    .from(oversightSteps)
    .where(
      and(
        eq(oversightSteps.organisation, organisation),
        eq(oversightSteps.procedureId, procedureId),
        sql`${oversightSteps.finishedAt} is not null`,
        sql`${oversightSteps.ending} in ('completed', 'sent_back')`,
        period.from ? gte(oversightSteps.finishedAt, period.from) : undefined,
        period.to ? lt(oversightSteps.finishedAt, period.to) : undefined,
      ),
    )
    .groupBy(oversightSteps.procedureVersion, oversightSteps.stepId)
    .orderBy(oversightSteps.procedureVersion, oversightSteps.stepId);
}

/** Per version, step and outcome: how many decisions of the period took it. */
export async function readOutcomeCounts(
  db: Db,
  organisation: string,
  procedureId: string,
  period: { from: Date | null; to: Date | null },
) {
  return db
    .select({
      procedureVersion: oversightSteps.procedureVersion,
      stepId: oversightSteps.stepId,
      outcome: oversightSteps.outcome,
      count: sql<number>`count(*)::int`,
    })
    .from(oversightSteps)
    .where(
      and(
        eq(oversightSteps.organisation, organisation),
        eq(oversightSteps.procedureId, procedureId),
        sql`${oversightSteps.outcome} is not null`,
        period.from ? gte(oversightSteps.finishedAt, period.from) : undefined,
        period.to ? lt(oversightSteps.finishedAt, period.to) : undefined,
      ),
    )
    .groupBy(oversightSteps.procedureVersion, oversightSteps.stepId, oversightSteps.outcome);
}
