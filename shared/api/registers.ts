import { z } from "zod";
import { pageOf } from "./pagination.js";

/** The registers API: shapes of requests and answers (server/routes/api/registers.ts). */

const localized = z.object({ fr: z.string(), en: z.string() });

export const registerParams = z.object({ registerId: z.string().min(1).max(100) });
export const entryParams = registerParams.extend({ entryId: z.uuid() });

export const registerAccessView = z.object({ read: z.boolean(), write: z.boolean(), archivist: z.boolean() });

export const registerSummary = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  access: registerAccessView,
});
export const registerList = z.object({ items: z.array(registerSummary) });

/** The register's definition as declared in YAML (engine/register/schema.ts), and what the caller may do. */
export const registerView = z.object({
  definition: z.record(z.string(), z.unknown()),
  access: registerAccessView,
});

/**
 * The list's query: `q` searches every value (accents and case ignored, each word a prefix),
 * `state` filters the state, and any field declared in the register's `list.filters` filters
 * by its exact value (`?categorie=portable&detenteur=DGD0012`).
 */
export const entryListQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    state: z.string().max(100).optional(),
    cursor: z.string().min(1).max(1000).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .catchall(z.string().max(500));

export const entryView = z.object({
  id: z.uuid(),
  registerId: z.string(),
  number: z.string(),
  state: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Changes so far: send it back as `expectedEventCount` so a stale screen is refused. */
  eventCount: z.number().int(),
  disposal: z.enum(["archive", "destroy"]).nullable(),
});
export const entryList = pageOf(entryView);

export const entryEventView = z.object({
  seq: z.number().int(),
  type: z.string(),
  actor: z.object({ id: z.uuid(), name: z.string(), matricule: z.string() }).nullable(),
  caseId: z.uuid().nullable(),
  payload: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
  hash: z.string(),
});

export const linkedCaseView = z.object({
  caseId: z.uuid(),
  registryNumber: z.string(),
  procedureId: z.string(),
  procedureTitle: z.string(),
  stepId: z.string(),
  /** Whether the caller may open the case; its title is only shown then. */
  readable: z.boolean(),
  title: z.string().nullable(),
});

export const movementView = z.object({
  id: z.uuid(),
  field: z.string(),
  kind: z.enum(["in", "out", "adjustment"]),
  quantity: z.number().int(),
  reason: z.string().nullable(),
  caseId: z.uuid().nullable(),
  occurredAt: z.string(),
});

export const entryPage = z.object({
  entry: entryView,
  history: z.array(entryEventView),
  cases: z.array(linkedCaseView),
  movements: z.array(movementView),
});

export const createEntryBody = z.strictObject({
  values: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  state: z.string().max(100).optional(),
});

export const changeEntryBody = z.strictObject({
  values: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).default({}),
  state: z.string().max(100).optional(),
  /** The entry's `eventCount` as the person saw it. */
  expectedEventCount: z.number().int().nonnegative(),
});

export const movementBody = z.strictObject({
  field: z.string().min(1).max(100),
  kind: z.enum(["in", "out", "adjustment"]),
  /** Positive for in and out; signed for an adjustment. */
  quantity: z.number().int(),
  reason: z.string().trim().max(500).optional(),
});

export const exportQuery = entryListQuery.safeExtend({ format: z.enum(["csv", "xlsx"]).default("csv") });

export const importProblem = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  message: localized,
});
export const importResult = z.object({ created: z.number().int(), updated: z.number().int() });
/** A GLPI export imported: what was done, and the export's columns no field of the register takes. */
export const glpiImportResult = importResult.extend({ ignoredColumns: z.array(z.string()) });
export const importRefusal = z.object({
  error: z.object({ code: z.string(), message: localized }),
  problems: z.array(importProblem).optional(),
});

export const retentionQuery = z.object({
  cursor: z.string().min(1).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const retentionList = pageOf(entryView).extend({
  disposal: z.enum(["archive", "destroy"]),
  /** Entries created before this instant are past their retention period. */
  cutoff: z.string().nullable(),
});

export const disposalBody = z.strictObject({
  entryIds: z.array(z.uuid()).min(1).max(1000),
  /** What the archivist approves: the register's own disposal unless they choose to archive. */
  disposal: z.enum(["archive", "destroy"]).optional(),
});
export const disposalResult = z.object({
  approvalId: z.uuid(),
  disposal: z.enum(["archive", "destroy"]),
  count: z.number().int(),
});

export const caseEntriesView = z.object({
  items: z.array(
    z.object({
      entryId: z.uuid(),
      registerId: z.string(),
      registerTitle: z.string(),
      number: z.string(),
      state: z.string().nullable(),
      stepId: z.string(),
    }),
  ),
});

export type EntryView = z.infer<typeof entryView>;
export type EntryPage = z.infer<typeof entryPage>;
export type RegisterSummary = z.infer<typeof registerSummary>;
