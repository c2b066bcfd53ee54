/**
 * Shapes of the API the web app reads. Request bodies and the session come from the shared zod
 * schemas, type-only (`import type`) so zod stays out of the bundle.
 */
import type { DocumentSpec, FormField, ProcedureDefinition } from "../../../engine/definition/schema.js";

import type { CaseFilters, CaseListItem, CaseView as SharedCaseView } from "../../../shared/api/cases.js";
import type { InboxCounts, InboxFilters, InboxItem, Workload } from "../../../shared/api/tasks.js";

export type { CaseActionBody, StartCaseBody, TaskActionBody } from "../../../shared/api/cases.js";
export type { ProcedureSummary, ProcedureVersionView } from "../../../shared/api/procedures.js";
export type { SessionView } from "../../../shared/api/session.js";
export type { DocumentSpec, FormField, ProcedureDefinition };

/** One inbox task, as `GET /api/tasks` lists it. */
export type TaskItem = InboxItem;
export type { CaseFilters, CaseListItem, InboxCounts, InboxFilters, InboxItem, Workload };

export type CaseAction =
  | {
      type: "complete";
      taskId: string | null;
      stepId: string;
      title: string;
      form: FormField[];
      documents: DocumentSpec[];
      /** `returns`: the outcome takes the case back to a step it went through (a NON). */
      outcomes: Array<{ id: string; label: string; returns?: boolean }>;
      question: string | null;
      imputation: string | null;
      /** Unit codes the case may be imputed to; null when any unit of the organisation may be. */
      imputationUnits?: string[] | null;
      /** Outcomes that impute to nobody (filing away). */
      imputationNotOn?: string[];
      dueAt: string | null;
    }
  | { type: "send_back"; taskId: string | null; stepId: string; toStepIds: string[] }
  | { type: "set_deadline"; taskId: string | null; stepId: string }
  | { type: "reassign"; taskId: string | null; stepId: string }
  | { type: "take"; taskId: string | null; stepId: string }
  | { type: "comment" }
  | { type: "cancel" };

/**
 * The case view of shared/api/cases.ts; its `actions` are loose objects there (each step action
 * carries the step's form), typed precisely here for the forms that post them.
 */
export type CaseView = Omit<SharedCaseView, "actions"> & { actions: CaseAction[] };

export type { NotificationPreferences, NotificationView } from "../../../shared/api/notifications.js";
