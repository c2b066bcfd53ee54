import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { caseView, taskActionBody, taskIdParams } from "../../../shared/api/cases.js";
import { commonProblems } from "../../../shared/api/problem.js";
import { inboxCounts, inboxFilters, inboxPage, inboxQuery, workload } from "../../../shared/api/tasks.js";
import { loadCalendar } from "../../commands/calendarLoader.js";
import { actOnCase } from "../../commands/caseActor.js";
import { inOperation } from "../../context/operationContext.js";
import { directoryOf } from "../../context/organisationDirectory.js";
import type { Db } from "../../db/database.js";
import { definitionWithHash } from "../../db/queries/definitions.js";
import { type DueBounds, inboxOf, inboxTallies } from "../../db/queries/inbox.js";
import { findTask } from "../../db/queries/tasks.js";
import { workloadOf } from "../../db/queries/workload.js";
import { notFound } from "../../errors.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { authenticate, currentUser } from "../../identity.js";
import { dueBoundsIn } from "../../orgChart/dueBounds.js";
import { headedUnits } from "../../orgChart/headedUnits.js";
import { inboxScopeOf } from "../../orgChart/inboxScope.js";
import { forbidden } from "../../policies/admin.js";
import { caseReader, readableCase } from "../../policies/caseAccess.js";
import { presentCase } from "./casePresenter.js";

async function dueBounds(db: Db, organisation: string, now: Date): Promise<DueBounds> {
  return dueBoundsIn((await loadCalendar(db, organisation)).timeZone, now);
}

