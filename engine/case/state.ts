import type { EndOutcome } from "../definition/schema.js";

export type CaseStatus = "active" | EndOutcome;

/** A step currently waiting to be done. A case has several only inside parallel branches. */
export interface Token {
  /** Unique within the case; the data layer links the inbox task to it. */
  id: string;
  stepId: string;
  enteredAt: string;
  /** ISO instant, or null while the step's délai is "set when acting". */
  dueAt: string | null;
  /** Set by a reassignment: only this person (or their deputy) may act. */
  assigneeUserId: string | null;
}

/** Everything the engine needs to know about a running case. Stored as JSON beside the case row. */
export interface CaseState {
  procedureId: string;
  procedureVersion: number;
  status: CaseStatus;
  /** Incremented by every transition: the optimistic lock. */
  version: number;
  /** Null when the requester has no account (a citizen, a company: the case row names them). */
  requesterUserId: string | null;
  tokens: Token[];
  /** Values of every form filled so far, by field id: what decisions and reports read. */
  data: Record<string, unknown>;
  /** Unit chosen at an "imputer à" step; resolves the imputed_unit_head actor. */
  imputedUnit: string | null;
  /** Steps already entered, in order: where a case may be sent back to. */
  visited: string[];
  /** Parallel joins waiting for their branches, by join step id. */
  joins: Record<string, { expected: number; arrived: number }>;
  startedAt: string;
  endedAt: string | null;
  /** A case a call activity started and waits for: the calling case and its waiting step's token. */
  calledBy?: { caseId: string; tokenId: string } | null;
  /**
   * Who last completed a step as each actor of the definition, by actor code: the person a call
   * activity's called case is asked for by.
   */
  actedBy?: Record<string, string>;
}

/** The person acting, as the shell resolved them from the org chart for this case. */
export interface Actor {
  userId: string;
  /** The definition's actor codes this person holds for this case (roles, relative actors). */
  actorCodes: string[];
  /**
   * For an actor offered to several roles (« CB / CS »), the role this person holds it by, by actor
   * code: the audit trail records it.
   */
  actingRoles?: Record<string, string>;
  /** When acting as a deputy ("intérim"), the person they stand in for. */
  onBehalfOfUserId?: string | null;
  /** Head of a unit the case is in: may reassign a task. */
  mayReassign?: boolean;
  /** May cancel the case (the requester, a head, an administrator). */
  mayCancel?: boolean;
  /**
   * The system (a job): the only one who does timer and message steps, sends reminders and
   * escalations, and takes the outcome an escalation ends with.
   */
  system?: boolean;
}
