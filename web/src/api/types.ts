/**
 * Shapes of the API the web app reads. Request bodies and the session come from the shared zod
 * schemas; the case view and the task list have no response schema in shared/api yet.
 */
import type { DocumentSpec, FormField, ProcedureDefinition } from "../../../engine/definition/schema.js";

export type { CaseActionBody, StartCaseBody, TaskActionBody } from "../../../shared/api/cases.js";
export type { ProcedureSummary, ProcedureVersionView } from "../../../shared/api/procedures.js";
export type { SessionView } from "../../../shared/api/session.js";
export type { DocumentSpec, FormField, ProcedureDefinition };

// TODO(shared schema): the inbox item.
export interface TaskItem {
  id: string;
  caseId: string;
  registryNumber: string;
  procedureId: string;
  procedureTitle?: string;
  caseTitle?: string | null;
  requesterName?: string | null;
  caseVersion: number;
  stepId: string;
  stepTitle?: string;
  actorCode: string;
  dueAt: string | null;
  createdAt: string;
}

export type CaseAction =
  | {
      type: "complete";
      taskId: string | null;
      stepId: string;
      title: string;
      form: FormField[];
      documents: DocumentSpec[];
      outcomes: Array<{ id: string; label: string }>;
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
  | { type: "comment" }
  | { type: "cancel" };

// TODO(shared schema): the case view (server/routes/api/cases.ts presentCase).
export interface CaseView {
  id: string;
  registryNumber: string;
  title?: string | null;
  procedure: { id: string; version: number; title: string };
  status: string;
  version: number;
  data: Record<string, unknown>;
  currentSteps: Array<{ stepId: string; title: string; dueAt: string | null }>;
  tasks: Array<{
    id: string;
    stepId: string;
    status: string;
    actorCode: string;
    roleCode: string | null;
    unitId: string | null;
    assigneeId: string | null;
    dueAt: string | null;
    closedAt: string | null;
  }>;
  actions: CaseAction[];
  history: Array<{
    seq: number;
    type: string;
    actorUserId: string | null;
    actorName?: string | null;
    actorRole: string | null;
    stepBefore: string | null;
    stepAfter: string | null;
    payload: Record<string, unknown>;
    occurredAt: string;
  }>;
  comments: Array<{ id: string; authorId: string; authorName?: string; body: string; createdAt: string }>;
  attachments: Array<{
    id: string;
    documentId: string | null;
    fileName: string;
    mediaType: string;
    size: number;
    sha256: string;
    uploadedAt: string;
  }>;
  createdAt: string;
  closedAt: string | null;
}
