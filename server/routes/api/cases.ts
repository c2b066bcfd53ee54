import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  caseActionBody,
  caseExportQuery,
  caseIdParams,
  caseList,
  caseSearchQuery,
  caseView,
  commentBody,
  historyPage,
  historyQuery,
  startCaseBody,
} from "../../../shared/api/cases.js";
import { commonProblems } from "../../../shared/api/problem.js";
import { loadCalendar } from "../../commands/calendarLoader.js";
import { actOnCase } from "../../commands/caseActor.js";
import { exportCaseRegister } from "../../commands/caseRegisterExporter.js";
import { startCase } from "../../commands/caseStarter.js";
import { submitFirstForm } from "../../commands/firstFormSubmitter.js";
import { inOperation } from "../../context/operationContext.js";
import type { Db } from "../../db/database.js";
import { searchCases } from "../../db/queries/caseSearch.js";
import { findDefinitionInForce } from "../../db/queries/definitions.js";
import { listCaseEventsPage } from "../../db/queries/events.js";
import { peopleByIds } from "../../db/queries/people.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { authenticate, currentUser } from "../../identity.js";
import { dueBoundsIn } from "../../orgChart/dueBounds.js";
import { caseReader, readableCase } from "../../policies/caseAccess.js";
import { assertMayStartCase } from "../../policies/caseStart.js";
import type { FileStore } from "../../storage/fileStore.js";
import { presentListItems } from "./caseListPresenter.js";
import { presentCase, presentEvent } from "./casePresenter.js";

/** Ten files of the first form in base64, with room for the form itself. */
const FIRST_FORM_MAX_BYTES = 40 * 1024 * 1024;

