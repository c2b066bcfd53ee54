import { businessDaysBetween } from "../calendar/deadlines.js";
import { toLocal } from "../calendar/timeZone.js";
import type { WorkingCalendar } from "../calendar/workingCalendar.js";

/** One audit event as the oversight read model needs it. */
export interface TrailEvent {
  seq: number;
  type: string;
  occurredAt: Date;
  actorUserId: string | null;
  payload: Record<string, unknown>;
}

/** How a step instance ended: done by its actor, sent back by them, or stopped with its case. */
export type StepEnding = "completed" | "sent_back" | "cancelled";

/**
 * One passage of a case through a step, from the event that entered it (its `enteredSeq`) to the
 * one that ended it. Durations are in working days of the organisation's calendar, counted like a
 * délai (`businessDaysBetween`), so a step done by its due date never measures more than its délai.
 */
export interface StepInstance {
  enteredSeq: number;
  tokenId: string;
  stepId: string;
  enteredAt: Date;
  dueAt: Date | null;
  finishedAt: Date | null;
  finishedBy: string | null;
  ending: StepEnding | null;
  outcome: string | null;
  /** Entered → ended: the time the step was with its actor. */
  workingDays: number | null;
  /**
   * The case's previous activity (its start, or the last step ended) → entered: the time the case
   * waited for this step to open (a join waiting for its other branch, a linked case, a timer).
   */
  waitingDays: number;
  /** Ended by its due date; null while open or when the step has no délai. */
  onTime: boolean | null;
}

/** What the read model keeps of a case between two batches of its events. */
export interface CaseTrail {
  eventsApplied: number;
  lastActivityAt: Date | null;
  openedAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
}

export interface CaseTrailChange {
  trail: CaseTrail;
  /** Instances created or changed by these events (the open ones given, possibly ended). */
  instances: StepInstance[];
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * Replays a case's next events (in sequence, following `trail.eventsApplied`) over its open step
 * instances. Pure: the same events always give the same instances, so the read model rebuilt from
 * the audit trail equals the one maintained batch after batch.
 */
export function applyCaseEvents(
  trail: CaseTrail,
  open: readonly StepInstance[],
  events: readonly TrailEvent[],
  calendar: WorkingCalendar,
): CaseTrailChange {
  const next: CaseTrail = { ...trail };
  const changed = new Map<number, StepInstance>();
  const byToken = new Map<string, StepInstance>();
  for (const instance of open) byToken.set(instance.tokenId, { ...instance });

  const finish = (tokenId: string | null, event: TrailEvent, ending: StepEnding, outcome: string | null) => {
    const instance = tokenId ? byToken.get(tokenId) : undefined;
    if (!instance || !tokenId) return;
    instance.finishedAt = event.occurredAt;
    instance.finishedBy = ending === "cancelled" ? null : event.actorUserId;
    instance.ending = ending;
    instance.outcome = outcome;
    instance.workingDays = businessDaysBetween(calendar, instance.enteredAt, event.occurredAt);
    instance.onTime =
      instance.dueAt === null || ending === "cancelled"
        ? null
        : event.occurredAt.getTime() <= instance.dueAt.getTime();
    changed.set(instance.enteredSeq, instance);
    byToken.delete(tokenId);
  };

  for (const event of events) {
    if (event.seq !== next.eventsApplied + 1) {
      throw new RangeError(`event ${event.seq} does not follow ${next.eventsApplied}`);
    }
    next.eventsApplied = event.seq;
    const p = event.payload;
    switch (event.type) {
      case "case_started":
        next.openedAt = event.occurredAt;
        next.lastActivityAt = event.occurredAt;
        break;
      case "step_entered": {
        const tokenId = text(p.tokenId);
        const stepId = text(p.stepId);
        if (!tokenId || !stepId) break;
        const dueAt = text(p.dueAt);
        const since = next.lastActivityAt ?? event.occurredAt;
        const instance: StepInstance = {
          enteredSeq: event.seq,
          tokenId,
          stepId,
          enteredAt: event.occurredAt,
          dueAt: dueAt ? new Date(dueAt) : null,
          finishedAt: null,
          finishedBy: null,
          ending: null,
          outcome: null,
          workingDays: null,
          waitingDays: businessDaysBetween(calendar, since, event.occurredAt),
          onTime: null,
        };
        byToken.set(tokenId, instance);
        changed.set(instance.enteredSeq, instance);
        break;
      }
      case "step_completed":
        finish(text(p.tokenId), event, "completed", text(p.outcome));
        next.lastActivityAt = event.occurredAt;
        break;
      case "sent_back":
        finish(text(p.tokenId), event, "sent_back", null);
        next.lastActivityAt = event.occurredAt;
        break;
      case "deadline_set": {
        const instance = byToken.get(text(p.tokenId) ?? "");
        const dueAt = text(p.dueAt);
        if (instance && dueAt) {
          instance.dueAt = new Date(dueAt);
          changed.set(instance.enteredSeq, instance);
        }
        break;
      }
      case "case_ended":
        for (const tokenId of [...byToken.keys()]) finish(tokenId, event, "cancelled", null);
        next.closedAt = event.occurredAt;
        next.outcome = text(p.outcome);
        break;
      default:
        break;
    }
  }
  return { trail: next, instances: [...changed.values()] };
}

/** Where an instance counts, as of `now`: waiting, late (strictly past its due date), done, or nowhere. */
export type StepState = "waiting" | "late" | "done";

export function stepStateAt(instance: StepInstance, now: Date): StepState | null {
  if (instance.ending === "cancelled") return null;
  if (instance.ending) return "done";
  return instance.dueAt !== null && now.getTime() > instance.dueAt.getTime() ? "late" : "waiting";
}

/** The organisation's month ("2027-03") an instant falls in. */
export function monthOf(instant: Date, calendar: WorkingCalendar): string {
  return toLocal(instant, calendar.timeZone).date.slice(0, 7);
}
