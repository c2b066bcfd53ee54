import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../db/database.js";
import { findDefinitionInForce } from "../db/queries/definitions.js";
import { findOrganisationName } from "../db/queries/issuedDocuments.js";
import { procedureCounters } from "../db/queries/portal.js";
import { PORTAL_SCRIPT } from "../portal/pageScript.js";
import { homePage, notFoundPage, procedurePage, trackingPage } from "../portal/pages.js";
import { languageOf } from "../portal/pageWords.js";
import { listPublicProcedures, publicSettings } from "../portal/publicProcedures.js";

const organisationCode = z.string().max(60);
const langQuery = z.object({ lang: z.string().max(5).optional() });

/** Headers of every portal page: its own script only, no framing, no referrer, no caching of codes. */
function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header(
      "content-security-policy",
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' blob:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    )
    .send(html);
}

/**
 * The portal's pages (`/portail/<organisation>`, its procedures and the tracking page): rendered
 * here from the definitions, light and readable without the back office's bundle. The session
 * cookie's path is /api, so these pages never receive it.
 */
export function portalPageRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  async function organisationOf(code: string) {
    const name = /^[a-z0-9][a-z0-9_-]*$/.test(code) ? await findOrganisationName(db, code) : null;
    return name ? { code, name } : null;
  }

  api.get("/portail/portail.js", { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header("content-type", "text/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=300")
      .send(PORTAL_SCRIPT),
  );

  api.get(
    "/portail/:organisation",
    { schema: { hide: true, params: z.object({ organisation: organisationCode }), querystring: langQuery } },
    async (request, reply) => {
      const lang = languageOf(request.query.lang);
      const organisation = await organisationOf(request.params.organisation);
      if (!organisation) return sendPage(reply, 404, notFoundPage(lang));
      const defs = await listPublicProcedures(db, organisation.code);
      const counters = await procedureCounters(
        db,
        organisation.code,
        defs.map((d) => d.id),
      );
      return sendPage(reply, 200, homePage(lang, organisation, defs, counters));
    },
  );

  api.get(
    "/portail/:organisation/demarches/:procedureId",
    {
      schema: {
        hide: true,
        params: z.object({ organisation: organisationCode, procedureId: z.string().max(100) }),
        querystring: langQuery,
      },
    },
    async (request, reply) => {
      const lang = languageOf(request.query.lang);
      const organisation = await organisationOf(request.params.organisation);
      const def = organisation
        ? await findDefinitionInForce(db, organisation.code, request.params.procedureId)
        : null;
      if (!organisation || !def || !publicSettings(def)) return sendPage(reply, 404, notFoundPage(lang));
      return sendPage(reply, 200, procedurePage(lang, organisation, def));
    },
  );

  api.get(
    "/portail/:organisation/suivi",
    { schema: { hide: true, params: z.object({ organisation: organisationCode }), querystring: langQuery } },
    async (request, reply) => {
      const lang = languageOf(request.query.lang);
      const organisation = await organisationOf(request.params.organisation);
      if (!organisation) return sendPage(reply, 404, notFoundPage(lang));
      return sendPage(reply, 200, trackingPage(lang, organisation));
    },
  );
}
