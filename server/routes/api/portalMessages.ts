import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { caseIdParams } from "../../../shared/api/cases.js";
import { officeMessageBody, officeMessages } from "../../../shared/api/portal.js";
import { commonProblems } from "../../../shared/api/problem.js";
import { postOfficeMessage } from "../../commands/officeMessenger.js";
import { presentPortalMessage, requesterDocuments } from "../../commands/portalTracking.js";
import { inOperation } from "../../context/operationContext.js";
import type { Db } from "../../db/database.js";
import type { CaseRow } from "../../db/queries/cases.js";
import { peopleByIds } from "../../db/queries/people.js";
import { listPortalMessages } from "../../db/queries/portal.js";
import { authenticate } from "../../identity.js";
import { caseReader, readableCase } from "../../policies/caseAccess.js";

/**
 * The office's side of the portal thread, on the case page: the messages exchanged with a
 * requester without an account, and a reply (optionally asking for a document).
 */
export function portalMessageRoutes(app: FastifyInstance, db: Db, clock: () => Date): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["portail"];

  async function present(tx: Db, row: CaseRow) {
    const messages = await listPortalMessages(tx, row.organisation, row.id);
    const people = await peopleByIds(
      tx,
      messages.map((m) => m.authorId),
    );
    const attachments = (await requesterDocuments(tx, row)).map((d) => d.attachment);
    return {
      reachable: row.trackingSecretHash !== null,
      items: messages.map((m) => ({
        ...presentPortalMessage(m, attachments),
        authorName: m.authorId
          ? (people.get(m.authorId)?.name ?? null)
          : (row.externalRequester?.name ?? null),
      })),
    };
  }

  api.get(
    "/api/cases/:caseId/portal-messages",
    {
      schema: {
        tags,
        summary: "Échanges avec le demandeur du portail / the thread with the portal's requester",
        params: caseIdParams,
        response: { 200: officeMessages, ...commonProblems },
      },
    },
    async (request) => {
      const caller = await authenticate(db, request);
      const row = await readableCase(db, await caseReader(db, caller.user, clock()), request.params.caseId);
      return present(db, row);
    },
  );

  api.post(
    "/api/cases/:caseId/portal-messages",
    {
      schema: {
        tags,
        summary:
          "Écrire au demandeur du portail, éventuellement lui demander un document / write to the portal's requester, optionally asking for a document",
        params: caseIdParams,
        body: officeMessageBody,
        response: { 201: officeMessages, ...commonProblems },
      },
    },
    async (request, reply) => {
      const caller = await authenticate(db, request);
      const view = await inOperation(
        db,
        { organisation: caller.user.organisation, caller, now: clock() },
        async (ctx) => {
          const row = await readableCase(
            ctx.tx,
            await caseReader(ctx.tx, caller.user, ctx.now),
            request.params.caseId,
          );
          await postOfficeMessage(ctx, row, request.body);
          return present(ctx.tx, row);
        },
      );
      return reply.code(201).send(view);
    },
  );
}
