import { z } from "zod";

/** Catalog administration: importing procedure versions, listing them, putting one in force. */

export const importDefinitionBody = z.strictObject({
  format: z.enum(["yaml", "bpmn"]),
  content: z.string().min(1).max(1_000_000),
  /** For BPMN files of other modellers, which carry no procedure id of ours. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/)
    .max(100)
    .optional(),
});

/** One problem of an imported file: where it is (line and column in YAML, element in BPMN), in two languages. */
export const definitionProblem = z.object({
  code: z.string(),
  message: z.object({ fr: z.string(), en: z.string() }),
  path: z.array(z.union([z.string(), z.number()])),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  /** BPMN only: the element type and id the problem is about. */
  element: z.string().nullable(),
  elementId: z.string().nullable(),
});
export type DefinitionProblemView = z.infer<typeof definitionProblem>;

export const importRefusal = z.object({
  error: z.object({ code: z.string(), message: z.object({ fr: z.string(), en: z.string() }) }),
  /** Absent when the request itself is refused (malformed body, stale version…). */
  problems: z.array(definitionProblem).optional(),
});

export const versionView = z.object({
  id: z.string(),
  version: z.number().int(),
  organisation: z.string(),
  title: z.string(),
  status: z.string(),
  /** When this version was stored. */
  loadedAt: z.string(),
  /** The date the definition says it comes into force, if any. */
  effectiveDate: z.string().nullable(),
});

export const importedDefinition = z.object({
  version: versionView,
  warnings: z.array(z.object({ fr: z.string(), en: z.string() })),
});

export const versionList = z.object({ versions: z.array(versionView) });

export const procedureIdParams = z.object({ procedureId: z.string().min(1).max(200) });
export const procedureVersionParams = z.object({
  procedureId: z.string().min(1).max(200),
  version: z.coerce.number().int().positive().max(2_147_483_647),
});

export const overseerList = z.object({
  overseers: z.array(z.object({ roleCode: z.string(), title: z.string() })),
});
export const overseerBody = z.strictObject({ roleCode: z.string().min(1).max(40) });
export const overseerParams = z.object({
  procedureId: z.string().min(1).max(200),
  roleCode: z.string().min(1).max(40),
});
