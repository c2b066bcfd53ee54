import type { WorkingCalendar } from "../../engine/calendar/workingCalendar.js";
import type { CaseState, Token } from "../../engine/case/state.js";
import { isTimedStep, stepMilestones } from "../../engine/case/timing.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import type { Db } from "../db/database.js";
import { deleteStepTimers, saveStepTimers } from "../db/queries/stepTimers.js";

/**
 * Keeps the clock's hold on a case's waiting steps in step with a transition: a timer row for each
 * new token of a step with reminders, an escalation, a timer or a message; the row recomputed when
 * its due date changed (a délai set when acting); gone once the step is no longer waiting. Nothing
 * is written for procedures without timing.
 */
export async function recordStepTimers(
  tx: Db,
  calendar: WorkingCalendar,
  def: ProcedureDefinition,
  kase: { id: string; organisation: string },
  before: CaseState | null,
  after: CaseState,
  now: Date,
): Promise<void> {
  const timed = new Set(def.steps.filter(isTimedStep).map((s) => s.id));
  if (timed.size === 0) return;
  const previous = new Map((before?.tokens ?? []).map((t) => [t.id, t]));
  const current = new Set(after.tokens.map((t) => t.id));
  const rows = after.tokens
    .filter((t) => timed.has(t.stepId))
    .filter((t) => previous.get(t.id)?.dueAt !== t.dueAt || !previous.has(t.id))
    .map((t) => ({ ...planFrom(calendar, def, t, now), organisation: kase.organisation, caseId: kase.id }));
  await saveStepTimers(tx, rows);
  await deleteStepTimers(
    tx,
    kase.id,
    [...previous.values()].filter((t) => timed.has(t.stepId) && !current.has(t.id)).map((t) => t.id),
  );
}

/**
 * Where a token stands in its plan at `now`: a new step starts at its first milestone; a step whose
 * due date was just set skips the milestones already past rather than sending them all at once.
 */
function planFrom(calendar: WorkingCalendar, def: ProcedureDefinition, token: Token, now: Date) {
  const step = def.steps.find((s) => s.id === token.stepId)!;
  const plan = stepMilestones(calendar, step, token);
  const fresh = token.enteredAt === now.toISOString();
  const stage = fresh ? 0 : plan.filter((m) => m.at.getTime() < now.getTime()).length;
  return {
    tokenId: token.id,
    stepId: token.stepId,
    stage,
    nextAt: plan[stage]?.at ?? null,
    updatedAt: now,
  };
}