export function taskRoutes(app: FastifyInstance, db: Db, clock: () => Date): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["corbeille"];

  api.get(
    "/api/tasks",
    {
      schema: {
        tags,
        summary: "Corbeille : tâches ouvertes / inbox: open tasks",
        querystring: inboxQuery,
        response: { 200: inboxPage, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      const { cursor, limit, ...filters } = request.query;
      const key = cursor ? decodeCursor(cursor, ["date?", "date", "uuid"]) : null;
      const rows = await inboxOf(db, {
        scope: await inboxScopeOf(db, user, clock()),
        filters,
        bounds: await dueBounds(db, user.organisation, clock()),
        after: key
          ? {
              dueAt: key[0] === null ? null : new Date(String(key[0])),
              createdAt: new Date(String(key[1])),
              id: String(key[2]),
            }
          : null,
        limit: limit + 1,
      });
      const page = cutPage(rows, limit, (r) => [
        r.dueAt?.toISOString() ?? null,
        r.createdAt.toISOString(),
        r.id,
      ]);
      const stepTitle = stepTitles(db, user.organisation);
      return {
        nextCursor: page.nextCursor,
        items: await Promise.all(
          page.items.map(async (r) => ({
            id: r.id,
            caseId: r.caseId,
            registryNumber: r.registryNumber,
            caseTitle: r.caseTitle,
            caseVersion: r.caseVersion,
            procedureId: r.procedureId,
            procedureTitle: r.procedureTitle,
            stepId: r.stepId,
            stepTitle: await stepTitle(r.procedureId, r.procedureVersion, r.definitionHash, r.stepId),
            actorCode: r.actorCode,
            requesterName: r.requesterName,
            taskUnit: r.taskUnit,
            dueAt: r.dueAt?.toISOString() ?? null,
            createdAt: r.createdAt.toISOString(),
            caseCreatedAt: r.caseCreatedAt.toISOString(),
            returned:
              r.returnReason !== null && r.returnAt !== null
                ? {
                    byName: r.returnByName,
                    fromStepId: r.returnFromStepId,
                    fromStepTitle: r.returnFromStepId
                      ? await stepTitle(
                          r.procedureId,
                          r.procedureVersion,
                          r.definitionHash,
                          r.returnFromStepId,
                        )
                      : null,
                    reason: r.returnReason,
                    at: r.returnAt.toISOString(),
                  }
                : null,
          })),
        ),
      };
    },
  );

  api.get(
    "/api/tasks/counts",
    {
      schema: {
        tags,
        summary: "Corbeille : décomptes par procédure, étape et échéance / inbox counts",
        querystring: inboxFilters,
        response: { 200: inboxCounts, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      const tallies = await inboxTallies(db, {
        scope: await inboxScopeOf(db, user, clock()),
        filters: request.query,
        bounds: await dueBounds(db, user.organisation, clock()),
      });
      const stepTitle = stepTitles(db, user.organisation);
      const byProcedure = new Map<string, { key: string; title: string; count: number }>();
      const byStep = new Map<string, { key: string; procedureId: string; title: string; count: number }>();
      const byDue = { late: 0, today: 0, week: 0, later: 0, none: 0 };
      for (const t of tallies) {
        const p = byProcedure.get(t.procedureId) ?? { key: t.procedureId, title: t.procedureTitle, count: 0 };
        p.count += t.total;
        byProcedure.set(t.procedureId, p);
        const stepKey = `${t.procedureId}/${t.stepId}`;
        const s = byStep.get(stepKey) ?? {
          key: t.stepId,
          procedureId: t.procedureId,
          title: await stepTitle(t.procedureId, t.procedureVersion, t.definitionHash, t.stepId),
          count: 0,
        };
        s.count += t.total;
        byStep.set(stepKey, s);
        byDue.late += t.late;
        byDue.today += t.today;
        byDue.week += t.week;
        byDue.none += t.none;
        byDue.later += t.total - t.late - t.week - t.none;
      }
      return {
        total: tallies.reduce((sum, t) => sum + t.total, 0),
        byProcedure: [...byProcedure.values()],
        byStep: [...byStep.values()],
        byDue,
      };
    },
  );

  api.get(
    "/api/tasks/workload",
    {
      schema: {
        tags,
        summary: "Charge de travail des unités que l'on dirige / workload of the units one heads",
        response: { 200: workload, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      const directory = await directoryOf(db, user.organisation);
      const unitIds = headedUnits(directory, user.id);
      if (unitIds.length === 0)
        throw forbidden({ fr: "réservé aux chefs d'unité", en: "reserved to the heads of units" });
      const tallies = await workloadOf(db, { organisation: user.organisation, unitIds, now: clock() });
      const units = unitIds
        .map((id) => directory.unit(id))
        .filter((u) => u !== null)
        .sort((a, b) => a.name.localeCompare(b.name, "fr"));
      return {
        units: units.map((unit) => {
          const here = tallies.filter((t) => t.unitId === unit.id);
          const queue = here.find((t) => t.assigneeId === null);
          // Everyone of the unit, those with nothing too; and whoever holds one of its tasks.
          const ids = new Set([
            ...directory.activeMembersOf(unit.id),
            ...here.flatMap((t) => (t.assigneeId ? [t.assigneeId] : [])),
          ]);
          const people = [...ids]
            .map((id) => directory.person(id))
            .filter((p) => p !== null)
            .map((p) => {
              const held = here.find((t) => t.assigneeId === p.id);
              return {
                person: { id: p.id, matricule: p.matricule, name: p.name },
                open: held?.open ?? 0,
                late: held?.late ?? 0,
              };
            })
            .sort((a, b) => b.open - a.open || a.person.name.localeCompare(b.person.name, "fr"));
          return {
            unit: { id: unit.id, code: unit.code, name: unit.name },
            queue: { open: queue?.open ?? 0, late: queue?.late ?? 0 },
            people,
          };
        }),
      };
    },
  );

  api.post(
    "/api/tasks/:taskId/actions",
    {
      schema: {
        tags,
        params: taskIdParams,
        body: taskActionBody,
        response: { 200: caseView, ...commonProblems },
      },
    },
    async (request) => {
      const caller = await authenticate(db, request);
      const { expectedVersion, ...rest } = request.body;
      return inOperation(
        db,
        { organisation: caller.user.organisation, caller, now: clock() },
        async (ctx) => {
          const task = await findTask(ctx.tx, request.params.taskId);
          if (!task) throw notFound({ fr: "tâche", en: "task" });
          // Whoever may act on a task may read its case; anyone else is refused before the engine.
          await readableCase(ctx.tx, await caseReader(ctx.tx, caller.user, ctx.now), task.caseId);
          const action = { ...rest, tokenId: task.tokenId };
          const row = await actOnCase(ctx, { caseId: task.caseId, action, expectedVersion });
          return presentCase(ctx.tx, row, caller.user, ctx.now);
        },
      );
    },
  );
}

/** Step titles, from the definitions kept in memory by content hash (read once per process). */
function stepTitles(db: Db, organisation: string) {
  return async (procedureId: string, version: number, hash: string, stepId: string): Promise<string> => {
    const def = await definitionWithHash(db, { organisation, id: procedureId, version }, hash);
    return def?.steps.find((s) => s.id === stepId)?.title ?? stepId;
  };
}
