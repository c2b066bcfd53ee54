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

const isoDay = z.iso.date();

export const durationsQuery = z.object({
  procedureId: z.string().min(1).max(200),
  /** Steps finished from this day to that one, inclusive, in the organisation's calendar. */
  from: isoDay.optional(),
  to: isoDay.optional(),
});

/** How long each step really takes, per procedure version, against the manual's délai. */
export const durations = z.object({
  procedureId: z.string(),
  procedureTitle: z.string(),
  steps: z.array(
    z.object({
      procedureVersion: z.number().int(),
      stepId: z.string(),
      stepTitle: z.string(),
      /** Passages finished in the period (completed or sent back). */
      finished: z.number().int(),
      p50WorkingDays: z.number(),
      p90WorkingDays: z.number(),
      p50WaitingDays: z.number(),
      /** The manual's délai, when stated in working days. */
      delaiBusinessDays: z.number().int().nullable(),
      /** Finished by the due date, among those that had one; null when none had. */
      onTimeShare: z.number().nullable(),
      sentBack: z.number().int(),
    }),
  ),
  /** Each NON loop of the logigramme: how often the decision took it. */
  loops: z.array(
    z.object({
      procedureVersion: z.number().int(),
      stepId: z.string(),
      outcomeId: z.string(),
      to: z.string(),
      decided: z.number().int(),
      taken: z.number().int(),
      rate: z.number().nullable(),
    }),
  ),
});

export type Durations = z.infer<typeof durations>;
