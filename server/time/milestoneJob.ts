import { z } from "zod";
import type { Actor, Token } from "../../engine/case/state.js";
import { type Milestone, stepMilestones } from "../../engine/case/timing.js";
import { act, type CaseAction } from "../../engine/case/transitions.js";
import type { Escalation, ProcedureDefinition, Step } from "../../engine/definition/schema.js";
import { message } from "../../engine/messages.js";
import { followCalls } from "../commands/callFollower.js";
import { startCase } from "../commands/caseStarter.js";
import { recordTransition } from "../commands/transitionRecorder.js";
import type { OperationContext } from "../context/operationContext.js";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import { definitionWithHash } from "../db/queries/definitions.js";
import {
  deleteStepTimers,
  lockStepTimer,
  openTaskOfToken,
  saveStepTimers,
} from "../db/queries/stepTimers.js";
import { readCaseForTransition } from "../db/queries/transitions.js";
import { fromEngineError } from "../errors.js";
import { defineJob } from "../jobs/handler.js";
import { notify } from "../messages/outbox.js";
import { sendCaseMessage } from "./caseMessages.js";

/** The engine's actor for what the clock does: only the system may remind, escalate, wait and send. */
const SYSTEM_ACTOR: Actor = { userId: "system", actorCodes: [], system: true };

/**
 * Handles the next milestone of one waiting step, once its time has come: a reminder to whoever
 * holds the task, an escalation (the task handed to the N+1, a unit head or a role, and/or a
 * message out), the outcome the system takes after the last escalation, a timer's end, a message
 * step's sending. The case is locked and the milestone written in one transaction with the job's
 * completion, as « Système » with the job's name and id: a retried job finds the stage moved on
 * and does nothing twice.
 */
export const stepMilestoneJob = defineJob({
  name: "time.step-milestone",
  payload: z.strictObject({ caseId: z.uuid(), tokenId: z.string().min(1), stage: z.number().int().min(0) }),
  maxAttempts: 5,
  async run({ context, payload }) {
    if (!context) throw new Error("time.step-milestone works for an organisation");
    await handleMilestone(context, payload);
  },
});

async function handleMilestone(
  ctx: OperationContext,
  payload: { caseId: string; tokenId: string; stage: number },
): Promise<void> {
  const { tx, now } = ctx;
  const read = await readCaseForTransition(tx, ctx.organisation, payload.caseId, payload.tokenId, []);
  const timer = read ? await lockStepTimer(tx, payload.caseId, payload.tokenId) : null;
  if (!read || !timer || timer.stage !== payload.stage) return;
  const current = read.case;
  const token = current.state.tokens.find((t) => t.id === payload.tokenId);
  if (current.state.status !== "active" || !token) {
    await deleteStepTimers(tx, current.id, [payload.tokenId]);
    return;
  }
  const def = await definitionWithHash(
    tx,
    { organisation: current.organisation, id: current.procedureId, version: current.procedureVersion },
    read.definitionHash,
  );
  if (!def) throw new Error(`definition ${current.procedureId} v${current.procedureVersion} not found`);
  const step = def.steps.find((s) => s.id === token.stepId)!;
  const directory = await ctx.directory(read.revision);
  const plan = stepMilestones(directory.calendar, step, token);
  const milestone = plan[timer.stage];
  const reschedule = (stage: number) =>
    saveStepTimers(tx, [{ ...timer, stage, nextAt: plan[stage]?.at ?? null, updatedAt: now }]);
  if (!milestone || milestone.at.getTime() > now.getTime()) return reschedule(timer.stage);

  const kase = { ...current, registryNumber: current.registryNumber, title: current.title };
  const reference = `${current.id}:${token.id}:${timer.stage}`;
  const action = await actionFor(ctx, directory, def, step, token, milestone, kase, reference);
  const result = act(def, current.state, SYSTEM_ACTOR, action, current.state.version, {
    now,
    calendar: directory.calendar,
  });
  if (!result.ok) throw fromEngineError(result.error);
  const author = { userId: null, role: null, onBehalfOfUserId: null, system: systemOf(ctx) };
  await recordTransition(
    tx,
    directory,
    def,
    current,
    current.state,
    result.state,
    result.events,
    author,
    now,
  );
  // Still waiting (a reminder, an escalation): on to the next milestone. Otherwise the step is done
  // and the transition let go of its timer.
  if (result.state.tokens.some((t) => t.id === token.id)) await reschedule(timer.stage + 1);
  for (const effect of result.effects) {
    await startCase(ctx, {
      procedureId: effect.procedureId,
      requester: current.requesterId
        ? { userId: current.requesterId }
        : { external: current.externalRequester ?? { name: "Système" } },
      data: effect.data,
      parentCaseId: current.id,
    });
  }
  await followCalls(ctx, directory, def, current, current.state, result.state, result.events, author);
}

function systemOf(ctx: OperationContext): { job: string; jobId: string } | null {
  return ctx.caller.kind === "system" ? { job: ctx.caller.job, jobId: ctx.caller.jobId } : null;
}

