import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { deadlineMessage } from "../../engine/definition/deadlineText.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { proceduresFolder } from "../../server/paths.js";
import type { Problem } from "../../shared/api/problem.js";
import type { ProcedureSummary, ProcedureVersionView } from "../../shared/api/procedures.js";
import { anyUserOf, takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

type Page = { items: ProcedureSummary[]; nextCursor: string | null };

const catalog = loadCatalog(["procedures"]).definitions.map((e) => e.definition as ProcedureDefinition);
const ofOrganisation = (org: string) =>
  catalog
    .filter((d) => d.organisation === org && d.status === "in_force")
    .map((d) => d.id)
    .sort();

describe("the catalog read API", () => {
  let t: TestApp;
  let customs: string;
  let ministry: string;
  beforeAll(async () => {
    t = await createTestApp();
    customs = await anyUserOf(t.database, "douanes", "BAS");
    ministry = await anyUserOf(t.database, "mffe");
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists only the caller's organisation's procedures, page after page, each once", async () => {
    for (const [user, org] of [
      [customs, "douanes"],
      [ministry, "mffe"],
    ] as const) {
      const seen: ProcedureSummary[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: Page } = await t
          .as(user)
          .get<Page>(`/api/procedures?limit=4${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(4);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.map((p) => p.id)).toEqual(ofOrganisation(org));
      expect(new Set(seen.map((p) => p.organisation))).toEqual(new Set([org]));
    }
  });

  it("gives each procedure's version in force, reconstructed flag, step count and délai summary", async () => {
    const res = await t.as(customs).get<Page>("/api/procedures?limit=200");
    for (const item of res.body.items) {
      const def = catalog.find((d) => d.id === item.id)!;
      expect(item).toMatchObject({
        title: def.title,
        version: def.version,
        reconstructed: def.reconstructed,
        stepCount: def.steps.length,
      });
      expect(item.deadlineSummary.fr).toMatch(/^(Délais cumulés|Aucun délai fixe)/);
      expect(item.deadlineSummary.en).toMatch(/^(Total of the délais|No fixed délai)/);
    }
  });

  it("filters by text in the id or the title, % and _ taken literally", async () => {
    const byTitle = await t.as(customs).get<Page>(`/api/procedures?q=${encodeURIComponent("SAUVEGARDE")}`);
    expect(byTitle.body.items.map((p) => p.id)).toEqual(
      catalog
        .filter((d) => d.organisation === "douanes" && /sauvegarde/i.test(`${d.id} ${d.title}`))
        .map((d) => d.id)
        .sort(),
    );
    expect(byTitle.body.items.length).toBeGreaterThan(0);
    const byId = await t.as(customs).get<Page>("/api/procedures?q=e-compte-mail");
    expect(byId.body.items.map((p) => p.id)).toEqual(["douanes-e-compte-mail"]);
    const wildcard = await t.as(customs).get<Page>("/api/procedures?q=%25");
    expect(wildcard.body.items).toEqual([]);
  });

  it("refuses a forged cursor and a limit out of range, naming the field", async () => {
    const forged = await t.as(customs).get<Problem>("/api/procedures?cursor=bm9wZQ");
    expect(forged.status).toBe(422);
    expect(forged.body.error).toMatchObject({ code: "invalid_cursor", target: "cursor" });
    const limit = await t.as(customs).get<Problem>("/api/procedures?limit=0");
    expect(limit.status).toBe(422);
    expect(limit.body.error.fields).toEqual([
      { field: "limit", message: { fr: "doit valoir au moins 1", en: "must be at least 1" } },
    ]);
  });

  it("shows a procedure in force with its table of steps: actor and role title, documents, délai in French and English", async () => {
    const res = await t
      .as(customs)
      .get<ProcedureVersionView>("/api/procedures/douanes-d-sauvegarde-serveurs");
    expect(res.status).toBe(200);
    const def = catalog.find((d) => d.id === "douanes-d-sauvegarde-serveurs")!;
    expect(res.body).toMatchObject({
      id: def.id,
      version: def.version,
      status: "in_force",
      organisation: "douanes",
    });
    expect(res.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.definition.steps).toHaveLength(def.steps.length);
    expect(res.body.steps.map((s) => s.id)).toEqual(def.steps.map((s) => s.id));
    const first = res.body.steps[0]!;
    expect(first.actor).toEqual({
      code: "CBAS",
      title: "Chef du Bureau Administration Système",
      role: { code: "CB", title: "Chef de Bureau" },
      unit: "BAS",
      relative: null,
    });
    expect(first.documents).toContainEqual({
      id: "plan-sauvegarde",
      title: "Plan de sauvegarde validé ou instruction de sauvegarde",
      kind: "requires",
      required: true,
    });
    for (const [i, step] of def.steps.entries()) {
      expect(res.body.steps[i]!.deadline).toEqual(deadlineMessage(step.deadline));
      expect(res.body.steps[i]!.question).toBe(step.decision?.question ?? null);
    }
  });

  it("writes délais in both languages wherever a procedure has one", async () => {
    const withDeadline = catalog.find((d) => d.organisation === "mffe" && d.steps.some((s) => s.deadline))!;
    const res = await t.as(ministry).get<ProcedureVersionView>(`/api/procedures/${withDeadline.id}`);
    const step = res.body.steps.find((s) => s.deadline)!;
    expect(step.deadline!.fr).not.toBe(step.deadline!.en);
    expect(step.deadline!.fr.length).toBeGreaterThan(0);
  });

  it("answers another organisation's procedure, version or diagram like one that does not exist", async () => {
    for (const url of [
      "/api/procedures/douanes-d-sauvegarde-serveurs",
      "/api/procedures/douanes-d-sauvegarde-serveurs/versions/2",
      "/api/procedures/douanes-d-sauvegarde-serveurs/diagram.svg",
      "/api/procedures/douanes-d-sauvegarde-serveurs/diagram.mmd",
    ]) {
      const res = await t.as(ministry).get<Problem>(url);
      expect(res.status, url).toBe(404);
      expect(res.body.error.code).toBe("not_found");
      expect(JSON.stringify(res.body)).not.toContain("Sauvegarde");
    }
  });

  it("does not let a person of another organisation open a case of a procedure they cannot see", async () => {
    const res = await t.as(ministry).post<Problem>("/api/cases", { procedureId: "douanes-e-compte-mail" });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "procedure_not_found", target: "procedureId" });
  });

  it("serves one stored version, and 404 for a version never loaded, 422 for a version that is not a number", async () => {
    // The version the catalog's file holds: the one stored.
    const stored = loadCatalog([proceduresFolder()]).definitions.find(
      (e) => e.definition.id === "douanes-e-compte-mail",
    )!.definition.version;
    const res = await t
      .as(customs)
      .get<ProcedureVersionView>(`/api/procedures/douanes-e-compte-mail/versions/${stored}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: "douanes-e-compte-mail", version: stored });
    expect((await t.as(customs).get("/api/procedures/douanes-e-compte-mail/versions/99")).status).toBe(404);
    const bad = await t.as(customs).get<Problem>("/api/procedures/douanes-e-compte-mail/versions/un");
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields?.[0]).toMatchObject({
      field: "version",
      message: { fr: "doit être un nombre" },
    });
  });

  it("draws the procedure's swimlane SVG with an ETag, and answers 304 when the client has it", async () => {
    const api = t.as(customs);
    const res = await api.get<string>("/api/procedures/douanes-d-sauvegarde-serveurs/diagram.svg");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/svg+xml; charset=utf-8");
    expect(res.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(res.body).toContain("Procédure de sauvegarde des serveurs — version 2");
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers["cache-control"]).toBe("private, no-cache");
    const again = await api.get<string>(
      "/api/procedures/douanes-d-sauvegarde-serveurs/diagram.svg?version=2",
    );
    expect(again.headers.etag).toBe(etag);
    const cached = await api.get<string>("/api/procedures/douanes-d-sauvegarde-serveurs/diagram.svg", {
      "if-none-match": etag,
    });
    expect(cached.status).toBe(304);
    expect(cached.body).toBeUndefined();
    const other = await api.get<string>("/api/procedures/douanes-e-compte-mail/diagram.svg");
    expect(other.headers.etag).not.toBe(etag);
    expect(
      (await api.get<string>("/api/procedures/douanes-e-compte-mail/diagram.svg?version=42")).status,
    ).toBe(404);
  });

  it("gives the procedure as Mermaid text", async () => {
    const res = await t.as(customs).get<string>("/api/procedures/douanes-d-sauvegarde-serveurs/diagram.mmd");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/vnd.mermaid; charset=utf-8");
    expect(res.body.startsWith("flowchart LR\n")).toBe(true);
    expect(res.body).toContain("Exécution de la sauvegarde");
  });

  it("draws a case's diagram with the steps done, the step waiting and the path taken", async () => {
    const started = await t
      .as(customs)
      .post<CaseView>("/api/cases", { procedureId: "douanes-e-compte-mail" });
    expect(started.status).toBe(201);
    const first = started.body.tasks[0]!;
    const taker = await takerOf(t.database, "douanes", first);
    const before = await t.as(customs).get<string>(`/api/cases/${started.body.id}/diagram.svg`);
    expect(before.status).toBe(200);
    expect(before.body).toMatch(new RegExp(`<g class="lg-task lg-current" data-step="${first.stepId}">`));
    expect(before.body).not.toContain('<g class="lg-task lg-done"');
    expect(before.body).toContain('<g class="lg-legend">');

    const done = await t.as(taker).post<CaseView>(`/api/tasks/${first.id}/actions`, {
      type: "complete",
      expectedVersion: started.body.version,
      form: { matricule: "DGD7", nom: "Yao", prenoms: "Ama", contact: "0102030405", canal: "telephone" },
    });
    expect(done.status).toBe(200);
    const after = await t.as(customs).get<string>(`/api/cases/${started.body.id}/diagram.svg`);
    expect(after.body).toMatch(new RegExp(`<g class="lg-task lg-done" data-step="${first.stepId}">`));
    for (const step of done.body.tasks.filter((x) => x.status === "open")) {
      expect(after.body).toMatch(new RegExp(`<g class="lg-task lg-current" data-step="${step.stepId}">`));
    }
    expect(after.body).toContain("lg-taken");
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it("answers a case of another organisation with a 404 and no drawing", async () => {
    const started = await t
      .as(customs)
      .post<CaseView>("/api/cases", { procedureId: "douanes-e-compte-mail" });
    const res = await t.as(ministry).get<Problem>(`/api/cases/${started.body.id}/diagram.svg`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain(started.body.registryNumber);
  });
});

describe("the error shape", () => {
  let t: TestApp;
  let user: string;
  beforeAll(async () => {
    t = await createTestApp();
    user = await anyUserOf(t.database, "douanes");
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists every invalid field of a request, each with a French and English message", async () => {
    const res = await t.as(user).post<Problem>("/api/cases", { procedureId: "", data: "x", extra: 1 });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.message.fr).toBe(
      "requête invalide : 3 champs à corriger (procedureId, data, extra)",
    );
    expect(res.body.error.fields).toEqual([
      { field: "procedureId", message: { fr: "ne doit pas être vide", en: "must not be empty" } },
      { field: "data", message: { fr: "doit être un objet", en: "must be an object" } },
      { field: "extra", message: { fr: "champ inconnu", en: "unknown field" } },
    ]);
  });

  it("says which fields are required, which value is not in the list, and which format is wrong", async () => {
    const missing = await t.as(user).post<Problem>("/api/cases", {});
    expect(missing.body.error.fields).toEqual([
      { field: "procedureId", message: { fr: "champ obligatoire", en: "required field" } },
    ]);
    const uuid = "00000000-0000-4000-8000-000000000000";
    const kind = await t.as(user).post<Problem>(`/api/cases/${uuid}/actions`, { type: "dance" });
    expect(kind.status).toBe(422);
    expect(kind.body.error.fields?.[0]).toMatchObject({ field: "type" });
    expect(kind.body.error.fields?.[0]?.message.fr).toContain("valeur hors de la liste permise");
    const badId = await t.as(user).get<Problem>("/api/cases/pas-un-uuid");
    expect(badId.body.error.fields).toEqual([
      {
        field: "caseId",
        message: {
          fr: "format invalide (attendu : un identifiant UUID)",
          en: "bad format (expected: a UUID)",
        },
      },
    ]);
  });

  it("answers an unknown route with a 404 in the same shape", async () => {
    const res = await t.as(user).get<Problem>("/api/nulle-part");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("unknown_route");
    expect(res.body.error.message).toEqual({
      fr: "aucune ressource à cette adresse : GET /api/nulle-part",
      en: "no resource at this address: GET /api/nulle-part",
    });
  });

  it("answers a body too large with a 413, an unsupported media type with a 415, bad JSON with a 400", async () => {
    // Not /api/cases: its first form may carry files, up to 40 MB.
    const big = await t.app.inject({
      method: "POST",
      url: "/api/tasks/00000000-0000-4000-8000-000000000000/actions",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ procedureId: "x".repeat(2_000_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({
      code: "payload_too_large",
      message: { fr: expect.any(String) },
    });
    const text = await t.app.inject({
      method: "POST",
      url: "/api/cases",
      headers: { "content-type": "application/xml" },
      payload: "<dossier/>",
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe("unsupported_media_type");
    const broken = await t.app.inject({
      method: "POST",
      url: "/api/cases",
      headers: { "content-type": "application/json" },
      payload: "{ pas du json",
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toMatchObject({ code: "invalid_json", message: { fr: "JSON mal formé" } });
  });
});
