import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { OrganisationDocuments } from "../../../catalog/documentCatalog.js";
import { caseIdParams } from "../../../shared/api/cases.js";
import {
  caseDocuments,
  documentIssueParams,
  issueRequestView,
  summaryQuery,
} from "../../../shared/api/documents.js";
import { commonProblems } from "../../../shared/api/problem.js";
import { printCaseSummary } from "../../commands/caseSummaryPrinter.js";
import { checkDocumentIssue } from "../../commands/documentIssuer.js";
import type { Db } from "../../db/database.js";
import { listCaseAttachments } from "../../db/queries/attachments.js";
import { findDefinition } from "../../db/queries/definitions.js";
import { listCaseEvents } from "../../db/queries/events.js";
import { listCaseIssuedDocuments, listPendingDocumentJobs } from "../../db/queries/issuedDocuments.js";
import { issueDocumentJob } from "../../documents/issueDocumentJob.js";
import { notFound } from "../../errors.js";
import { contentDisposition, isPreviewable } from "../../http/contentDisposition.js";
import { currentUser } from "../../identity.js";
import { enqueueJob } from "../../jobs/queue.js";
import { caseReader, readableCase } from "../../policies/caseAccess.js";

export interface DocumentRoutesOptions {
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
        pending: (await listPendingDocumentJobs(db, row.organisation, row.id)).map((p) => ({
          documentId: p.documentId,
          code: p.code,
          status: p.status,
          requestedAt: p.createdAt.toISOString(),
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
          "Demander un document officiel : vérifié ici, dessiné par une tâche de fond (PDF vérifiable, joint au dossier, empreinte dans la piste d'audit), puis listé dans les documents du dossier / ask for an official document: checked here, drawn by a background job (verifiable PDF, attached, hash in the audit trail), then listed with the case's documents",
        params: documentIssueParams,
        response: { 202: issueRequestView, ...commonProblems, 409: commonProblems[422] },
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      await readableCase(db, await caseReader(db, user, clock()), request.params.caseId);
      const now = clock();
      const asked = await checkDocumentIssue(db, options.catalog, options.publicUrl, {
        caseId: request.params.caseId,
        documentId: request.params.documentId,
        user,
      });
      const jobId = await enqueueJob(db, {
        job: issueDocumentJob,
        payload: {
          caseId: asked.caseId,
          documentId: asked.documentId,
          code: asked.code,
          requestedBy: user.id,
        },
        runAt: now,
        organisation: asked.organisation,
        key: `document:${asked.code}`,
      });
      return reply.code(202).send({ code: asked.code, url: asked.url, status: "queued", jobId: jobId! });
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
