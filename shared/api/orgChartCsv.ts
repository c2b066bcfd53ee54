import { z } from "zod";

/**
 * The org chart as CSV, one format per kind, comma-separated, UTF-8, a header line first:
 *
 * - units: `code,name,kind,parent_code,head_role` — kind is one of direction, sous-direction,
 *   bureau, service, section, cabinet, autre; parent_code empty for a root; head_role empty when
 *   the unit has no head role.
 * - users: `matricule,name,email,phone,unit_code,roles,active` — roles are role codes separated
 *   by `;` held in the person's own unit (`CB;AGENT`), or `CODE@UNIT` for a role held in another
 *   unit; active is true or false (oui/non, 1/0 accepted).
 *
 * An import states the lines it names completely (a unit's parent, a person's roles); lines it
 * does not name are left alone. Export writes the same columns, so a file round-trips.
 */
export const UNIT_COLUMNS = ["code", "name", "kind", "parent_code", "head_role"] as const;
export const USER_COLUMNS = ["matricule", "name", "email", "phone", "unit_code", "roles", "active"] as const;

export const orgChartCsvQuery = z.object({ kind: z.enum(["units", "users"]) });
export type OrgChartCsvKind = z.infer<typeof orgChartCsvQuery>["kind"];

export const csvProblem = z.object({
  /** 1-based line of the file (the header is line 1). */
  line: z.number().int(),
  column: z.string().nullable(),
  message: z.object({ fr: z.string(), en: z.string() }),
});
export type CsvProblem = z.infer<typeof csvProblem>;

export const orgChartImportResult = z.object({
  kind: z.enum(["units", "users"]),
  created: z.number().int(),
  updated: z.number().int(),
});

/** The 422 answer of an import: every problem of every line, nothing imported. */
export const orgChartImportRefusal = z.object({
  error: z.object({ code: z.string(), message: z.object({ fr: z.string(), en: z.string() }) }),
  /** Absent when the request itself is refused (malformed body, stale version…). */
  problems: z.array(csvProblem).optional(),
});
