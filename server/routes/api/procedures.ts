import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { isExpired } from "../../../engine/case/timing.js";
import { deadlineMessage, deadlineSummary } from "../../../engine/definition/deadlineText.js";
import { renderMermaid } from "../../../engine/diagram/mermaid.js";
import { renderSvg } from "../../../engine/diagram/svg.js";
import { commonProblems } from "../../../shared/api/problem.js";
import {
  diagramQuery,
  procedureIdParams,
  procedureList,
  procedureListQuery,
  procedureVersionParams,
  procedureVersionView,
} from "../../../shared/api/procedures.js";
import { loadCalendar } from "../../commands/calendarLoader.js";
import { directoryOf } from "../../context/organisationDirectory.js";
import type { Db } from "../../db/database.js";
import {
  type DefinitionRow,
  findDefinitionRow,
  findDefinitionRowInForce,
  pageProceduresInForce,
} from "../../db/queries/definitions.js";
import { roleTitles, type UserRow } from "../../db/queries/orgChart.js";
import { layoutOf, sendDrawing } from "../../diagrams/drawings.js";
import { notFound } from "../../errors.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { currentUser } from "../../identity.js";
import { organisationToday } from "../../orgChart/organisationToday.js";
import { completesFirstStep, mayStartCase } from "../../policies/caseStart.js";

const TAGS = ["procédures"];
const svgResponse = { description: "SVG 1.1", content: { "image/svg+xml": { schema: z.string() } } };
const mermaidResponse = {
  description: "Mermaid flowchart",
  content: { "text/vnd.mermaid": { schema: z.string() } },
};

/** The catalog, read by any signed-in person of the organisation that owns the procedures. */
export function procedureRoutes(app: FastifyInstance, db: Db, clock: () => Date): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    "/api/procedures",
    {
      schema: {
        tags: TAGS,
        summary: "Procédures en vigueur de mon organisation / procedures in force of my organisation",
        querystring: procedureListQuery,
        response: { 200: procedureList, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      const { cursor, limit, q } = request.query;
      const afterId = cursor ? String(decodeCursor(cursor, ["string"])[0]) : null;
      const rows = await pageProceduresInForce(db, {
        organisation: user.organisation,
        q: q ?? null,
        afterId,
        limit,
      });
      const page = cutPage(rows, limit, (r) => [r.id]);
      const directory = await directoryOf(db, user.organisation);
      const today = organisationToday(directory.calendar, clock());
      return {
        items: page.items.map((r) => ({
          id: r.id,
          title: r.title,
          version: r.version,
          organisation: r.organisation,
          reconstructed: r.definition.reconstructed,
          expired: isExpired(r.definition, today),
          revisionDate: r.definition.revisionDate ?? null,
          stepCount: r.definition.steps.length,
          deadlineSummary: deadlineSummary(r.definition),
          mayStart: mayStartCase(directory, user, r.definition),
          completesFirstStep: completesFirstStep(directory, user, r.definition, user.id, clock()),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  api.get(
    "/api/procedures/:procedureId",
    {
      schema: {
        tags: TAGS,
        summary: "Définition en vigueur et tableau des étapes / definition in force and table of steps",
        params: procedureIdParams,
        response: { 200: procedureVersionView, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      const row = visible(
        await findDefinitionRowInForce(db, user.organisation, request.params.procedureId),
        user,
      );
      const today = await organisationTodayOf(db, row.organisation, clock());
      return presentVersion(row, await roleTitles(db, row.organisation), today);
    },
  );

  api.get(
    "/api/procedures/:procedureId/versions/:version",
    {
      schema: {
        tags: TAGS,
        summary: "Une version enregistrée / one stored version",
        params: procedureVersionParams,
        response: { 200: procedureVersionView, ...commonProblems },
      },
    },
    async (request) => {
      const user = await currentUser(db, request);
      const { procedureId, version } = request.params;
      const row = visible(
        await findDefinitionRow(db, { organisation: user.organisation, id: procedureId, version }),
        user,
      );
      const today = await organisationTodayOf(db, row.organisation, clock());
      return presentVersion(row, await roleTitles(db, row.organisation), today);
    },
  );

  api.get(
    "/api/procedures/:procedureId/diagram.svg",
    {
      schema: {
        tags: TAGS,
        summary: "Logigramme en couloirs (SVG) / swimlane diagram (SVG)",
        params: procedureIdParams,
        querystring: diagramQuery,
        response: { 200: svgResponse, ...commonProblems },
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const row = await versionToDraw(db, request.params.procedureId, request.query.version, user);
      const svg = renderSvg(row.definition, await layoutOf(row.contentHash, row.definition));
      return sendDrawing(request, reply, svg, "image/svg+xml; charset=utf-8");
    },
  );

  api.get(
    "/api/procedures/:procedureId/diagram.mmd",
    {
      schema: {
        tags: TAGS,
        summary: "Logigramme en Mermaid / diagram as Mermaid text",
        params: procedureIdParams,
        querystring: diagramQuery,
        response: { 200: mermaidResponse, ...commonProblems },
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const row = await versionToDraw(db, request.params.procedureId, request.query.version, user);
      return sendDrawing(request, reply, renderMermaid(row.definition), "text/vnd.mermaid; charset=utf-8");
    },
  );
}

/** The organisation's date today, in its calendar's zone: what a revision date is compared with. */
async function organisationTodayOf(db: Db, organisation: string, now: Date): Promise<string> {
  return organisationToday(await loadCalendar(db, organisation), now);
}

/**
 * A procedure of another organisation is answered like one that does not exist: its existence is
 * not revealed either.
 */
function visible(row: DefinitionRow | null, user: UserRow): DefinitionRow {
  if (!row || row.organisation !== user.organisation) throw notFound({ fr: "procédure", en: "procedure" });
  return row;
}

async function versionToDraw(db: Db, procedureId: string, version: number | undefined, user: UserRow) {
  const row =
    version === undefined
      ? await findDefinitionRowInForce(db, user.organisation, procedureId)
      : await findDefinitionRow(db, { organisation: user.organisation, id: procedureId, version });
  return visible(row, user);
}

/** A stored version with its table of steps: who acts (and the role's title), documents, délai. */
function presentVersion(row: DefinitionRow, roles: Map<string, string>, today: string) {
  const def = row.definition;
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    organisation: row.organisation,
    title: row.title,
    reconstructed: def.reconstructed,
    expired: isExpired(def, today),
    revisionDate: def.revisionDate ?? null,
    contentHash: row.contentHash,
    loadedAt: row.loadedAt.toISOString(),
    deadlineSummary: deadlineSummary(def),
    steps: def.steps.map((step) => {
      const actor = def.actors[step.actor];
      const roleCode = actor?.relative || actor?.person ? null : (actor?.role ?? step.actor);
      return {
        id: step.id,
        title: step.title,
        actor: {
          code: step.actor,
          title: actor?.title ?? step.actor,
          role: roleCode ? { code: roleCode, title: roles.get(roleCode) ?? null } : null,
          unit: actor?.unit ?? null,
          relative: actor?.relative ?? null,
        },
        documents: (step.documents ?? []).map((d) => ({
          id: d.id,
          title: d.title,
          kind: d.kind,
          required: d.required,
        })),
        deadline: deadlineMessage(step.deadline),
        question: step.decision?.question ?? null,
      };
    }),
    definition: def,
  };
}
