import { z } from "zod";

/** Whose work a dashboard shows: the organisation, the procedures one oversees, the units one heads, or one's own. */
export const dashboardScope = z.enum(["organisation", "procedures", "units", "own"]);

export const dashboardQuery = z.object({
  procedureId: z.string().min(1).max(200).optional(),
});

const figures = {
  /** Open, not past the due date. */
  waiting: z.number().int(),
  /** Open, strictly past the due date. */
  late: z.number().int(),
};

export const dashboard = z.object({
  scope: dashboardScope,
  /** The moment the counters per step are true of (the read model's last run); null if never run. */
  asOf: z.string().nullable(),
  /** Per procedure × version × step. `done` comes from the read model; null for a unit or one's own work. */
  steps: z.array(
    z.object({
      procedureId: z.string(),
      procedureTitle: z.string(),
      procedureVersion: z.number().int(),
      stepId: z.string(),
      stepTitle: z.string(),
      ...figures,
      done: z.number().int().nullable(),
    }),
  ),
  /** Open tasks per unit (now). */
  units: z.array(
    z.object({
      unitId: z.uuid(),
      code: z.string(),
      name: z.string(),
      ...figures,
      dueThisWeek: z.number().int(),
    }),
  ),
  /** Open tasks named to a person (now). */
  people: z.array(
    z.object({
      userId: z.uuid(),
      matricule: z.string(),
      name: z.string(),
      ...figures,
      dueThisWeek: z.number().int(),
    }),
  ),
  totals: z.object({ ...figures, dueThisWeek: z.number().int() }),
  /** Cases opened and closed per month of the organisation's calendar (organisation and procedures only). */
  months: z.array(z.object({ month: z.string(), opened: z.number().int(), closed: z.number().int() })),
});

export type Dashboard = z.infer<typeof dashboard>;
export type DashboardScope = z.infer<typeof dashboardScope>;
