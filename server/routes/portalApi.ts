import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  emailCodeBody,
  portalCatalog,
  portalChallenge,
  portalOrganisationParams,
  submissionBody,
  submissionReceipt,
  trackingBody,
  trackingDocumentBody,
  trackingFileBody,
  trackingMessageBody,
  trackingRatingBody,
  trackingReopenBody,
  trackingView,
} from "../../shared/api/portal.js";
import { commonProblems, problem } from "../../shared/api/problem.js";
import {
  addRequesterDocument,
  addRequesterMessage,
  rateCase,
  reopenCase,
} from "../commands/portalRequester.js";
import { submitToPortal } from "../commands/portalSubmitter.js";
import { openTrackedCase, requesterDocuments, trackingViewOf } from "../commands/portalTracking.js";
import type { Db } from "../db/database.js";
import { findOrganisationName } from "../db/queries/issuedDocuments.js";
import { procedureCounters } from "../db/queries/portal.js";
import { notFound } from "../errors.js";
import { contentDisposition } from "../http/contentDisposition.js";
import { enqueueJob } from "../jobs/queue.js";
import { newChallenge } from "../portal/challenge.js";
import { currentWindow } from "../portal/emailCode.js";
import { portalKey } from "../portal/portalKey.js";
import { sendEmailCodeJob } from "../portal/portalMail.js";
import {
  findPublicProcedure,
  firstStep,
  listPublicProcedures,
  MEDIA_TYPES,
  publicSettings,
} from "../portal/publicProcedures.js";
import { takeAttempt } from "../portal/throttles.js";
import { trackingHash } from "../portal/trackingCode.js";
import type { FileStore } from "../storage/fileStore.js";

/** Submissions carry their documents in base64: up to ten of the largest allowed (20 MB) would not fit. */
const SUBMISSION_BODY_LIMIT = 40 * 1024 * 1024;

const tooMany = { 429: problem, 413: problem, 415: problem };

/**
 * The public portal's API: no session is read (the back office's cookie is scoped to it but
 * ignored), no account exists. Anyone may read an organisation's public procedures and counters
 * and submit a request (limited, with a proof of work); the public caller holding a tracking code
 * reads and acts on that one case, and nothing else.
 */
