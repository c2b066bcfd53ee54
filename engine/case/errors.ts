import { type LocalizedMessage, message } from "../messages.js";

export type EngineErrorCode =
  | "case_closed"
  | "stale_version"
  | "wrong_step"
  | "wrong_actor"
  | "missing_field"
  | "invalid_field"
  | "unknown_field"
  | "missing_document"
  | "missing_outcome"
  | "unknown_outcome"
  | "outcome_decided_by_rule"
  | "missing_imputation"
  | "invalid_send_back"
  | "not_allowed"
  | "already_taken"
  | "invalid_input";

/** A refused transition: nothing changed, and the person is told why in their language. */
export interface EngineError {
  code: EngineErrorCode;
  message: LocalizedMessage;
  /** The form field, document or step the error is about, so a screen can show it there. */
  target?: string;
}

export function engineError(code: EngineErrorCode, fr: string, en: string, target?: string): EngineError {
  return target === undefined
    ? { code, message: message(fr, en) }
    : { code, message: message(fr, en), target };
}
