import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { message } from "../../../engine/messages.js";
import {
  caseEntriesView,
  changeEntryBody,
  createEntryBody,
  disposalBody,
  disposalResult,
  entryList,
  entryListQuery,
  entryPage,
  entryParams,
  entryView,
  exportQuery,
  glpiImportResult,
  importRefusal,
  importResult,
  movementBody,
  registerList,
  registerParams,
  registerView,
  retentionList,
  retentionQuery,
} from "../../../shared/api/registers.js";
import { importGlpiCsv, importGlpiInventory } from "../../commands/glpiImporter.js";
import { changeEntryAs, createEntryAs, moveStockAs } from "../../commands/registerEntryEditor.js";
import { exportRegister } from "../../commands/registerExporter.js";
import { importRegisterCsv } from "../../commands/registerImporter.js";
import { afterCursor, entryFilterFrom, presentEntry } from "../../commands/registerLister.js";
import { approveDisposal, retentionCutoff } from "../../commands/retentionReviewer.js";
import type { Db } from "../../db/database.js";
import { isCaseReadableBy } from "../../db/queries/caseAccess.js";
import { peopleByIds } from "../../db/queries/people.js";
import {
  casesOfEntry,
  entriesOfCase,
  findEntry,
  listEntries,
  listEntryEvents,
  listMovements,
  listRegisterDefinitions,
} from "../../db/queries/registers.js";
import { AppError, notFound } from "../../errors.js";
import { cutPage } from "../../http/pagination.js";
import { currentUser } from "../../identity.js";
import { caseReader, readableCase } from "../../policies/caseAccess.js";
import {
  accessFrom,
  heldRoles,
  readableRegister,
  requireArchivist,
  requireRegisterWrite,
} from "../../policies/registerAccess.js";

/**
 * The registers the organisation keeps (declared in YAML: engine/register/schema.ts): lists,
 * entry pages, direct edits by the roles allowed, stock movements, CSV/XLSX export, CSV import
 * and the retention review.
 */