export function caseRoutes(app: FastifyInstance, db: Db, store: FileStore, clock: () => Date): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["dossiers"];

  api.post(
    "/api/cases",
    {
      // The first form may carry its files (base64): 25 MB each at most, as uploads.
      bodyLimit: FIRST_FORM_MAX_BYTES,
      schema: { tags, body: startCaseBody, response: { 201: caseView, ...commonProblems } },
    },
    async (request, reply) => {
      const caller = await authenticate(db, request);
      const { user } = caller;
      const { procedureId, title, data, externalRequester, submit } = request.body;
      const view = await inOperation(
        db,
        { organisation: user.organisation, caller, now: clock() },
        async (ctx) => {
          const def = await findDefinitionInForce(ctx.tx, ctx.organisation, procedureId);
          assertMayStartCase(await ctx.directory(), user, procedureId, def);
          const start = {
            procedureId,
            // A secretary registering a letter opens the case for its sender, who has no account.
            requester: externalRequester ? { external: externalRequester } : { userId: user.id },
            data: data ?? {},
            ...(title ? { title } : {}),
          };
          const row =
            submit && def
              ? await submitFirstForm(ctx, store, def, user, start, submit)
              : await startCase(ctx, start);
          return presentCase(ctx.tx, row, user, ctx.now);
        },
      );
      return reply.code(201).send(view);
    },
  );

  api.get(
    "/api/cases",
    {
      schema: {
        tags,
        summary: "Recherche des dossiers lisibles / search the cases one may read",
        querystring: caseSearchQuery,
        response: { 200: caseList, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      const { cursor, limit, ...filters } = request.query;
      const key = cursor ? decodeCursor(cursor, ["date", "uuid"]) : null;
      const now = clock();
      const { timeZone } = await loadCalendar(db, user.organisation);
      const rows = await searchCases(db, await caseReader(db, user, now), {
        filters,
        timeZone,
        bounds: dueBoundsIn(timeZone, now),
        after: key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : null,
        limit: limit + 1,
      });
      const page = cutPage(rows, limit, (r) => [r.case.createdAt.toISOString(), r.case.id]);
      return { nextCursor: page.nextCursor, items: await presentListItems(db, page.items) };
    },
  );

  api.get(
    "/api/cases/export",
    {
      schema: {
        tags,
        summary: "Registre (CSV ou XLSX), en flux / the register (CSV or XLSX), streamed",
        querystring: caseExportQuery,
        response: {
          200: {
            description: "text/csv (UTF-8 with BOM) or XLSX",
            content: {
              "text/csv": { schema: z.string() },
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.unknown() },
            },
          },
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const { format, separator, ...filters } = request.query;
      const { timeZone } = await loadCalendar(db, user.organisation);
      const reader = await caseReader(db, user, clock());
      const stream = exportCaseRegister(
        db,
        reader,
        filters,
        { timeZone, bounds: dueBoundsIn(timeZone, clock()) },
        format,
        separator === "comma" ? "," : ";",
      );
      const stamp = clock().toISOString().slice(0, 10);
      if (format === "xlsx") {
        return reply
          .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .header("content-disposition", `attachment; filename="registre-${stamp}.xlsx"`)
          .send(stream);
      }
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="registre-${stamp}.csv"`)
        .send(stream);
    },
  );

  api.get(
    "/api/cases/:caseId",
    { schema: { tags, params: caseIdParams, response: { 200: caseView, ...commonProblems } } },
    async (request) => {
      const user = await currentUser(db, request);
      return presentCase(
        db,
        await readableCase(db, await caseReader(db, user, clock()), request.params.caseId),
        user,
        clock(),
      );
    },
  );

  api.get(
    "/api/cases/:caseId/history",
    {
      schema: {
        tags,
        summary: "Historique du dossier, par page / the case's history, paged",
        params: caseIdParams,
        querystring: historyQuery,
        response: { 200: historyPage, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      const row = await readableCase(db, await caseReader(db, user, clock()), request.params.caseId);
      const { cursor, limit } = request.query;
      const afterSeq = cursor ? Number(decodeCursor(cursor, ["integer"])[0]) : 0;
      const rows = await listCaseEventsPage(db, row.id, Number.isFinite(afterSeq) ? afterSeq : 0, limit + 1);
      const page = cutPage(rows, limit, (e) => [e.seq]);
      const people = await peopleByIds(
        db,
        page.items.flatMap((e) => [e.actorUserId, e.onBehalfOfUserId]),
      );
      return { nextCursor: page.nextCursor, items: page.items.map((e) => presentEvent(e, people)) };
    },
  );

  api.post(
    "/api/cases/:caseId/actions",
    {
      schema: {
        tags,
        params: caseIdParams,
        body: caseActionBody,
        response: { 200: caseView, ...commonProblems },
      },
    },
    async (request) => {
      const caller = await authenticate(db, request);
      const { expectedVersion, ...action } = request.body;
      return inOperation(
        db,
        { organisation: caller.user.organisation, caller, now: clock() },
        async (ctx) => {
          // Nobody acts on (comments, cancels) a case they may not read.
          await readableCase(ctx.tx, await caseReader(ctx.tx, caller.user, ctx.now), request.params.caseId);
          const row = await actOnCase(ctx, { caseId: request.params.caseId, action, expectedVersion });
          return presentCase(ctx.tx, row, caller.user, ctx.now);
        },
      );
    },
  );

  api.post(
    "/api/cases/:caseId/comments",
    {
      schema: {
        tags,
        summary: "Commenter le dossier / comment on the case",
        params: caseIdParams,
        body: commentBody,
        response: { 201: caseView, ...commonProblems },
      },
    },
    async (request, reply) => {
      const caller = await authenticate(db, request);
      const { expectedVersion, text } = request.body;
      const view = await inOperation(
        db,
        { organisation: caller.user.organisation, caller, now: clock() },
        async (ctx) => {
          await readableCase(ctx.tx, await caseReader(ctx.tx, caller.user, ctx.now), request.params.caseId);
          const action = { type: "comment" as const, text };
          const row = await actOnCase(ctx, { caseId: request.params.caseId, action, expectedVersion });
          return presentCase(ctx.tx, row, caller.user, ctx.now);
        },
      );
      return reply.code(201).send(view);
    },
  );
}