export function portalApiRoutes(app: FastifyInstance, db: Db, store: FileStore, clock: () => Date): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["portail"];

  async function organisationName(code: string): Promise<string> {
    const name = await findOrganisationName(db, code);
    if (!name) throw notFound({ fr: "portail", en: "portal" });
    return name;
  }

  api.get(
    "/api/portal/:organisation",
    {
      schema: {
        tags,
        summary:
          "Démarches ouvertes au public et leurs compteurs (public) / procedures open to the public and their counters (public)",
        params: portalOrganisationParams,
        response: { 200: portalCatalog, ...commonProblems },
      },
    },
    async (request) => {
      const code = request.params.organisation;
      const name = await organisationName(code);
      const defs = await listPublicProcedures(db, code);
      const counters = await procedureCounters(
        db,
        code,
        defs.map((d) => d.id),
      );
      return {
        organisation: { code, name },
        procedures: defs.map((def) => {
          const settings = publicSettings(def)!;
          const step = firstStep(def);
          const counter = counters.find((c) => c.procedureId === def.id)!;
          return {
            id: def.id,
            title: def.title,
            purpose: def.purpose ?? null,
            audience: settings.audience ?? null,
            emailVerification: settings.emailVerification,
            fields: (step.form ?? []).map((f) => ({
              id: f.id,
              label: f.label,
              type: f.type,
              required: f.required,
              ...(f.options ? { options: f.options } : {}),
              ...(f.help ? { help: f.help } : {}),
            })),
            documents: (step.documents ?? []).map((d) => ({
              id: d.id,
              title: d.title,
              required: d.required,
            })),
            documentTypes: settings.documentTypes.map((t) => MEDIA_TYPES[t]),
            maxDocumentBytes: settings.maxDocumentMB * 1024 * 1024,
            counters: {
              received: counter.received,
              inProgress: counter.inProgress,
              closed: counter.closed,
              averageHours: counter.averageHours,
            },
          };
        }),
      };
    },
  );

  api.get(
    "/api/portal/:organisation/challenge",
    {
      schema: {
        tags,
        summary:
          "Défi de preuve de travail (ALTCHA), plus coûteux pour une adresse qui envoie beaucoup (public) / proof-of-work challenge (public)",
        params: portalOrganisationParams,
        response: { 200: portalChallenge, ...commonProblems },
      },
    },
    async (request, reply) => {
      await organisationName(request.params.organisation);
      reply.header("cache-control", "no-store");
      return newChallenge(db, request.params.organisation, request.ip, clock());
    },
  );

  api.post(
    "/api/portal/:organisation/email-codes",
    {
      schema: {
        tags,
        summary:
          "Envoyer un code de confirmation de l'adresse e-mail (public) / send an e-mail confirmation code (public)",
        params: portalOrganisationParams,
        body: emailCodeBody,
        response: { 202: z.object({ sent: z.literal(true) }), ...commonProblems, ...tooMany },
      },
    },
    async (request, reply) => {
      const organisation = request.params.organisation;
      await organisationName(organisation);
      const now = clock();
      await findPublicProcedure(db, organisation, request.body.procedureId);
      const email = request.body.email.toLowerCase();
      await takeAttempt(db, "submissionsPerAddress", request.ip, now);
      await takeAttempt(db, "codesPerEmail", email, now);
      await portalKey(db);
      await db.transaction((tx) =>
        enqueueJob(tx, {
          job: sendEmailCodeJob,
          payload: { organisation, email, window: currentWindow(now) },
          runAt: now,
          organisation,
        }),
      );
      return reply.code(202).send({ sent: true as const });
    },
  );

  api.post(
    "/api/portal/:organisation/requests",
    {
      bodyLimit: SUBMISSION_BODY_LIMIT,
      schema: {
        tags,
        summary:
          "Déposer une demande sans compte : n° d'enregistrement et code de suivi (public) / submit a request without an account (public)",
        params: portalOrganisationParams,
        body: submissionBody,
        response: { 201: submissionReceipt, ...commonProblems, ...tooMany },
      },
    },
    async (request, reply) => {
      const receipt = await submitToPortal(
        db,
        store,
        { organisation: request.params.organisation, body: request.body, address: request.ip },
        clock(),
      );
      return reply.code(201).header("cache-control", "no-store").send(receipt);
    },
  );

  /** The case a tracking code opens (the public caller), or 404/429. */
  const tracked = (code: string, address: string) => openTrackedCase(db, code, address, clock());

  api.post(
    "/api/portal/tracking",
    {
      schema: {
        tags,
        summary: "Suivre une demande avec son code (public) / follow a request with its code (public)",
        body: trackingBody,
        response: { 200: trackingView, ...commonProblems, 429: problem },
      },
    },
    async (request, reply) => {
      const row = await tracked(request.body.code, request.ip);
      reply.header("cache-control", "no-store");
      return trackingViewOf(db, row, clock());
    },
  );

  api.post(
    "/api/portal/tracking/messages",
    {
      schema: {
        tags,
        summary: "Écrire au service (public, code de suivi) / write to the office (public, tracking code)",
        body: trackingMessageBody,
        response: { 201: trackingView, ...commonProblems, 429: problem },
      },
    },
    async (request, reply) => {
      const row = await tracked(request.body.code, request.ip);
      await addRequesterMessage(db, row, trackingHash(request.body.code), request.body.text, clock());
      const fresh = await tracked(request.body.code, request.ip);
      return reply.code(201).send(await trackingViewOf(db, fresh, clock()));
    },
  );

  api.post(
    "/api/portal/tracking/documents",
    {
      bodyLimit: SUBMISSION_BODY_LIMIT,
      schema: {
        tags,
        summary: "Ajouter le document demandé (public, code de suivi) / add the document asked for (public)",
        body: trackingDocumentBody,
        response: { 201: trackingView, ...commonProblems, ...tooMany },
      },
    },
    async (request, reply) => {
      const row = await tracked(request.body.code, request.ip);
      await addRequesterDocument(db, store, row, trackingHash(request.body.code), request.body.file, clock());
      const fresh = await tracked(request.body.code, request.ip);
      return reply.code(201).send(await trackingViewOf(db, fresh, clock()));
    },
  );

  api.post(
    "/api/portal/tracking/file",
    {
      schema: {
        tags,
        summary:
          "Télécharger un document de sa demande (public, code de suivi) / download a document of one's request (public)",
        body: trackingFileBody,
        response: {
          200: {
            description: "Le fichier / the file",
            content: { "application/octet-stream": { schema: z.unknown() } },
          },
          ...commonProblems,
          429: problem,
        },
      },
    },
    async (request, reply) => {
      const row = await tracked(request.body.code, request.ip);
      const doc = (await requesterDocuments(db, row)).find(
        (d) => d.attachment.id === request.body.attachmentId,
      );
      if (!doc) throw notFound({ fr: "document", en: "document" });
      const a = doc.attachment;
      return reply
        .header("content-type", a.mediaType)
        .header("content-disposition", contentDisposition("attachment", a.fileName))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "no-store")
        .send(await store.get(a.sha256));
    },
  );

  api.post(
    "/api/portal/tracking/rating",
    {
      schema: {
        tags,
        summary: "Donner son avis sur une demande close (public) / rate a closed request (public)",
        body: trackingRatingBody,
        response: { 201: trackingView, ...commonProblems, 429: problem },
      },
    },
    async (request, reply) => {
      const row = await tracked(request.body.code, request.ip);
      const { rating, comment } = request.body;
      await rateCase(db, row, trackingHash(request.body.code), { rating, comment }, clock());
      return reply.code(201).send(await trackingViewOf(db, row, clock()));
    },
  );

  api.post(
    "/api/portal/tracking/reopen",
    {
      schema: {
        tags,
        summary:
          "Rouvrir une demande close dans le délai prévu (public) / reopen a closed request in time (public)",
        body: trackingReopenBody,
        response: { 201: trackingView, ...commonProblems, 429: problem },
      },
    },
    async (request, reply) => {
      const row = await tracked(request.body.code, request.ip);
      await reopenCase(db, row, trackingHash(request.body.code), request.body.reason, clock());
      const fresh = await tracked(request.body.code, request.ip);
      return reply.code(201).send(await trackingViewOf(db, fresh, clock()));
    },
  );
}
