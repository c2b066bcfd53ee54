import type { Db } from "../db/database.js";
import { listOrganisationCodes } from "../db/queries/organisations.js";
import { clearReadModel } from "../db/queries/oversightReadModel.js";
import { loadCalendar } from "./calendarLoader.js";
import { refreshOversight } from "./oversightRefresher.js";

export interface RebuildReport {
  organisation: string;
  events: number;
}

/**
 * Throws an organisation's oversight read model away and replays its whole audit trail into it,
 * in one transaction per organisation: readers see the old figures until the new ones are whole.
 * The figures equal those the job maintains event after event (same replay, same calendar).
 */
export async function rebuildOversight(
  db: Db,
  now: Date,
  organisations?: readonly string[],
): Promise<RebuildReport[]> {
  const codes = organisations ?? (await listOrganisationCodes(db));
  const reports: RebuildReport[] = [];
  for (const organisation of codes) {
    const calendar = await loadCalendar(db, organisation);
    const events = await db.transaction(async (tx) => {
      await clearReadModel(tx, organisation, now);
      let total = 0;
      const replay: { after: { caseId: string; seq: number } | null } = { after: null };
      for (;;) {
        const report = await refreshOversight(tx, organisation, calendar, now, { replay });
        total += report.events;
        if (!report.more) return total;
      }
    });
    reports.push({ organisation, events });
  }
  return reports;
}
