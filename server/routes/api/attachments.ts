import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { attachDocument } from "../../commands/documentAttacher.js";
import type { Db } from "../../db/database.js";
import { findAttachment } from "../../db/queries/attachments.js";
import { findCase } from "../../db/queries/cases.js";
import { notFound } from "../../errors.js";
import { currentUser } from "../../identity.js";
import { mayReadCase } from "../../policies/caseAccess.js";
import type { FileStore } from "../../storage/fileStore.js";

const MAX_BYTES = 25 * 1024 * 1024;

/** Uploads take the file as the raw request body: no multipart parsing, no temporary files. */
export async function attachmentRoutes(app: FastifyInstance, db: Db, store: FileStore, clock: () => Date) {
  await app.register(async (scope) => {
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_BYTES }, (_request, body, done) => {
      done(null, body);
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();
    api.post(
      "/api/cases/:caseId/attachments",
      {
        schema: {
          tags: ["documents"],
          params: z.object({ caseId: z.uuid() }),
          querystring: z.object({
            fileName: z.string().min(1).max(255),
            documentId: z.string().min(1).max(100).optional(),
          }),
        },
      },
      async (request, reply) => {
        const user = await currentUser(db, request);
        const bytes = Buffer.isBuffer(request.body)
          ? request.body
          : Buffer.from(JSON.stringify(request.body ?? ""));
        const row = await attachDocument(
          db,
          store,
          {
            caseId: request.params.caseId,
            user,
            fileName: request.query.fileName,
            documentId: request.query.documentId ?? null,
            mediaType: request.headers["content-type"] ?? "application/octet-stream",
            bytes,
          },
          clock(),
        );
        return reply.code(201).send({
          id: row.id,
          sha256: row.sha256,
          size: row.size,
          fileName: row.fileName,
          mediaType: row.mediaType,
          documentId: row.documentId,
        });
      },
    );
  });

  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      "/api/attachments/:attachmentId",
      { schema: { tags: ["documents"], params: z.object({ attachmentId: z.uuid() }) } },
      async (request, reply) => {
        const user = await currentUser(db, request);
        const row = await findAttachment(db, request.params.attachmentId);
        // A document is read with its case: whoever may not read the case does not learn it exists.
        const owner = row?.caseId ? await findCase(db, row.caseId) : null;
        if (!row || !owner || !(await mayReadCase(db, user, owner))) {
          throw notFound({ fr: "document", en: "document" });
        }
        const bytes = await store.get(row.sha256);
        return reply
          .header("content-type", row.mediaType)
          .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(row.fileName)}`)
          .header("x-content-sha256", row.sha256)
          .send(bytes);
      },
    );
}
