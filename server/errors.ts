import type { EngineError } from "../engine/case/errors.js";
import { type LocalizedMessage, message } from "../engine/messages.js";
import type { FieldProblem, Problem } from "../shared/api/problem.js";

/**
 * The one error shape of the API: a stable code, the HTTP status, a message in French and
 * English, optionally the field it concerns and, for a rejected request, every invalid field (see
 * `shared/api/problem.ts`). Thrown inside a transaction, it rolls it back.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: LocalizedMessage,
    readonly target?: string,
    readonly fields?: FieldProblem[],
  ) {
    super(messages.en);
  }

  toJSON(): Problem {
    return {
      error: {
        code: this.code,
        message: this.messages,
        ...(this.target ? { target: this.target } : {}),
        ...(this.fields ? { fields: this.fields } : {}),
      },
    };
  }
}

export const notFound = (what: { fr: string; en: string }) =>
  new AppError(404, "not_found", message(`${what.fr} introuvable`, `${what.en} not found`));

const STATUS: Record<EngineError["code"], number> = {
  case_closed: 409,
  stale_version: 409,
  wrong_step: 409,
  wrong_actor: 403,
  not_allowed: 403,
  already_taken: 409,
  missing_field: 422,
  invalid_field: 422,
  unknown_field: 422,
  missing_document: 422,
  missing_outcome: 422,
  unknown_outcome: 422,
  outcome_decided_by_rule: 422,
  missing_imputation: 422,
  invalid_send_back: 422,
  invalid_input: 422,
};

export function fromEngineError(e: EngineError): AppError {
  return new AppError(STATUS[e.code], e.code, e.message, e.target);
}

export const conflict = () =>
  new AppError(
    409,
    "stale_version",
    message(
      "le dossier a été modifié par quelqu'un d'autre au même moment : rechargez-le avant d'agir",
      "someone else changed the case at the same moment: reload it before acting",
    ),
  );
