import { z } from "zod";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { pageOf, pageQuery } from "./pagination.js";
import { localizedMessage } from "./problem.js";

/** Request and response schemas of the catalog read API (procedures, versions, diagrams). */

const procedureId = z.string().min(1).max(200).describe("Identifiant de la procédure / procedure id");

export const procedureIdParams = z.object({ procedureId });

export const procedureVersionParams = z.object({
  procedureId,
  version: z.coerce.number().int().positive().max(2_147_483_647),
});

export const procedureListQuery = pageQuery.extend({
  q: z.string().trim().min(1).max(200).optional().describe("Texte cherché dans l'identifiant ou le titre"),
});

export const diagramQuery = z.object({
  version: z.coerce
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .optional()
    .describe("Version à dessiner (par défaut celle en vigueur) / version to draw (default: in force)"),
});

export const procedureSummary = z.object({
  id: z.string(),
  title: z.string(),
  /** The version new cases start on. */
  version: z.number().int(),
  organisation: z.string(),
  reconstructed: z.boolean(),
  /** Past its revision date: « expirée », still usable and not archived (the manual's §7). */
  expired: z.boolean(),
  revisionDate: z.string().nullable(),
  stepCount: z.number().int(),
  deadlineSummary: localizedMessage,
  mayStart: z.boolean().describe("Whether the caller may open a case of it from the back office"),
  completesFirstStep: z
    .boolean()
    .describe("Whether the caller is the first step's actor: they fill its whole form when opening a case"),
});

export const procedureList = pageOf(procedureSummary);

/** One row of a procedure's table of steps, as the manual prints it. */
export const procedureStep = z.object({
  id: z.string(),
  title: z.string(),
  actor: z.object({
    code: z.string(),
    title: z.string(),
    /** The org chart's role the actor resolves to, and its title there; null for relative actors. */
    role: z.object({ code: z.string(), title: z.string().nullable() }).nullable(),
    unit: z.string().nullable(),
    relative: z.string().nullable(),
  }),
  documents: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: z.enum(["produces", "requires"]),
      required: z.boolean(),
    }),
  ),
  deadline: localizedMessage.nullable(),
  question: z.string().nullable(),
});

export const procedureVersionView = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.string(),
  organisation: z.string(),
  title: z.string(),
  reconstructed: z.boolean(),
  /** Past its revision date: « expirée », still usable and not archived (the manual's §7). */
  expired: z.boolean(),
  revisionDate: z.string().nullable(),
  /** SHA-256 of the canonical definition: equal hashes, equal definitions. */
  contentHash: z.string(),
  loadedAt: z.string(),
  deadlineSummary: localizedMessage,
  steps: z.array(procedureStep),
  // Typed, not re-described: its recursive conditions have no place in the OpenAPI document, and
  // the format's own JSON Schema is procedures/definition.schema.json.
  definition: z
    .custom<ProcedureDefinition>()
    .describe("La définition, au format de procedures/definition.schema.json / the definition itself"),
});

export type ProcedureListQuery = z.infer<typeof procedureListQuery>;
export type ProcedureSummary = z.infer<typeof procedureSummary>;
export type ProcedureStep = z.infer<typeof procedureStep>;
export type ProcedureVersionView = z.infer<typeof procedureVersionView>;
