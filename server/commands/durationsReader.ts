import { addDays } from "../../engine/calendar/localDate.js";
import { fromLocal } from "../../engine/calendar/timeZone.js";
import { loopOutcomes } from "../../engine/oversight/loops.js";
import type { Durations } from "../../shared/api/oversight.js";
import { directoryOf } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import { findDefinition } from "../db/queries/definitions.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { readOutcomeCounts, readStepDurations } from "../db/queries/oversightReadModel.js";
import { forbidden } from "../policies/admin.js";
import { dashboardViewOf } from "../policies/dashboardScope.js";

/**
 * Real durations of a procedure's steps against the manual, per version side by side, over the
 * steps finished in a period: for those who see the organisation or oversee the procedure.
 */
export async function readDurations(
  db: Db,
  user: UserRow,
  now: Date,
  query: { procedureId: string; from?: string | undefined; to?: string | undefined },
): Promise<Durations> {
  const view = await dashboardViewOf(db, user, now);
  const allowed =
    view.kind === "organisation" ||
    (view.kind === "procedures" && view.procedures.includes(query.procedureId));
  if (!allowed) {
    throw forbidden({
      fr: "réservé à la direction, aux administrateurs et aux rôles qui suivent cette procédure",
      en: "reserved to the direction, administrators and the roles overseeing this procedure",
    });
  }
  const { timeZone } = (await directoryOf(db, user.organisation)).calendar;
  const period = {
    from: query.from ? fromLocal({ date: query.from, minutes: 0 }, timeZone) : null,
    to: query.to ? fromLocal({ date: addDays(query.to, 1), minutes: 0 }, timeZone) : null,
  };
  const [rows, outcomes] = await Promise.all([
    readStepDurations(db, user.organisation, query.procedureId, period),
    readOutcomeCounts(db, user.organisation, query.procedureId, period),
  ]);
  const versions = [...new Set([...rows, ...outcomes].map((r) => r.procedureVersion))].sort((a, b) => a - b);
  const definitions = new Map(
    await Promise.all(
      versions.map(
        async (version) =>
          [
            version,
            await findDefinition(db, { organisation: user.organisation, id: query.procedureId, version }),
          ] as const,
      ),
    ),
  );
  const latest = definitions.get(versions.at(-1) ?? 0);
  const loops: Durations["loops"] = [];
  for (const [version, def] of definitions) {
    if (!def) continue;
    for (const loop of loopOutcomes(def)) {
      const decisions = outcomes.filter((o) => o.procedureVersion === version && o.stepId === loop.stepId);
      const decided = decisions.reduce((n, o) => n + o.count, 0);
      const taken = decisions.find((o) => o.outcome === loop.outcomeId)?.count ?? 0;
      loops.push({
        procedureVersion: version,
        ...loop,
        decided,
        taken,
        rate: decided > 0 ? taken / decided : null,
      });
    }
  }
  return {
    procedureId: query.procedureId,
    procedureTitle: latest?.title ?? query.procedureId,
    steps: rows.map((r) => {
      const step = definitions.get(r.procedureVersion)?.steps.find((s) => s.id === r.stepId);
      const deadline = step?.deadline;
      return {
        procedureVersion: r.procedureVersion,
        stepId: r.stepId,
        stepTitle: step?.title ?? r.stepId,
        finished: r.finished,
        p50WorkingDays: r.p50WorkingDays,
        p90WorkingDays: r.p90WorkingDays,
        p50WaitingDays: r.p50WaitingDays,
        delaiBusinessDays: deadline && "businessDays" in deadline ? deadline.businessDays : null,
        onTimeShare: r.withDue > 0 ? r.onTime / r.withDue : null,
        sentBack: r.sentBack,
      };
    }),
    loops,
  };
}
