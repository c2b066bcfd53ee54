import { and, eq, isNotNull } from "drizzle-orm";
import { expect } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { isSystemStep } from "../../engine/case/timing.js";
import { type CoveragePath, coveragePaths, valuesMaking } from "../../engine/definition/coveragePaths.js";
import type { FormField, ProcedureDefinition, Step } from "../../engine/definition/schema.js";
import type { Database } from "../../server/db/database.js";
import { findUserById } from "../../server/db/queries/orgChart.js";
import { cases, memberships, orgUnits, stepTimers } from "../../server/db/schema.js";
import { enqueueJob } from "../../server/jobs/queue.js";
import { jobHandlers } from "../../server/jobs/registry.js";
import { JobRunner } from "../../server/jobs/runner.js";
import { proceduresFolder } from "../../server/paths.js";
import { stepMilestoneJob } from "../../server/time/milestoneJob.js";
import { anyUserOf, starterOf, takerOf } from "./people.js";
import type { TestApp } from "./testApp.js";

export interface CaseView {
  id: string;
  registryNumber: string;
  status: string;
  version: number;
  data: Record<string, unknown>;
  tasks: Array<{
    id: string;
    stepId: string;
    status: string;
    actorCode: string;
    roleCode: string | null;
    unitId: string | null;
    assigneeId: string | null;
  }>;
  history: Array<{
    seq: number;
    type: string;
    actorRole: string | null;
    stepBefore: string | null;
    payload: Record<string, unknown>;
  }>;
  actions: Array<{ type: string; taskId?: string | null }>;
}

function sampleValue(field: FormField): unknown {
  switch (field.type) {
    case "number":
    case "integer":
      return 1;
    case "boolean":
      return true;
    case "date":
      return "2026-03-02";
    case "datetime":
      return "2026-03-02T09:30:00Z";
    case "select":
      return field.options?.[0]?.value;
    case "email":
      return "agent@example.ci";
    default:
      return `Valeur de test pour ${field.label}`;
  }
}

async function unitIdOf(database: Database, organisation: string, code: string): Promise<string> {
  const [unit] = await database.db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.organisation, organisation), eq(orgUnits.code, code)));
  if (!unit) throw new Error(`no unit ${code} in ${organisation}`);
  return unit.id;
}

/**
 * Runs the system's milestone of a waiting timer or message step now, as the per-minute scan would
 * (the clock moved to its time first).
 */
async function runSystemStep(t: TestApp, caseId: string, stepId: string): Promise<void> {
  const [timer] = await t.database.db
    .select()
    .from(stepTimers)
    .where(and(eq(stepTimers.caseId, caseId), eq(stepTimers.stepId, stepId)));
  expect(timer?.nextAt, `no timer on ${stepId}`).toBeTruthy();
  const late = timer!.nextAt!.getTime() - t.clock.now().getTime();
  if (late > 0) t.clock.advanceSeconds(late / 1000);
  const organisation = (await t.database.db.select().from(cases).where(eq(cases.id, caseId)))[0]!
    .organisation;
  await enqueueJob(t.database.db, {
    job: stepMilestoneJob,
    payload: { caseId, tokenId: timer!.tokenId, stage: timer!.stage },
    runAt: t.clock.now(),
    organisation,
  });
  const runner = new JobRunner({ db: t.database.db, handlers: jobHandlers, clock: t.clock.now });
  const report = await runner.runDueJobs(t.clock.now());
  expect(report.dead).toEqual([]);
}

/** A unit the case can be imputed to: one whose head role someone holds. */
async function imputableUnit(database: Database, organisation: string, allowed?: string[]): Promise<string> {
  const rows = await database.db
    .select({ code: orgUnits.code, kind: orgUnits.kind })
    .from(orgUnits)
    .innerJoin(
      memberships,
      and(eq(memberships.unitId, orgUnits.id), eq(memberships.roleCode, orgUnits.headRole)),
    )
    .where(and(eq(orgUnits.organisation, organisation), isNotNull(orgUnits.headRole)))
    .orderBy(orgUnits.code);
  const candidates = allowed ? rows.filter((r) => allowed.includes(r.code)) : rows;
  const preferred = candidates.find((r) => r.kind === "sous-direction") ?? candidates[0];
  if (!preferred) throw new Error(`no unit with a head in ${organisation}`);
  return preferred.code;
}

