import type { Dashboard } from "../../shared/api/oversight.js";
import { directoryOf } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import { findDefinition } from "../db/queries/definitions.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { countOpenTasks, readModelAsOf } from "../db/queries/oversightDashboard.js";
import { readMonthCounts, readStepCounts } from "../db/queries/oversightReadModel.js";
import { dueBoundsIn } from "../orgChart/dueBounds.js";
import { dashboardViewOf } from "../policies/dashboardScope.js";

type Figures = { waiting: number; late: number; dueThisWeek: number };
const add = (into: Figures, row: Figures) => {
  into.waiting += row.waiting;
  into.late += row.late;
  into.dueThisWeek += row.dueThisWeek;
};
const zero = (): Figures => ({ waiting: 0, late: 0, dueThisWeek: 0 });

/**
 * A person's dashboard: what waits where now (open tasks, counted live), and for the organisation
 * or the procedures one oversees, the counters per step and the cases per month of the oversight
 * read model (a minute behind the audit trail, `asOf`).
 */
export async function readDashboard(
  db: Db,
  user: UserRow,
  now: Date,
  filters: { procedureId?: string | undefined },
): Promise<Dashboard> {
  const view = await dashboardViewOf(db, user, now);
  const directory = await directoryOf(db, user.organisation);
  const bounds = dueBoundsIn(directory.calendar.timeZone, now);
  const open = await countOpenTasks(
    db,
    {
      organisation: view.organisation,
      ...(filters.procedureId ? { procedureId: filters.procedureId } : {}),
      ...(view.kind === "procedures" ? { procedures: view.procedures } : {}),
      ...(view.kind === "units" ? { units: view.units } : {}),
      ...(view.kind === "own" ? { people: view.people } : {}),
    },
    bounds,
  );
  const wide = view.kind === "organisation" || view.kind === "procedures";
  const inScope = (procedureId: string) =>
    view.kind !== "procedures" || view.procedures.includes(procedureId);

  const titles = new Map<string, { title: string; steps: Map<string, string> }>();
  const titleOf = async (procedureId: string, version: number) => {
    const key = `${procedureId}@${version}`;
    let entry = titles.get(key);
    if (!entry) {
      const def = await findDefinition(db, { organisation: view.organisation, id: procedureId, version });
      entry = {
        title: def?.title ?? procedureId,
        steps: new Map(def?.steps.map((s) => [s.id, s.title]) ?? []),
      };
      titles.set(key, entry);
    }
    return entry;
  };

  const steps: Dashboard["steps"] = [];
  if (wide) {
    for (const c of await readStepCounts(db, view.organisation, filters.procedureId)) {
      if (!inScope(c.procedureId)) continue;
      const t = await titleOf(c.procedureId, c.procedureVersion);
      steps.push({
        ...c,
        procedureTitle: t.title,
        stepTitle: t.steps.get(c.stepId) ?? c.stepId,
      });
    }
  } else {
    const byStep = new Map<string, Dashboard["steps"][number]>();
    for (const r of open) {
      const key = `${r.procedureId}\n${r.procedureVersion}\n${r.stepId}`;
      const t = await titleOf(r.procedureId, r.procedureVersion);
      const row = byStep.get(key) ?? {
        procedureId: r.procedureId,
        procedureTitle: t.title,
        procedureVersion: r.procedureVersion,
        stepId: r.stepId,
        stepTitle: t.steps.get(r.stepId) ?? r.stepId,
        waiting: 0,
        late: 0,
        done: null,
      };
      row.waiting += r.waiting;
      row.late += r.late;
      byStep.set(key, row);
    }
    steps.push(...byStep.values());
  }

  const units = new Map<string, Figures>();
  const people = new Map<string, Figures>();
  const totals = zero();
  for (const r of open) {
    add(totals, r);
    if (r.unitId) add(units.get(r.unitId) ?? units.set(r.unitId, zero()).get(r.unitId)!, r);
    if (r.assigneeId) add(people.get(r.assigneeId) ?? people.set(r.assigneeId, zero()).get(r.assigneeId)!, r);
  }

  const months = new Map<string, { month: string; opened: number; closed: number }>();
  if (wide) {
    for (const m of await readMonthCounts(db, view.organisation, filters.procedureId)) {
      if (!inScope(m.procedureId)) continue;
      const row = months.get(m.month) ?? { month: m.month, opened: 0, closed: 0 };
      row.opened += m.opened;
      row.closed += m.closed;
      months.set(m.month, row);
    }
  }
  const asOf = wide ? await readModelAsOf(db, view.organisation) : null;

  return {
    scope: view.kind,
    asOf: asOf?.toISOString() ?? null,
    steps: steps.sort(
      (a, b) =>
        a.procedureTitle.localeCompare(b.procedureTitle) ||
        a.procedureVersion - b.procedureVersion ||
        a.stepId.localeCompare(b.stepId),
    ),
    units: [...units]
      .map(([unitId, f]) => {
        const unit = directory.unit(unitId);
        return { unitId, code: unit?.code ?? "", name: unit?.name ?? "", ...f };
      })
      .sort((a, b) => b.late - a.late || a.code.localeCompare(b.code)),
    people: [...people]
      .map(([userId, f]) => {
        const person = directory.person(userId);
        return { userId, matricule: person?.matricule ?? "", name: person?.name ?? "", ...f };
      })
      .sort((a, b) => b.late - a.late || a.matricule.localeCompare(b.matricule)),
    totals,
    months: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
  };
}
