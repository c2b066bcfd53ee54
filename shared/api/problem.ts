import { z } from "zod";

/**
 * The one error shape of the whole API ("problem"): a stable code a program can test, a message in
 * French and English a person can read, the field it concerns, and for a rejected request every
 * field that is wrong (not only the first), each with its own message.
 */
export const localizedMessage = z.object({ fr: z.string(), en: z.string() });

export const fieldProblem = z.object({
  /** Dotted path of the field in the part of the request it was read from (body, query, path). */
  field: z.string(),
  message: localizedMessage,
});

export const problem = z
  .object({
    error: z.object({
      code: z.string().describe("Stable, machine-readable: not_found, invalid_request, stale_version…"),
      message: localizedMessage,
      target: z.string().optional().describe("The field or object the error is about"),
      fields: z.array(fieldProblem).optional().describe("Every invalid field of a rejected request"),
    }),
  })
  .describe("Erreur / error");

export type Problem = z.infer<typeof problem>;
export type FieldProblem = z.infer<typeof fieldProblem>;

/** The error responses most routes can give, to spread into a route's `response` schema. */
export const commonProblems = {
  401: problem,
  403: problem,
  404: problem,
  422: problem,
};