/**
 * Walks one path of a procedure through the HTTP API, as the people the org chart designates:
 * each step is completed by someone who holds its actor, with its required fields and documents,
 * choosing the path's outcome (or typing the data that makes a rule choose it).
 */
export async function walkPath(
  t: TestApp,
  def: ProcedureDefinition,
  path: CoveragePath,
  /** Values to type at some steps, by step id, besides the required fields' samples. */
  typed: Record<string, Record<string, unknown>> = {},
  /** Stop once the case waits at this step (the path is then left unfinished). */
  until?: string,
): Promise<CaseView> {
  const requester = await starterOf(t.database, def);
  const started = await t.as(requester).post<CaseView>("/api/cases", { procedureId: def.id });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  if (until === undefined) return walkCase(t, def, path, started.body, requester, typed);
  const stop = path.moves.findIndex((m) => m.stepId === until);
  expect(stop, `${def.id}: the path does not reach ${until}`).toBeGreaterThan(0);
  const before = { ...path, moves: path.moves.slice(0, stop) };
  return walkCase(t, def, before, started.body, requester, typed, false);
}

/** Walks a path of a case already open (one a call activity started, say). */
async function walkCase(
  t: TestApp,
  def: ProcedureDefinition,
  path: CoveragePath,
  opened: CaseView,
  requester: string,
  typed: Record<string, Record<string, unknown>> = {},
  toTheEnd = true,
): Promise<CaseView> {
  let view = opened;
  // Whoever a `person` field names: the first person of the organisation.
  const named = await anyUserOf(t.database, def.organisation);

  for (const [index, move] of path.moves.entries()) {
    const step = def.steps.find((s) => s.id === move.stepId)!;
    // A call activity: walk the case it started to an end that gives the path's outcome.
    if (step.call) {
      await walkCalled(t, view, step.call, move.outcomeId);
      view = (await t.as(requester).get<CaseView>(`/api/cases/${view.id}`)).body;
      const returned = view.history
        .filter((e) => e.type === "call_returned" && e.stepBefore === step.id)
        .at(-1);
      expect(returned, `${def.id}: ${step.id} got no outcome from its called case`).toBeDefined();
      if (move.outcomeId) {
        const completed = view.history
          .filter((e) => e.type === "step_completed" && e.stepBefore === step.id)
          .at(-1);
        expect(completed?.payload.outcome).toBe(move.outcomeId);
      }
      continue;
    }
    // A timer or a message step is done by the system when its time comes: let the clock do it.
    if (isSystemStep(step)) {
      await runSystemStep(t, view.id, move.stepId);
      view = (await t.as(requester).get<CaseView>(`/api/cases/${view.id}`)).body;
      continue;
    }
    const task = view.tasks.find((x) => x.stepId === move.stepId && x.status === "open");
    expect(task, `${def.id}: no open task on ${move.stepId}`).toBeDefined();
    expect(task!.actorCode).toBe(step.actor);
    // An actor with alternatives (« CB / CS ») is taken by its last choice: the task row names the
    // first, so this proves the task is offered to the others too, in their inbox.
    const choice = def.actors[step.actor]?.anyOf?.at(-1);
    const taker = choice
      ? await takerOf(t.database, def.organisation, {
          roleCode: choice.role,
          unitId: choice.unit ? await unitIdOf(t.database, def.organisation, choice.unit) : null,
          assigneeId: null,
        })
      : await takerOf(t.database, def.organisation, task!);
    if (choice) {
      const first = await takerOf(t.database, def.organisation, task!);
      for (const candidate of [first, taker]) {
        const inbox = await t
          .as(candidate)
          .get<{ items: Array<{ id: string }> }>(`/api/tasks?scope=units&limit=200`);
        expect(
          inbox.body.items.map((i) => i.id),
          `${candidate}'s inbox`,
        ).toContain(task!.id);
      }
    }

    // What the person is offered is what the manual says: the step's documents and outcomes.
    const offered = await t.as(taker).get<CaseView>(`/api/cases/${view.id}`);
    const complete = offered.body.actions.find((a) => a.type === "complete" && a.taskId === task!.id) as
      | { documents: Array<{ id: string }>; outcomes: Array<{ id: string }> }
      | undefined;
    expect(complete, `${def.id}: ${taker} is offered no completion of ${move.stepId}`).toBeDefined();
    expect(complete!.documents.map((d) => d.id)).toEqual((step.documents ?? []).map((d) => d.id));
    expect(complete!.outcomes.map((o) => o.id)).toEqual(
      step.decision && !step.decision.rule ? step.decision.outcomes.map((o) => o.id) : [],
    );

    const form: Record<string, unknown> = {};
    for (const field of step.form ?? []) {
      if (field.required) form[field.id] = field.type === "person" ? named : sampleValue(field);
    }
    Object.assign(form, typed[move.stepId] ?? {});
    // Type what makes the coming rule decisions of the path take the path's outcomes (the nearest wins).
    const decided = new Set<string>();
    for (const later of path.moves.slice(index)) {
      const rule = def.steps.find((s) => s.id === later.stepId)?.decision?.rule;
      if (!rule) continue;
      const wanted = valuesMaking(rule.when, later.outcomeId === rule.choose, step.form ?? []);
      for (const field of step.form ?? []) {
        if (field.id in wanted && !decided.has(field.id)) {
          form[field.id] = wanted[field.id];
          decided.add(field.id);
        }
      }
    }
    const documents: Record<string, string> = {};
    for (const doc of (step.documents ?? []).filter((d) => d.required)) {
      const uploaded = await t
        .as(taker)
        .upload<{ id: string }>(
          `/api/cases/${view.id}/attachments?fileName=${encodeURIComponent(`${doc.id}.pdf`)}&documentId=${doc.id}`,
          Buffer.from(`%PDF-1.4 ${doc.title} — ${view.registryNumber}`),
          "application/pdf",
        );
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      documents[doc.id] = uploaded.body.id;
    }
    const body = {
      type: "complete",
      expectedVersion: view.version,
      form,
      ...(Object.keys(documents).length > 0 ? { documents } : {}),
      ...(step.decision && !step.decision.rule ? { outcome: move.outcomeId } : {}),
      ...(step.imputation && !(step.imputation.notOn ?? []).includes(move.outcomeId ?? "")
        ? { imputeTo: await imputableUnit(t.database, def.organisation, step.imputation.units) }
        : {}),
    };
    const acted = await t.as(taker).post<CaseView>(`/api/tasks/${task!.id}/actions`, body);
    expect(acted.status, `${def.id} ${move.stepId}: ${JSON.stringify(acted.body)}`).toBe(200);
    view = acted.body;
    const completed = view.history
      .filter((e) => e.type === "step_completed" && e.stepBefore === move.stepId)
      .at(-1);
    expect(completed?.actorRole).toBe(choice ? choice.role : step.actor);
    if (move.outcomeId) expect(completed?.payload.outcome).toBe(move.outcomeId);
  }
  if (toTheEnd) expect(view.status).toBe(path.ends);
  return view;
}

