import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { OrganisationDocuments } from "../../../catalog/documentCatalog.js";
import { caseIdParams } from "../../../shared/api/cases.js";
import {
  caseDocuments,
  documentIssueParams,
  issuedDocumentView,
  summaryQuery,
} from "../../../shared/api/documents.js";
import { commonProblems } from "../../../shared/api/problem.js";
import { printCaseSummary } from "../../commands/caseSummaryPrinter.js";
import { issueDocument } from "../../commands/documentIssuer.js";
import type { Db } from "../../db/database.js";
import { listCaseAttachments } from "../../db/queries/attachments.js";
import { findDefinition } from "../../db/queries/definitions.js";
import { listCaseEvents } from "../../db/queries/events.js";
import { listCaseIssuedDocuments } from "../../db/queries/issuedDocuments.js";
import { notFound } from "../../errors.js";
import { contentDisposition, isPreviewable } from "../../http/contentDisposition.js";
import { currentUser } from "../../identity.js";
import { caseReader, readableCase } from "../../policies/caseAccess.js";
import type { FileStore } from "../../storage/fileStore.js";

export interface DocumentRoutesOptions {
  store: FileStore;
  catalog: ReadonlyMap<string, OrganisationDocuments>;
  /** Where the public verification page is reached from outside: printed on every document. */
  publicUrl: string;
  clock: () => Date;
}

/** A case's documents listed by title, official documents issued from templates, the printable summary. */
export function documentRoutes(app: FastifyInstance, db: Db, options: DocumentRoutesOptions) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["documents"];
  const { clock } = options;

  api.get(
    "/api/cases/:caseId/documents",
    {
      schema: {
        tags,
        summary:
          "Documents du dossier, par titre, et documents officiels que la procédure rédige / a case's documents by title, and the official documents its procedure writes",
        params: caseIdParams,
        response: { 200: caseDocuments, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      const row = await readableCase(db, await caseReader(db, user, clock()), request.params.caseId);
      const def = await findDefinition(db, {
        organisation: row.organisation,
        id: row.procedureId,
        version: row.procedureVersion,
      });
      if (!def) throw notFound({ fr: "définition de la procédure", en: "procedure definition" });
      const titles = new Map(
        def.steps.flatMap((s) => (s.documents ?? []).map((d) => [d.id, d.title] as const)),
      );
      const issued = new Map((await listCaseIssuedDocuments(db, row.id)).map((d) => [d.attachmentId, d]));
      const done = new Set(
        (await listCaseEvents(db, row.id))
          .filter((e) => e.type === "step_completed")
          .map((e) => String(e.payload.stepId ?? e.stepBefore)),
      );
      const base = options.publicUrl.replace(/\/+$/, "");
      return {
        items: (await listCaseAttachments(db, row.id)).map((a) => {
          const official = issued.get(a.id);
          return {
            id: a.id,
            documentId: a.documentId,
            title: official?.title ?? ((a.documentId && titles.get(a.documentId)) || a.fileName),
            fileName: a.fileName,
            mediaType: a.mediaType,
            size: a.size,
            sha256: a.sha256,
            uploadedAt: a.uploadedAt.toISOString(),
            previewable: isPreviewable(a.mediaType),
            issued: official ? { code: official.code, url: `${base}/verifier/${official.code}` } : null,
          };
        }),
        templates: (def.documentTemplates ?? []).map((t) => ({
          documentId: t.document,
          title: titles.get(t.document) ?? t.document,
          stepId: t.step,
          stepTitle: def.steps.find((s) => s.id === t.step)?.title ?? t.step,
          ready: done.has(t.step),
        })),
      };
    },
  );

  api.post(
    "/api/cases/:caseId/documents/:documentId/issue",
    {
      schema: {
        tags,
        summary:
          "Éditer un document officiel (PDF vérifiable, joint au dossier, empreinte dans la piste d'audit) / issue an official document (verifiable PDF, attached, hash in the audit trail)",
        params: documentIssueParams,
        response: { 201: issuedDocumentView, ...commonProblems, 409: commonProblems[422] },
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      await readableCase(db, await caseReader(db, user, clock()), request.params.caseId);
      const issued = await issueDocument(
        db,
        options.store,
        options.catalog,
        options.publicUrl,
        { caseId: request.params.caseId, documentId: request.params.documentId, user },
        clock(),
      );
      return reply.code(201).send({
        code: issued.code,
        url: issued.url,
        title: issued.title,
        attachmentId: issued.attachment.id,
        sha256: issued.attachment.sha256,
        fileName: issued.attachment.fileName,
      });
    },
  );

  api.get(
    "/api/cases/:caseId/summary.pdf",
    {
      schema: {
        tags,
        summary: "Fiche de suivi du dossier (PDF) / the case's printable summary (PDF)",
        params: caseIdParams,
        querystring: summaryQuery,
        response: {
          200: {
            description: "La fiche de suivi / the case summary",
            content: { "application/pdf": { schema: z.unknown() } },
          },
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const row = await readableCase(db, await caseReader(db, user, clock()), request.params.caseId);
      const { bytes, fileName } = await printCaseSummary(
        db,
        options.catalog,
        row,
        request.query.lang,
        clock(),
      );
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", contentDisposition("inline", fileName))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "no-store")
        .send(bytes);
    },
  );
}
