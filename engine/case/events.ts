/** What the engine asks the shell to record in the audit trail. */
export type CaseEvent =
  | { type: "case_started"; data: Record<string, unknown> }
  | {
      type: "step_entered";
      stepId: string;
      tokenId: string;
      dueAt: string | null;
      /** The unit the case was imputed to, when going back to (or before) its imputation cleared it. */
      imputationCleared?: string;
    }
  | {
      type: "step_completed";
      stepId: string;
      tokenId: string;
      form: Record<string, unknown>;
      outcome: string | null;
      documents: Record<string, string>;
      /** Set by the shell: the SHA-256 of each document's bytes, so the audit chain covers them. */
      documentHashes?: Record<string, string>;
      checklist: string[];
      missingChecklist: string[];
      imputedUnit: string | null;
      /** The motif of a NON (or any outcome) that returns the case, as its actor wrote it. */
      reason?: string;
    }
  | { type: "sent_back"; stepId: string; tokenId: string; toStepId: string; reason: string }
  | { type: "reassigned"; stepId: string; tokenId: string; toUserId: string; reason: string | null }
  | { type: "taken"; stepId: string; tokenId: string; byUserId: string }
  | { type: "deadline_set"; stepId: string; tokenId: string; dueAt: string; note: string | null }
  | { type: "commented"; text: string }
  | { type: "cancelled"; reason: string }
  | { type: "case_ended"; outcome: "completed" | "rejected" | "cancelled" }
  | { type: "handoff_requested"; stepId: string; procedureId: string; data: Record<string, unknown> }
  | {
      type: "call_started";
      stepId: string;
      tokenId: string;
      procedureId: string;
      /** The step's actor: whoever holds it on this case asks for the called case. */
      actorCode: string;
      wait: boolean;
      data: Record<string, unknown>;
    }
  | {
      type: "call_returned";
      stepId: string;
      tokenId: string;
      calledCaseId: string;
      calledOutcome: "completed" | "rejected" | "cancelled";
    }
  | { type: "reminder_sent"; stepId: string; tokenId: string; index: number; dueAt: string | null }
  | {
      type: "escalated";
      stepId: string;
      tokenId: string;
      round: number;
      toUserId: string | null;
      message: SentMessage | null;
    }
  | ({ type: "message_sent"; stepId: string; tokenId: string } & SentMessage);

/** A message the system sent, as the audit trail keeps it: who it went to, and its subject. */
export interface SentMessage {
  to: string[];
  cc: string[];
  subject: string;
}

/** Work the shell must do after committing the transition (in the same transaction). */
export type CaseEffect = { type: "start_linked_case"; procedureId: string; data: Record<string, unknown> };
