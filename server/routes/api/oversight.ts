import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { dashboard, dashboardQuery, durations, durationsQuery } from "../../../shared/api/oversight.js";
import { commonProblems } from "../../../shared/api/problem.js";
import { readDashboard } from "../../commands/dashboardReader.js";
import { readDurations } from "../../commands/durationsReader.js";
import type { Db } from "../../db/database.js";
import { currentUser } from "../../identity.js";

/** Dashboards: what waits where, what is late, cases opened and closed; scoped by the org chart. */
export function oversightRoutes(app: FastifyInstance, db: Db, clock: () => Date): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/api/oversight/dashboard",
    {
      schema: {
        tags: ["pilotage"],
        summary: "Tableau de bord / dashboard (organisation, procédures suivies, unités, travail personnel)",
        querystring: dashboardQuery,
        response: { 200: dashboard, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      return readDashboard(db, user, clock(), request.query);
    },
  );
  api.get(
    "/api/oversight/durations",
    {
      schema: {
        tags: ["pilotage"],
        summary:
          "Durées réelles des étapes face au manuel / real step durations against the manual (p50, p90, délai, à temps, boucles NON)",
        querystring: durationsQuery,
        response: { 200: durations, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      return readDurations(db, user, clock(), request.query);
    },
  );
}