/**
 * Drives the case a call activity started, and waits for, to an end that its calling step maps
 * to `outcomeId` (any end when the step has no decision): one of the called procedure's own
 * coverage paths, walked by the people it designates, starting with the person who asked.
 */
async function walkCalled(
  t: TestApp,
  caller: CaseView,
  call: NonNullable<Step["call"]>,
  outcomeId: string | null,
): Promise<void> {
  const [child] = await t.database.db
    .select()
    .from(cases)
    .where(and(eq(cases.parentCaseId, caller.id), eq(cases.status, "active")));
  expect(child, `no running case called by ${caller.registryNumber}`).toBeDefined();
  expect(child!.procedureId).toBe(call.procedure);
  const ends = (["completed", "rejected", "cancelled"] as const).filter(
    (end) => outcomeId === null || (call.outcomes?.[end] ?? end) === outcomeId,
  );
  const calledDef = definitionFromCatalog(call.procedure, [proceduresFolder()]);
  const path = coveragePaths(calledDef).find((p) => (ends as readonly string[]).includes(p.ends));
  const asker = await findUserById(t.database.db, child!.requesterId!);
  if (!path) {
    // No path of the called procedure ends so: its requester cancels it.
    expect(ends).toContain("cancelled");
    const res = await t.as(asker!.matricule).post(`/api/cases/${child!.id}/actions`, {
      type: "cancel",
      reason: "Abandon",
      expectedVersion: child!.version,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return;
  }
  const view = (await t.as(asker!.matricule).get<CaseView>(`/api/cases/${child!.id}`)).body;
  await walkCase(t, calledDef, path, view, asker!.matricule);
}
