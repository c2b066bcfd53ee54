import type { CaseEvent } from "../../engine/case/events.js";
import type { CaseState } from "../../engine/case/state.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { message } from "../../engine/messages.js";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import { type Outgoing, planNotifications, planWebhookEvent } from "./outbox.js";

/** A task just opened by a transition, as the recorder wrote it. */
export interface OpenedTask {
  stepId: string;
  roleCode: string | null;
  unitId: string | null;
  assigneeId: string | null;
  dueAt: Date | null;
}

/**
 * Plans what a transition tells people and other systems, written with it in its transaction:
 * whoever may take a new task is notified (not the one who caused it), and the organisation's
 * webhooks receive case.created, step.completed, task.opened and case.closed. Reads nothing: the
 * case is in hand and the directory knows holders, e-mail preferences and subscriptions.
 */
export function announceTransition(
  out: Outgoing,
  input: {
    caseId: string;
    registryNumber: string;
    /** Who holds each new task's role, read from memory rather than queried once per task. */
    directory: OrganisationDirectory;
    def: ProcedureDefinition;
    before: CaseState | null;
    after: CaseState;
    events: CaseEvent[];
    opened: OpenedTask[];
    authorUserId: string | null;
    now: Date;
  },
): void {
  const { caseId, registryNumber, directory, def, after, now } = input;
  const base = { caseId, registryNumber, procedureId: def.id, procedureVersion: def.version };

  const rows = [];
  for (const task of input.opened) {
    const step = def.steps.find((s) => s.id === task.stepId);
    const stepTitle = step?.title ?? task.stepId;
    const people = task.assigneeId
      ? [task.assigneeId]
      : task.roleCode
        ? input.directory.activeHolders(task.roleCode, task.unitId)
        : [];
    for (const userId of new Set(people)) {
      if (userId === input.authorUserId) continue;
      rows.push({
        userId,
        kind: "task_assigned",
        subject: message(`Nouvelle tâche : ${stepTitle}`, `New task: ${stepTitle}`),
        body: message(
          `Le dossier ${registryNumber} (${def.title}) attend « ${stepTitle} ».`,
          `Case ${registryNumber} (${def.title}) is waiting for "${stepTitle}".`,
        ),
        caseId,
        createdAt: now,
      });
    }
    planWebhookEvent(
      out,
      directory,
      "task.opened",
      { ...base, stepId: task.stepId, dueAt: task.dueAt?.toISOString() ?? null },
      now,
    );
  }
  planNotifications(out, directory, rows, now);

  if (input.before === null) planWebhookEvent(out, directory, "case.created", base, now);
  for (const e of input.events) {
    if (e.type === "step_completed") {
      planWebhookEvent(
        out,
        directory,
        "step.completed",
        { ...base, stepId: e.stepId, outcome: e.outcome },
        now,
      );
    }
    if (e.type === "case_ended") {
      planWebhookEvent(
        out,
        directory,
        "case.closed",
        { ...base, outcome: e.outcome, status: after.status },
        now,
      );
    }
  }
}
