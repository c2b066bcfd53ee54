import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { availableActions } from "../../../engine/case/availableActions.js";
import {
  caseActionBody,
  caseIdParams,
  startCaseBody,
  taskActionBody,
  taskIdParams,
} from "../../../shared/api/cases.js";
import { actOnCase } from "../../commands/caseActor.js";
import { startCase } from "../../commands/caseStarter.js";
import type { Db } from "../../db/database.js";
import { listCaseAttachments } from "../../db/queries/attachments.js";
import { type CaseRow, findCase } from "../../db/queries/cases.js";
import { listCaseComments } from "../../db/queries/comments.js";
import { findDefinition, findDefinitionInForce } from "../../db/queries/definitions.js";
import { listCaseEvents } from "../../db/queries/events.js";
import type { UserRow } from "../../db/queries/orgChart.js";
import { findTask, inboxOf, listCaseTasks } from "../../db/queries/tasks.js";
import { notFound } from "../../errors.js";
import { currentUser } from "../../identity.js";
import { resolveActor, Units } from "../../orgChart/actorResolution.js";
import { mayReadCase } from "../../policies/caseAccess.js";
import { assertMayStartCase } from "../../policies/caseStart.js";

export function caseRoutes(app: FastifyInstance, db: Db, clock: () => Date): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post("/api/cases", { schema: { tags: ["dossiers"], body: startCaseBody } }, async (request, reply) => {
    const user = await currentUser(db, request);
    const { procedureId } = request.body;
    await assertMayStartCase(db, user, procedureId, await findDefinitionInForce(db, procedureId));
    const row = await startCase(
      db,
      { procedureId: request.body.procedureId, requesterId: user.id, data: request.body.data ?? {} },
      clock(),
    );
    return reply.code(201).send(await presentCase(db, row, user));
  });

  api.get("/api/cases/:caseId", { schema: { tags: ["dossiers"], params: caseIdParams } }, async (request) => {
    const user = await currentUser(db, request);
    const row = await findCase(db, request.params.caseId);
    // A case the caller may not read is answered like one that does not exist.
    if (!row || !(await mayReadCase(db, user, row))) throw notFound({ fr: "dossier", en: "case" });
    return presentCase(db, row, user);
  });

  api.post(
    "/api/cases/:caseId/actions",
    { schema: { tags: ["dossiers"], params: caseIdParams, body: caseActionBody } },
    async (request) => {
      const user = await currentUser(db, request);
      // Nobody acts on (comments, cancels) a case they may not read.
      const current = await findCase(db, request.params.caseId);
      if (!current || !(await mayReadCase(db, user, current))) throw notFound({ fr: "dossier", en: "case" });
      const { expectedVersion, ...action } = request.body;
      const row = await actOnCase(
        db,
        { caseId: request.params.caseId, userId: user.id, action, expectedVersion },
        clock(),
      );
      return presentCase(db, row, user);
    },
  );

  api.get("/api/tasks", { schema: { tags: ["corbeille"] } }, async (request) => {
    const user = await currentUser(db, request);
    const rows = await inboxOf(db, user.id);
    return {
      tasks: rows.map((r) => ({
        id: r.task.id,
        caseId: r.task.caseId,
        registryNumber: r.registryNumber,
        procedureId: r.procedureId,
        caseVersion: r.caseVersion,
        stepId: r.task.stepId,
        actorCode: r.task.actorCode,
        dueAt: r.task.dueAt?.toISOString() ?? null,
        createdAt: r.task.createdAt.toISOString(),
      })),
    };
  });

  api.post(
    "/api/tasks/:taskId/actions",
    { schema: { tags: ["corbeille"], params: taskIdParams, body: taskActionBody } },
    async (request) => {
      const user = await currentUser(db, request);
      const task = await findTask(db, request.params.taskId);
      if (!task) throw notFound({ fr: "tâche", en: "task" });
      const { expectedVersion, ...rest } = request.body;
      const row = await actOnCase(
        db,
        { caseId: task.caseId, userId: user.id, action: { ...rest, tokenId: task.tokenId }, expectedVersion },
        clock(),
      );
      return presentCase(db, row, user);
    },
  );
}

/** A case as its reader sees it: state, open and closed tasks, history, and what they may do now. */
async function presentCase(db: Db, row: CaseRow, user: UserRow) {
  const def = await findDefinition(db, row.procedureId, row.procedureVersion);
  if (!def) throw notFound({ fr: "définition de la procédure", en: "procedure definition" });
  const actor = await resolveActor(
    db,
    await Units.load(db, row.organisation),
    def,
    { organisation: row.organisation, requesterId: row.requesterId, state: row.state },
    user,
  );
  const [tasks, history, comments, attachments] = await Promise.all([
    listCaseTasks(db, row.id),
    listCaseEvents(db, row.id),
    listCaseComments(db, row.id),
    listCaseAttachments(db, row.id),
  ]);
  return {
    id: row.id,
    registryNumber: row.registryNumber,
    procedure: { id: def.id, version: def.version, title: def.title },
    status: row.status,
    version: row.version,
    data: row.state.data,
    currentSteps: row.state.tokens.map((t) => ({
      stepId: t.stepId,
      title: def.steps.find((s) => s.id === t.stepId)?.title ?? t.stepId,
      dueAt: t.dueAt,
    })),
    tasks: tasks.map((t) => ({
      id: t.id,
      stepId: t.stepId,
      status: t.status,
      actorCode: t.actorCode,
      roleCode: t.roleCode,
      unitId: t.unitId,
      assigneeId: t.assigneeId,
      dueAt: t.dueAt?.toISOString() ?? null,
      closedAt: t.closedAt?.toISOString() ?? null,
    })),
    // Actions name the task to post to, not the engine's token.
    actions: availableActions(def, row.state, actor).map((a) =>
      "tokenId" in a
        ? { ...a, taskId: tasks.find((t) => t.tokenId === a.tokenId && t.status === "open")?.id ?? null }
        : a,
    ),
    history: history.map((e) => ({
      seq: e.seq,
      type: e.type,
      actorUserId: e.actorUserId,
      actorRole: e.actorRole,
      stepBefore: e.stepBefore,
      stepAfter: e.stepAfter,
      payload: e.payload,
      occurredAt: e.occurredAt.toISOString(),
    })),
    comments: comments.map((c) => ({
      id: c.id,
      authorId: c.authorId,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      documentId: a.documentId,
      fileName: a.fileName,
      mediaType: a.mediaType,
      size: a.size,
      sha256: a.sha256,
      uploadedAt: a.uploadedAt.toISOString(),
    })),
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}