/** What the milestone asks of the engine, after telling the people concerned. */
async function actionFor(
  ctx: OperationContext,
  directory: OrganisationDirectory,
  def: ProcedureDefinition,
  step: Step,
  token: Token,
  milestone: Milestone,
  kase: Parameters<typeof sendCaseMessage>[3],
  reference: string,
): Promise<CaseAction> {
  const { tx, now } = ctx;
  const tokenId = token.id;
  switch (milestone.kind) {
    case "wake":
      return { type: "run_system_step", tokenId, message: null };
    case "send": {
      const sent = await sendCaseMessage(tx, directory, def, kase, step.notify!, {
        key: reference,
        kind: "case_message",
        now,
      });
      return { type: "run_system_step", tokenId, message: sent };
    }
    case "outcome":
      return { type: "complete", tokenId, outcome: milestone.outcome };
    case "reminder": {
      const holders = await holdersOfTask(ctx, directory, kase.id, tokenId);
      await notify(
        tx,
        ctx.organisation,
        holders.map((userId) => ({
          userId,
          kind: "task_reminder",
          subject: message(`Rappel : ${step.title}`, `Reminder: ${step.title}`),
          body: message(
            `Le dossier ${kase.registryNumber} (${def.title}) attend « ${step.title} » avant le ${dueText(token, "fr", directory.calendar.timeZone)}.`,
            `Case ${kase.registryNumber} (${def.title}) is waiting for "${step.title}" by ${dueText(token, "en", directory.calendar.timeZone)}.`,
          ),
          caseId: kase.id,
          createdAt: now,
        })),
        now,
      );
      return { type: "remind", tokenId, index: milestone.index };
    }
    case "escalation": {
      const escalation = step.escalation!;
      const target = await escalationTarget(ctx, directory, escalation, kase.id, tokenId);
      if (target) {
        await notify(
          tx,
          ctx.organisation,
          [
            {
              userId: target,
              kind: "escalation",
              subject: message(`Tâche en retard : ${step.title}`, `Overdue task: ${step.title}`),
              body: message(
                `Le dossier ${kase.registryNumber} (${def.title}) attendait « ${step.title} » pour le ${dueText(token, "fr", directory.calendar.timeZone)}. La tâche vous est transmise.`,
                `Case ${kase.registryNumber} (${def.title}) was waiting for "${step.title}" by ${dueText(token, "en", directory.calendar.timeZone)}. The task is handed to you.`,
              ),
              caseId: kase.id,
              createdAt: now,
            },
          ],
          now,
        );
      }
      const sent = escalation.message
        ? await sendCaseMessage(tx, directory, def, kase, escalation.message, {
            key: reference,
            kind: "escalation",
            now,
          })
        : null;
      return { type: "escalate", tokenId, round: milestone.round, toUserId: target, message: sent };
    }
  }
}

function dueText(token: Token, language: "fr" | "en", timeZone: string): string {
  if (!token.dueAt) return "";
  return new Date(token.dueAt).toLocaleString(language === "fr" ? "fr-FR" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone,
  });
}

async function holdersOfTask(
  ctx: OperationContext,
  directory: OrganisationDirectory,
  caseId: string,
  tokenId: string,
): Promise<string[]> {
  const task = await openTaskOfToken(ctx.tx, caseId, tokenId);
  if (!task) return [];
  if (task.assigneeId) return [task.assigneeId];
  return task.roleCode ? directory.activeHolders(task.roleCode, task.unitId) : [];
}

/**
 * Who an escalation hands the task to. The N+1 (`manager`) of a named person is the head of their
 * unit, or of its parent when they head it; of a task offered to a role, the head of its unit, or
 * of the parent unit when the role is the head's. Null when the org chart names nobody.
 */
async function escalationTarget(
  ctx: OperationContext,
  directory: OrganisationDirectory,
  escalation: Escalation,
  caseId: string,
  tokenId: string,
): Promise<string | null> {
  const to = escalation.to;
  if (!to) return null;
  if (typeof to === "object") {
    return directory.activeHolders(to.role, directory.unitByCode(to.unit ?? null)?.id ?? null)[0] ?? null;
  }
  const task = await openTaskOfToken(ctx.tx, caseId, tokenId);
  if (!task) return null;
  const holder = task.assigneeId ? directory.person(task.assigneeId) : null;
  let unit = directory.unit(holder ? holder.unitId : task.unitId);
  if (to === "manager" && unit) {
    const headsIt = holder
      ? directory.membershipsOf(holder.id).some((m) => m.unitId === unit!.id && m.roleCode === unit!.headRole)
      : task.roleCode === unit.headRole;
    if (headsIt) unit = unit.parentId ? directory.unit(unit.parentId) : null;
  }
  if (!unit?.headRole) return null;
  const heads = directory.activeHolders(unit.headRole, unit.id).filter((id) => id !== task.assigneeId);
  return heads[0] ?? null;
}
