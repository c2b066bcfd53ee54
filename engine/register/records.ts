import { z } from "zod";

/**
 * `records` on a procedure step: what completing the step writes into the organisation's
 * registers, in the same transaction as the transition. Kept apart from the definition schema
 * (which only refers to it) so the register kit stays in one place.
 *
 * A value is a literal, or a reference written with a `$`:
 * `$form.<field>` (the case's form data), `$item` (the current line of `each`),
 * `$case.number`, `$case.parent` (the case whose hand-off started it), `$case.requester` (matricule), `$case.unit` (imputed unit), `$actor`
 * (matricule of who completed the step), `$today`, `$now`.
 */

const identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "un identifiant s'écrit en minuscules, chiffres, « - » ou « _ »");

export const recordValue = z.union([z.string(), z.number(), z.boolean()]);

export const stepRecord = z
  .strictObject({
    register: identifier.describe("Id of a register of the procedure's organisation"),
    action: z
      .enum(["create", "update", "upsert"])
      .describe("A new entry, a change of the one found by `find`, or either (created from find + set)"),
    when: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe("Only when these form values match (e.g. type_demande: suppression)"),
    outcome: identifier.optional().describe("Only when the step's decision took this outcome"),
    each: z
      .string()
      .regex(/^\$form\.[a-z0-9_-]+$/, "« each » nomme un champ du formulaire : $form.<champ>")
      .optional()
      .describe("One entry per line (or list item) of this form value, read as $item"),
    find: z
      .record(identifier, recordValue)
      .optional()
      .describe("For an update: the field values that identify exactly one entry"),
    set: z.record(identifier, recordValue).default({}).describe("Field values written"),
    state: identifier.optional().describe("State the entry is created in or moved to"),
    movement: z
      .strictObject({
        field: identifier.describe("The quantity field"),
        kind: z.enum(["in", "out", "adjustment"]),
        amount: recordValue,
        reason: z.string().optional(),
      })
      .optional()
      .describe("A stock movement on the entry's quantity"),
  })
  .refine((r) => r.action === "create" || (r.find !== undefined && Object.keys(r.find).length > 0), {
    message: "une mise à jour (update, upsert) dit comment trouver l'entrée (find)",
  })
  .refine((r) => r.action !== "create" || r.find === undefined, {
    message: "« find » ne sert qu'aux mises à jour (update, upsert)",
  });

export const stepRecords = z.array(stepRecord).min(1);

export type StepRecord = z.infer<typeof stepRecord>;
export type RecordValue = z.infer<typeof recordValue>;