export function registerRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["registres"];
  if (!app.hasContentTypeParser("text/csv")) {
    app.addContentTypeParser("text/csv", { parseAs: "string" }, (_request, body, done) => done(null, body));
  }

  api.get("/api/registers", { schema: { tags, response: { 200: registerList } } }, async (request) => {
    const user = await currentUser(db, request);
    const held = await heldRoles(db, user);
    const items = (await listRegisterDefinitions(db, user.organisation))
      .map((def) => ({ def, access: accessFrom(def, held) }))
      .filter(({ access }) => access.read)
      .map(({ def, access }) => ({
        id: def.id,
        title: def.title,
        description: def.description ?? null,
        access,
      }));
    return { items };
  });

  api.get(
    "/api/registers/:registerId",
    { schema: { tags, params: registerParams, response: { 200: registerView } } },
    async (request) => {
      const user = await currentUser(db, request);
      const { def, access } = await readableRegister(db, user, request.params.registerId);
      return { definition: def as unknown as Record<string, unknown>, access };
    },
  );

  api.get(
    "/api/registers/:registerId/entries",
    { schema: { tags, params: registerParams, querystring: entryListQuery, response: { 200: entryList } } },
    async (request) => {
      const user = await currentUser(db, request);
      const { def } = await readableRegister(db, user, request.params.registerId);
      const { limit, cursor } = request.query;
      const rows = await listEntries(db, {
        ...entryFilterFrom(user.organisation, def, request.query),
        after: afterCursor(cursor),
        limit: limit + 1,
      });
      const page = cutPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { items: page.items.map(presentEntry), nextCursor: page.nextCursor };
    },
  );

  api.get(
    "/api/registers/:registerId/entries/:entryId",
    { schema: { tags, params: entryParams, response: { 200: entryPage } } },
    async (request) => {
      const user = await currentUser(db, request);
      const { def } = await readableRegister(db, user, request.params.registerId);
      const entry = await findEntry(db, user.organisation, def.id, request.params.entryId);
      if (!entry) throw notFound({ fr: "entrée du registre", en: "register entry" });
      const [events, links, movements] = await Promise.all([
        listEntryEvents(db, entry.id),
        casesOfEntry(db, entry.id),
        listMovements(db, entry.id),
      ]);
      const people = await peopleByIds(
        db,
        events.map((e) => e.actorUserId),
      );
      const reader = await caseReader(db, user, app.clock());
      const cases = [];
      for (const link of links) {
        const readable = await isCaseReadableBy(db, reader, link.caseId);
        cases.push({
          caseId: link.caseId,
          registryNumber: link.registryNumber,
          procedureId: link.procedureId,
          procedureTitle: link.procedureTitle,
          stepId: link.stepId,
          readable,
          title: readable ? link.title : null,
        });
      }
      return {
        entry: presentEntry(entry),
        history: events.map((e) => ({
          seq: e.seq,
          type: e.type,
          actor: e.actorUserId ? (people.get(e.actorUserId) ?? null) : null,
          caseId: e.caseId,
          payload: e.payload,
          occurredAt: e.occurredAt.toISOString(),
          hash: e.hash,
        })),
        cases,
        movements: movements.map((m) => ({
          id: m.id,
          field: m.field,
          kind: m.kind,
          quantity: m.quantity,
          reason: m.reason,
          caseId: m.caseId,
          occurredAt: m.occurredAt.toISOString(),
        })),
      };
    },
  );

  api.post(
    "/api/registers/:registerId/entries",
    { schema: { tags, params: registerParams, body: createEntryBody, response: { 201: entryView } } },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const { def, access } = await readableRegister(db, user, request.params.registerId);
      requireRegisterWrite(def, access);
      const row = await createEntryAs(db, user, def, request.body, app.clock());
      return reply.code(201).send(presentEntry(row));
    },
  );

  api.patch(
    "/api/registers/:registerId/entries/:entryId",
    { schema: { tags, params: entryParams, body: changeEntryBody, response: { 200: entryView } } },
    async (request) => {
      const user = await currentUser(db, request);
      const { def, access } = await readableRegister(db, user, request.params.registerId);
      requireRegisterWrite(def, access);
      const row = await changeEntryAs(db, user, def, request.params.entryId, request.body, app.clock());
      return presentEntry(row);
    },
  );

  api.post(
    "/api/registers/:registerId/entries/:entryId/movements",
    { schema: { tags, params: entryParams, body: movementBody, response: { 200: entryView } } },
    async (request) => {
      const user = await currentUser(db, request);
      const { def, access } = await readableRegister(db, user, request.params.registerId);
      requireRegisterWrite(def, access);
      const { field, kind, quantity, reason } = request.body;
      const row = await moveStockAs(
        db,
        user,
        def,
        request.params.entryId,
        { field, kind, amount: quantity, reason: reason ?? null },
        app.clock(),
      );
      return presentEntry(row);
    },
  );

  api.get(
    "/api/registers/:registerId/export",
    {
      schema: {
        tags,
        params: registerParams,
        querystring: exportQuery,
        produces: ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const { def } = await readableRegister(db, user, request.params.registerId);
      const { format } = request.query;
      const filter = entryFilterFrom(user.organisation, def, request.query);
      const stream = exportRegister(db, def, filter, format);
      return reply
        .type(
          format === "csv"
            ? "text/csv; charset=utf-8"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .header("content-disposition", `attachment; filename="${user.organisation}-${def.id}.${format}"`)
        .send(stream);
    },
  );

  api.post(
    "/api/registers/:registerId/import",
    {
      schema: {
        tags,
        params: registerParams,
        body: z.string(),
        consumes: ["text/csv"],
        response: { 200: importResult, 422: importRefusal },
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const { def, access } = await readableRegister(db, user, request.params.registerId);
      requireRegisterWrite(def, access);
      const csv = csvBodyOf(request);
      const outcome = await importRegisterCsv(db, user, def, csv, app.clock());
      if (!outcome.ok)
        return reply.code(422).send(importRefused(outcome.problems, { fr: "le fichier", en: "the file" }));
      return { created: outcome.created, updated: outcome.updated };
    },
  );

  api.post(
    "/api/registers/:registerId/import/glpi",
    {
      schema: {
        tags,
        description:
          "Imports a GLPI export (CSV of a search list, GLPI 10 or 11) as the register's `glpi` section maps it",
        params: registerParams,
        body: z.string(),
        consumes: ["text/csv"],
        response: { 200: glpiImportResult, 422: importRefusal },
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const { def, access } = await readableRegister(db, user, request.params.registerId);
      requireRegisterWrite(def, access);
      const csv = csvBodyOf(request);
      const outcome = await importGlpiCsv(db, user, def, csv, app.clock());
      if (!outcome.ok)
        return reply
          .code(422)
          .send(importRefused(outcome.problems, { fr: "l'export GLPI", en: "the GLPI export" }));
      return {
        created: outcome.created,
        updated: outcome.updated,
        ignoredColumns: outcome.ignoredColumns ?? [],
      };
    },
  );

  api.post(
    "/api/registers/:registerId/import/glpi-inventory",
    {
      schema: {
        tags,
        description:
          "Imports the GLPI agent's inventory JSON (glpi-project/inventory_format: one machine, or an array of them) as the register's `glpi` section maps it, all or nothing",
        params: registerParams,
        // Checked by the command, inventory by inventory, so that every wrong one is reported.
        body: z.unknown(),
        consumes: ["application/json"],
        response: { 200: glpiImportResult, 422: importRefusal },
      },
    },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const { def, access } = await readableRegister(db, user, request.params.registerId);
      requireRegisterWrite(def, access);
      const outcome = await importGlpiInventory(db, user, def, request.body, app.clock());
      if (!outcome.ok)
        return reply
          .code(422)
          .send(importRefused(outcome.problems, { fr: "l'inventaire GLPI", en: "the GLPI inventory" }));
      return {
        created: outcome.created,
        updated: outcome.updated,
        ignoredColumns: outcome.ignoredColumns ?? [],
      };
    },
  );

  api.get(
    "/api/registers/:registerId/retention",
    {
      schema: { tags, params: registerParams, querystring: retentionQuery, response: { 200: retentionList } },
    },
    async (request) => {
      const user = await currentUser(db, request);
      const { def, access } = await readableRegister(db, user, request.params.registerId);
      requireArchivist(def, access);
      const cutoff = retentionCutoff(def, app.clock());
      const { limit, cursor } = request.query;
      const rows = cutoff
        ? await listEntries(db, {
            organisation: user.organisation,
            registerId: def.id,
            equals: {},
            createdBefore: cutoff,
            after: afterCursor(cursor),
            limit: limit + 1,
          })
        : [];
      const page = cutPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
      return {
        items: page.items.map(presentEntry),
        nextCursor: page.nextCursor,
        disposal: def.classification.disposal,
        cutoff: cutoff?.toISOString() ?? null,
      };
    },
  );

  api.post(
    "/api/registers/:registerId/retention/approvals",
    { schema: { tags, params: registerParams, body: disposalBody, response: { 201: disposalResult } } },
    async (request, reply) => {
      const user = await currentUser(db, request);
      const { def, access } = await readableRegister(db, user, request.params.registerId);
      requireArchivist(def, access);
      const result = await approveDisposal(db, user, def, request.body, app.clock());
      return reply.code(201).send(result);
    },
  );

  api.get(
    "/api/cases/:caseId/register-entries",
    { schema: { tags, params: z.object({ caseId: z.uuid() }), response: { 200: caseEntriesView } } },
    async (request) => {
      const user = await currentUser(db, request);
      await readableCase(db, await caseReader(db, user, app.clock()), request.params.caseId);
      const rows = await entriesOfCase(db, request.params.caseId);
      return {
        items: rows.map((r) => ({
          entryId: r.entryId,
          registerId: r.registerId,
          registerTitle: r.registerTitle,
          number: r.number,
          state: r.state,
          stepId: r.stepId,
        })),
      };
    },
  );
}

/** The body of a CSV import, refused with 415 unless it was sent as text/csv. */
function csvBodyOf(request: FastifyRequest): string {
  if (typeof request.body !== "string" || !/^text\/csv\b/.test(request.headers["content-type"] ?? "")) {
    throw new AppError(
      415,
      "unsupported_media_type",
      message("envoyez le fichier en text/csv", "send the file as text/csv"),
    );
  }
  return request.body;
}

/** An all-or-nothing import refused: every wrong line, and nothing imported. */
function importRefused<P>(problems: P[], what: { fr: string; en: string }) {
  const n = problems.length;
  return {
    error: {
      code: "invalid_csv",
      message: message(
        `${n} problème(s) dans ${what.fr} : rien n'a été importé`,
        `${n} problem(s) in ${what.en}: nothing was imported`,
      ),
    },
    problems,
  };
}
