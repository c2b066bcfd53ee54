import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { attachmentParams, caseIdParams } from "../../../shared/api/cases.js";
import { commonProblems } from "../../../shared/api/problem.js";
import { attachDocument } from "../../commands/documentAttacher.js";
import type { Db } from "../../db/database.js";
import { type AttachmentRow, findAttachment } from "../../db/queries/attachments.js";
import type { UserRow } from "../../db/queries/orgChart.js";
import { notFound } from "../../errors.js";
import { contentDisposition, isPreviewable } from "../../http/contentDisposition.js";
import { currentUser } from "../../identity.js";
import { caseReader, readableCase } from "../../policies/caseAccess.js";
import type { FileStore } from "../../storage/fileStore.js";
import { checkedMediaType } from "../../storage/mediaTypes.js";

const MAX_BYTES = 25 * 1024 * 1024;

const uploaded = z.object({
  id: z.uuid(),
  sha256: z.string(),
  size: z.number().int(),
  fileName: z.string(),
  mediaType: z.string(),
  documentId: z.string().nullable(),
});

const fileResponse = {
  200: {
    description: "Le fichier, avec son type enregistré / the file, with its stored type",
    content: { "application/octet-stream": { schema: z.unknown() } },
  },
  ...commonProblems,
};

/** Uploads take the file as the raw request body: no multipart parsing, no temporary files. */
export async function attachmentRoutes(app: FastifyInstance, db: Db, store: FileStore, clock: () => Date) {
  const tags = ["documents"];
  await app.register(async (scope) => {
    // Every upload arrives as bytes, text and JSON included: the type check below sees them raw.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_BYTES }, (_request, body, done) => {
      done(null, body);
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();
    api.post(
      "/api/cases/:caseId/attachments",
      {
        schema: {
          tags,
          summary:
            "Joindre un document (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, texte, CSV ; 25 Mo) / attach a document",
          params: caseIdParams,
          querystring: z.object({
            fileName: z.string().min(1).max(255),
            documentId: z.string().min(1).max(100).optional(),
          }),
          response: { 201: uploaded, ...commonProblems, 415: commonProblems[422] },
        },
      },
      async (request, reply) => {
        const user = await currentUser(db, request);
        await readableCase(db, await caseReader(db, user, clock()), request.params.caseId);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const mediaType = checkedMediaType(request.headers["content-type"], bytes);
        const row = await attachDocument(
          db,
          store,
          {
            caseId: request.params.caseId,
            user,
            fileName: request.query.fileName,
            documentId: request.query.documentId ?? null,
            mediaType,
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

  const api = app.withTypeProvider<ZodTypeProvider>();

  /** The attachment, if it exists and the caller may read its case (403 otherwise). */
  async function readableAttachment(user: UserRow, attachmentId: string, caseId?: string) {
    const row = await findAttachment(db, attachmentId);
    if (!row?.caseId || (caseId && row.caseId !== caseId)) throw notFound({ fr: "document", en: "document" });
    await readableCase(db, await caseReader(db, user, clock()), row.caseId);
    return row;
  }

  api.get(
    "/api/cases/:caseId/attachments/:attachmentId/content",
    {
      schema: {
        tags,
        summary: "Télécharger un document du dossier / download a case document",
        params: attachmentParams,
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const row = await readableAttachment(user, request.params.attachmentId, request.params.caseId);
      return sendFile(reply, row, await store.get(row.sha256));
    },
  );

  api.get(
    "/api/attachments/:attachmentId",
    {
      schema: {
        tags,
        summary: "Télécharger un document (par son seul identifiant) / download a document by id",
        params: z.object({ attachmentId: z.uuid() }),
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const row = await readableAttachment(user, request.params.attachmentId);
      return sendFile(reply, row, await store.get(row.sha256));
    },
  );
}

/**
 * The stored bytes: the stored type, never sniffed, the name encoded per RFC 5987. PDF and images
 * are sent `inline` so the browser previews them (« Aperçu »); anything else is a download.
 */
function sendFile(reply: FastifyReply, row: AttachmentRow, bytes: Buffer) {
  return reply
    .header("content-type", row.mediaType)
    .header(
      "content-disposition",
      contentDisposition(isPreviewable(row.mediaType) ? "inline" : "attachment", row.fileName),
    )
    .header("x-content-type-options", "nosniff")
    .header("x-content-sha256", row.sha256)
    .send(bytes);
}
