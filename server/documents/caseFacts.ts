import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import type { CaseFacts, StepCompletion } from "../../engine/documents/content.js";
import { loadCalendar } from "../commands/calendarLoader.js";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import type { CaseRow } from "../db/queries/cases.js";
import { listCaseEvents } from "../db/queries/events.js";
import { findOrganisationName } from "../db/queries/issuedDocuments.js";
import { peopleByIds } from "../db/queries/people.js";

export type CaseEventRow = Awaited<ReturnType<typeof listCaseEvents>>[number];

/** What a document says about a case, read from its row and its audit trail (the events are returned too). */
export async function readCaseFacts(
  db: Db,
  row: CaseRow,
): Promise<{ facts: CaseFacts; events: CaseEventRow[] }> {
  const events = await listCaseEvents(db, row.id);
  const completedEvents = events.filter((e) => e.type === "step_completed");
  const people = await peopleByIds(db, [
    row.requesterId,
    ...completedEvents.flatMap((e) => [e.actorUserId, e.onBehalfOfUserId]),
  ]);
  const name = (id: string | null) => (id ? (people.get(id)?.name ?? "—") : "—");
  const completions: StepCompletion[] = completedEvents.map((e) => ({
    stepId: String(e.payload.stepId ?? e.stepBefore ?? ""),
    actorCode: e.actorRole,
    byName: name(e.actorUserId),
    onBehalfOfName: e.onBehalfOfUserId ? name(e.onBehalfOfUserId) : null,
    at: e.occurredAt.toISOString(),
    outcome: typeof e.payload.outcome === "string" ? e.payload.outcome : null,
  }));
  const calendar = await loadCalendar(db, row.organisation);
  return {
    events,
    facts: {
      registryNumber: row.registryNumber,
      title: row.title,
      requesterName: name(row.requesterId),
      startedAt: row.createdAt.toISOString(),
      data: row.state.data,
      completions,
      organisationName: (await findOrganisationName(db, row.organisation)) ?? row.organisation,
      timeZone: calendar.timeZone,
    },
  };
}

/**
 * A `person` field holds a matricule; a document names the person. Unknown matricules are printed
 * as typed.
 */
export function withPeopleNamed(
  facts: CaseFacts,
  def: ProcedureDefinition,
  directory: Pick<OrganisationDirectory, "personByMatricule">,
): CaseFacts {
  const data = { ...facts.data };
  for (const field of def.steps.flatMap((s) => s.form ?? [])) {
    const value = data[field.id];
    if (field.type !== "person" || typeof value !== "string") continue;
    data[field.id] = directory.personByMatricule(value)?.name ?? value;
  }
  return { ...facts, data };
}
