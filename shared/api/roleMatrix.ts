import { z } from "zod";

/**
 * The role matrix ("matrice des habilitations" of the IT master plan): which role acts at which
 * step of each procedure in force, and who holds which role in which unit.
 */
export const matrixStep = z.object({
  procedureId: z.string(),
  version: z.number().int(),
  procedureTitle: z.string(),
  stepId: z.string(),
  stepTitle: z.string(),
  actorCode: z.string(),
  /** The role acting, or null for a relative actor (the requester, their manager…). */
  roleCode: z.string().nullable(),
  /** The unit the role acts in, when the definition fixes one. */
  unitCode: z.string().nullable(),
  relative: z.string().nullable(),
});

export const matrixHolder = z.object({
  roleCode: z.string(),
  userId: z.uuid(),
  matricule: z.string(),
  name: z.string(),
  unitCode: z.string(),
  active: z.boolean(),
});

export const roleMatrix = z.object({
  roles: z.array(z.object({ code: z.string(), title: z.string(), privileged: z.boolean() })),
  steps: z.array(matrixStep),
  holders: z.array(matrixHolder),
});
export type RoleMatrix = z.infer<typeof roleMatrix>;

export const roleMatrixExportQuery = z.object({ format: z.enum(["csv"]).default("csv") });

/** Columns of the CSV export: one line per role and step, with who holds the role there. */
export const ROLE_MATRIX_COLUMNS = [
  "role_code",
  "role_title",
  "privileged",
  "procedure_id",
  "version",
  "step_id",
  "step_title",
  "unit_code",
  "holders",
] as const;
