import { z } from "zod";
import { refreshOversight } from "../commands/oversightRefresher.js";
import { defineJob } from "./handler.js";

/**
 * Keeps the organisation's oversight read model (counters per step, durations, months) up to date
 * from its audit trail, off the transitions' path: a transition writes nothing more for it.
 */
export const refreshOversightJob = defineJob({
  name: "oversight.refresh",
  payload: z.strictObject({}),
  async run({ tx, job, now, context }) {
    if (!context || !job.organisation) return;
    await refreshOversight(tx, job.organisation, (await context.directory()).calendar, now);
  },
});
