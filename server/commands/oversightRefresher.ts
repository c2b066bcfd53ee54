import type { WorkingCalendar } from "../../engine/calendar/workingCalendar.js";
import {
  applyCaseEvents,
  type CaseTrail,
  monthOf,
  stepStateAt,
  type TrailEvent,
} from "../../engine/oversight/stepInstances.js";
import type { Db } from "../db/database.js";
import {
  addMonthCounts,
  addStepCounts,
  type CaseTrailRow,
  type CountDelta,
  countNewlyLate,
  type InstanceRow,
  listCaseTrails,
  listEventsByCase,
  listOpenInstances,
  listUnappliedEvents,
  lockProgress,
  type MonthDelta,
  saveCaseTrails,
  saveInstances,
  saveProgress,
} from "../db/queries/oversightReadModel.js";

/**
 * How far before its last event read the refresher looks again: an event numbered earlier but
 * committed later than those read (its transaction was slower) is still found. Thousands of
 * events written while one transition stays uncommitted would be needed to miss one; the rebuild
 * command recovers from that too.
 */
export const REREAD_WINDOW = 2000;
const BATCH = 2000;

const emptyTrail: CaseTrail = {
  eventsApplied: 0,
  lastActivityAt: null,
  openedAt: null,
  closedAt: null,
  outcome: null,
};

export interface RefreshReport {
  events: number;
  /** True when events are left for the next run (the `maxBatches` bound was reached). */
  more: boolean;
}

/**
 * Brings an organisation's oversight read model up to `now` from its audit trail: first the open
 * step instances whose due date passed since the last run move from waiting to late, then the
 * events not applied yet are replayed per case (engine/oversight/stepInstances.ts) and the
 * counters moved by the difference. Runs in the caller's transaction (the job's, or the rebuild's).
 */
export async function refreshOversight(
  tx: Db,
  organisation: string,
  calendar: WorkingCalendar,
  now: Date,
  options: {
    maxBatches?: number;
    /**
     * The rebuild: the whole trail case after case, in each case's order (whatever order the
     * events were numbered in), from after this key, which moves on as batches are applied.
     */
    replay?: { after: { caseId: string; seq: number } | null };
  } = {},
): Promise<RefreshReport> {
  const progress = await lockProgress(tx, organisation, now);
  if (now.getTime() > progress.lateCheckedAt.getTime()) {
    const late = await countNewlyLate(tx, organisation, progress.lateCheckedAt, now);
    await addStepCounts(
      tx,
      organisation,
      late.map((l) => ({ ...l, waiting: -l.count, late: l.count, done: 0 })),
    );
    progress.lateCheckedAt = now;
  }
  let applied = 0;
  let more = false;
  const maxBatches = options.maxBatches ?? 50;
  for (let batch = 0; ; batch++) {
    if (batch >= maxBatches) {
      more = true;
      break;
    }
    const rows = options.replay
      ? await listEventsByCase(tx, organisation, options.replay.after, BATCH)
      : await listUnappliedEvents(tx, organisation, Math.max(0, progress.lastEventId - REREAD_WINDOW), BATCH);
    if (rows.length === 0) break;
    await applyBatch(tx, organisation, calendar, progress.lateCheckedAt, rows);
    applied += rows.length;
    progress.lastEventId = Math.max(progress.lastEventId, ...rows.map((r) => r.id));
    if (options.replay) {
      const last = rows.at(-1)!;
      options.replay.after = { caseId: last.caseId, seq: last.seq };
    }
    if (rows.length < BATCH) break;
  }
  await saveProgress(tx, organisation, progress);
  return { events: applied, more };
}

type EventRow = Awaited<ReturnType<typeof listUnappliedEvents>>[number];

async function applyBatch(
  tx: Db,
  organisation: string,
  calendar: WorkingCalendar,
  asOf: Date,
  rows: EventRow[],
): Promise<void> {
  const byCase = new Map<string, EventRow[]>();
  for (const row of rows) {
    const list = byCase.get(row.caseId) ?? [];
    list.push(row);
    byCase.set(row.caseId, list);
  }
  const caseIds = [...byCase.keys()];
  const [trails, openInstances] = await Promise.all([
    listCaseTrails(tx, caseIds),
    listOpenInstances(tx, caseIds),
  ]);
  const counts = new Map<string, CountDelta>();
  const months = new Map<string, MonthDelta>();
  const trailRows: CaseTrailRow[] = [];
  const instanceRows: InstanceRow[] = [];

  for (const [caseId, caseEvents] of byCase) {
    const first = caseEvents[0]!;
    const procedure = { procedureId: first.procedureId, procedureVersion: first.procedureVersion };
    const before = trails.get(caseId) ?? emptyTrail;
    const open = openInstances.get(caseId) ?? [];
    // Only the run that follows what was applied: after a gap, an earlier event of this case is
    // not visible yet (or came in another batch); the rest waits for it.
    const sorted = [...caseEvents].sort((a, b) => a.seq - b.seq);
    const run = sorted.filter((e, i) => e.seq === before.eventsApplied + 1 + i);
    if (run.length === 0) continue;
    const trailEvents: TrailEvent[] = run.map((e) => ({
      seq: e.seq,
      type: e.type,
      occurredAt: e.occurredAt,
      actorUserId: e.actorUserId,
      payload: e.payload,
    }));
    const change = applyCaseEvents(before, open, trailEvents, calendar);
    const openBefore = new Map(open.map((i) => [i.enteredSeq, i]));
    for (const instance of change.instances) {
      const previous = openBefore.get(instance.enteredSeq);
      countMove(counts, procedure, instance.stepId, previous ? stepStateAt(previous, asOf) : null, -1);
      countMove(counts, procedure, instance.stepId, stepStateAt(instance, asOf), 1);
      instanceRows.push({ caseId, organisation, ...procedure, ...instance });
    }
    if (!before.openedAt && change.trail.openedAt) {
      monthMove(months, procedure, monthOf(change.trail.openedAt, calendar), "opened");
    }
    if (!before.closedAt && change.trail.closedAt) {
      monthMove(months, procedure, monthOf(change.trail.closedAt, calendar), "closed");
    }
    trailRows.push({ caseId, organisation, ...procedure, ...change.trail });
  }
  await saveCaseTrails(tx, trailRows);
  await saveInstances(tx, instanceRows);
  await addStepCounts(tx, organisation, [...counts.values()]);
  await addMonthCounts(tx, organisation, [...months.values()]);
}

type Procedure = { procedureId: string; procedureVersion: number };

function countMove(
  counts: Map<string, CountDelta>,
  procedure: Procedure,
  stepId: string,
  state: ReturnType<typeof stepStateAt>,
  by: number,
): void {
  if (!state) return;
  const key = `${procedure.procedureId}\n${procedure.procedureVersion}\n${stepId}`;
  const delta = counts.get(key) ?? { ...procedure, stepId, waiting: 0, late: 0, done: 0 };
  delta[state] += by;
  counts.set(key, delta);
}

function monthMove(
  months: Map<string, MonthDelta>,
  procedure: Procedure,
  month: string,
  what: "opened" | "closed",
): void {
  const key = `${procedure.procedureId}\n${procedure.procedureVersion}\n${month}`;
  const delta = months.get(key) ?? { ...procedure, month, opened: 0, closed: 0 };
  delta[what] += 1;
  months.set(key, delta);
}
