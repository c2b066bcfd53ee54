import { z } from "zod";
import { caseReturn } from "./cases.js";
import { pageOf, pageQuery } from "./pagination.js";

/** Inbox filters, shared by the list and its counts. */
export const inboxFilters = z.object({
  /** mine: assigned to me by name; units: unassigned tasks of a role I hold; all: both. */
  scope: z.enum(["mine", "units", "all"]).default("all"),
  procedureId: z.string().min(1).max(200).optional(),
  stepId: z.string().min(1).max(200).optional(),
  /** Against the due date: past, due today, within 7 days, or none (days in the organisation's time zone). */
  due: z.enum(["late", "today", "week", "none"]).optional(),
});

export const inboxQuery = pageQuery.extend(inboxFilters.shape);

export const inboxItem = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  registryNumber: z.string(),
  caseTitle: z.string(),
  caseVersion: z.number().int(),
  procedureId: z.string(),
  procedureTitle: z.string(),
  stepId: z.string(),
  stepTitle: z.string(),
  actorCode: z.string(),
  requesterName: z.string(),
  taskUnit: z.string().nullable(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  /** When the case was opened: its age, beside the time spent at this step. */
  caseCreatedAt: z.string(),
  /** Sent back to this step (or returned by a NON with its motif): by whom and why. */
  returned: caseReturn.nullable(),
});

export const inboxPage = pageOf(inboxItem);

const count = z.object({ key: z.string(), title: z.string(), count: z.number().int() });

export const inboxCounts = z.object({
  total: z.number().int(),
  byProcedure: z.array(count),
  byStep: z.array(count.extend({ procedureId: z.string() })),
  byDue: z.object({
    late: z.number().int(),
    today: z.number().int(),
    week: z.number().int(),
    later: z.number().int(),
    none: z.number().int(),
  }),
});

export type InboxFilters = z.infer<typeof inboxFilters>;
export type InboxItem = z.infer<typeof inboxItem>;
export type InboxCounts = z.infer<typeof inboxCounts>;

const tally = z.object({ open: z.number().int(), late: z.number().int() });

/** What waits in each unit a head oversees: its queue, and what each of its people holds. */
export const workload = z.object({
  units: z.array(
    z.object({
      unit: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
      /** Tasks nobody has taken yet. */
      queue: tally,
      people: z.array(
        tally.extend({ person: z.object({ id: z.uuid(), matricule: z.string(), name: z.string() }) }),
      ),
    }),
  ),
});

export type Workload = z.infer<typeof workload>;
