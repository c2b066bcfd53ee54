import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import { findDefinitionInForce } from "../../server/db/queries/definitions.js";
import { rowsOf } from "../../server/db/rows.js";
import { cases, events, tasks } from "../../server/db/schema.js";
import { jobHandlers, jobSchedules } from "../../server/jobs/registry.js";
import { JobRunner } from "../../server/jobs/runner.js";
import { trackingHash } from "../../server/portal/trackingCode.js";
import { anyUserOf, takerOf } from "../support/people.js";
import { dataRequest, PDF, portalCall, solvedChallenge } from "../support/portal.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtpServer.js";
import { completeStep } from "../support/steps.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

type Receipt = { registryNumber: string; trackingCode: string };
type Tracking = {
  status: string;
  statusText: { fr: string };
  steps: Array<{ title: string | null; doneAt: string }>;
  messages: Array<{ fromOffice: boolean; asksFor: string | null; attachment: { id: string } | null }>;
  documents: Array<{ id: string; fileName: string }>;
  mayRate: boolean;
  rating: { rating: number } | null;
  reopenUntil: string | null;
  registryNumber: string;
  reopenedFrom: string | null;
};

/**
 * The public portal through its HTTP API: a citizen submits without an account (proof of work,
 * consent, limits), gets a registry number and a tracking code (only its hash is kept) by e-mail
 * over real SMTP, follows the case, answers the office's request for a document, rates and
 * reopens; a flood from one address is slowed and refused without losing an accepted request.
 */
describe("the public portal", () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let runner: JobRunner;
  const saved = { ...process.env };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "Portail <no-reply@douanes.example.ci>";
    process.env.PUBLIC_URL = "https://demarches.douanes.example.ci";
    t = await createTestApp();
    runner = new JobRunner({
      db: t.database.db,
      handlers: jobHandlers,
      schedules: jobSchedules,
      clock: t.clock.now,
    });
    await runner.tick();
  });
  afterAll(async () => {
    await runner.stop();
    await t.close();
    await smtp.close();
    process.env = saved;
  });

  const submit = async (address: string, overrides: Record<string, unknown> = {}) => {
    const { payload } = await solvedChallenge(t.app, "douanes", address);
    return portalCall<Receipt>(
      t.app,
      "POST",
      "/api/portal/douanes/requests",
      dataRequest(payload, overrides),
      address,
    );
  };

  it("lists the procedures an organisation opens to the public, with their first form and counters; an unknown one is a 404", async () => {
    const res = await portalCall<{
      procedures: Array<{ id: string; fields: unknown[]; documents: unknown[]; counters: unknown }>;
    }>(t.app, "GET", "/api/portal/douanes");
    expect(res.status).toBe(200);
    expect(res.body.procedures.map((p) => p.id)).toEqual(["douanes-o-demandes-donnees"]);
    expect(res.body.procedures[0]!.fields.length).toBeGreaterThan(2);
    expect(res.body.procedures[0]!.documents).toEqual([
      { id: "demande-donnees", title: "Demande de données", required: true },
    ]);
    expect((await portalCall(t.app, "GET", "/api/portal/nulle-part")).status).toBe(404);
  });

  it("serves its own light pages: an unknown organisation is a 404, Arabic is right to left, the first screen is far under 100 KB gzipped, and the session cookie never reaches them", async () => {
    const home = await t.app.inject({
      method: "GET",
      url: "/portail/douanes",
      headers: { "accept-encoding": "gzip" },
    });
    expect(home.statusCode).toBe(200);
    expect(home.headers["content-type"]).toContain("text/html");
    expect(home.body.length === 0 || home.rawPayload.length < 100_000).toBe(true);
    const script = await t.app.inject({
      method: "GET",
      url: "/portail/portail.js",
      headers: { "accept-encoding": "gzip" },
    });
    expect(home.rawPayload.length + script.rawPayload.length).toBeLessThan(100 * 1024);
    const plain = await t.app.inject({ method: "GET", url: "/portail/douanes" });
    expect(plain.body).toContain('<html lang="fr" dir="ltr">');
    expect(plain.body).toContain("/portail/douanes/demarches/douanes-o-demandes-donnees");
    expect(plain.body).not.toMatch(/assets\/index-/);
    const arabic = await t.app.inject({
      method: "GET",
      url: "/portail/douanes/demarches/douanes-o-demandes-donnees?lang=ar",
    });
    expect(arabic.statusCode).toBe(200);
    expect(arabic.body).toContain('<html lang="ar" dir="rtl">');
    expect(arabic.body).toContain('type="file"');
    expect(arabic.body).toContain('name="website"');
    expect((await t.app.inject({ method: "GET", url: "/portail/nulle-part" })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: "GET", url: "/portail/douanes/demarches/douanes-d-sauvegarde-serveurs" }))
        .statusCode,
    ).toBe(404);
    const login = await t.app.inject({
      method: "POST",
      url: "/api/session",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ matricule: await anyUserOf(t.database, "douanes"), password: DEMO_PASSWORD }),
    });
    expect(login.statusCode).toBe(200);
    const cookie = [login.headers["set-cookie"]].flat().find((c) => c?.startsWith("lg_session="));
    // A browser sends it only to /api/…: never to /portail/….
    expect(cookie).toMatch(/; Path=\/api(;|$)/);
  });

  it("opens a case from a submission with its document, into the office's inbox, authored by the requester; the code is e-mailed and only its hash kept", async () => {
    const res = await submit("198.51.100.1");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { registryNumber, trackingCode } = res.body;
    expect(registryNumber).toMatch(/^DATA-2026-\d{4}$/);
    // 26 characters of base 32: 130 bits.
    expect(trackingCode.replace(/-/g, "")).toMatch(/^[0-9A-Z]{26}$/);

    const [row] = await t.database.db.select().from(cases).where(eq(cases.registryNumber, registryNumber));
    expect(row!.trackingSecretHash).toBe(trackingHash(trackingCode));
    expect(row!.externalRequester).toMatchObject({
      name: "Kouamé Yao",
      email: expect.stringMatching(/^kouame\.yao\.\d+@exemple\.ci$/),
    });
    // The code is nowhere in the database in clear (cases, events, jobs…).
    const dump = rowsOf<{ t: string }>(
      await t.database.db.execute(
        sql`select (select json_agg(c)::text from cases c) || (select json_agg(j)::text from jobs j) || (select json_agg(e)::text from events e) as t`,
      ),
    )[0]!.t;
    expect(dump).not.toContain(trackingCode);
    expect(dump).not.toContain(trackingCode.replace(/-/g, ""));
    const [started] = await t.database.db.select().from(events).where(eq(events.caseId, row!.id)).limit(1);
    expect(started!.actorUserId).toBeNull();
    expect(started!.payload).toMatchObject({ requester: { name: "Kouamé Yao", via: "portail" } });

    // In the inbox of the data office's head, like any other case.
    const [task] = await t.database.db.select().from(tasks).where(eq(tasks.caseId, row!.id));
    expect(task).toMatchObject({ stepId: "reception", status: "open", roleCode: "CB" });
    const inbox = await t
      .as(await takerOf(t.database, "douanes", task!))
      .get<{ items: Array<{ caseId: string }> }>("/api/tasks");
    expect(inbox.body.items.map((i) => i.caseId)).toContain(row!.id);

    await runner.runDueJobs(t.clock.now());
    const mail = smtp.received.find((m) => m.subject?.includes(registryNumber));
    expect(mail?.text).toContain(trackingCode);
    expect(mail?.text).toContain(
      `https://demarches.douanes.example.ci/portail/douanes/suivi#${trackingCode}`,
    );
  });

  it("refuses a filled honeypot, missing consent, a reused proof of work, a missing or disguised document, each with a clear 4xx", async () => {
    const address = "198.51.100.2";
    expect((await submit(address, { website: "http://spam.example" })).body).toMatchObject({
      error: { code: "form_refused" },
    });
    expect((await submit(address, { consent: false })).body).toMatchObject({
      error: { code: "consent_required" },
    });
    expect((await submit(address, { documents: [] })).body).toMatchObject({
      error: { code: "document_missing" },
    });
    const disguised = await submit(address, {
      documents: [
        {
          documentId: "demande-donnees",
          fileName: "x.pdf",
          mediaType: "application/pdf",
          contentBase64: Buffer.from("MZ\x90\x00").toString("base64"),
        },
      ],
    });
    expect(disguised.status).toBe(415);
    const { payload } = await solvedChallenge(t.app, "douanes", "198.51.100.3");
    const once = await portalCall(
      t.app,
      "POST",
      "/api/portal/douanes/requests",
      dataRequest(payload),
      "198.51.100.3",
    );
    expect(once.status).toBe(201);
    const again = await portalCall(
      t.app,
      "POST",
      "/api/portal/douanes/requests",
      dataRequest(payload),
      "198.51.100.3",
    );
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ error: { code: "challenge_failed" } });
  });

  it("lets the requester follow the case, answer the office's request for a document, rate it once closed and reopen it", async () => {
    const submitted = await submit("198.51.100.4", {
      requester: { name: "Awa Koné", email: "awa@exemple.ci" },
    });
    const code = submitted.body.trackingCode;
    const track = (path = "", body: Record<string, unknown> = {}) =>
      portalCall<Tracking>(t.app, "POST", `/api/portal/tracking${path}`, { code, ...body }, "198.51.100.4");

    const first = await track();
    expect(first.status).toBe(200);
    expect(first.body.status).toBe("active");
    expect(first.body.statusText.fr).toBe("En cours de traitement");
    expect(first.body.documents.map((d) => d.fileName)).toEqual(["demande.pdf"]);

    // Nothing to add before the office asks.
    const early = await track("/documents", {
      file: { fileName: "piece.pdf", mediaType: "application/pdf", contentBase64: PDF.toString("base64") },
    });
    expect(early.status).toBe(409);

    const [row] = await t.database.db
      .select()
      .from(cases)
      .where(eq(cases.registryNumber, submitted.body.registryNumber));
    const caseId = row!.id;
    const [task] = await t.database.db.select().from(tasks).where(eq(tasks.caseId, caseId));
    const agent = await takerOf(t.database, "douanes", task!);
    const asked = await t.as(agent).post(`/api/cases/${caseId}/portal-messages`, {
      text: "Merci de joindre l'autorisation de votre direction.",
      asksFor: "Autorisation de la direction",
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect((await track()).body.statusText.fr).toBe("En attente d'un document de votre part");

    // The citizen answers later: the thread is in time order.
    t.clock.advanceHours(1);
    const added = await track("/documents", {
      file: {
        fileName: "autorisation.pdf",
        mediaType: "application/pdf",
        contentBase64: PDF.toString("base64"),
      },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.messages.at(-1)).toMatchObject({
      fromOffice: false,
      attachment: { id: expect.any(String) },
    });
    const thread = await t
      .as(agent)
      .get<{ items: Array<{ fromOffice: boolean; authorName: string | null }> }>(
        `/api/cases/${caseId}/portal-messages`,
      );
    expect(thread.body.items.map((m) => [m.fromOffice, m.authorName])).toEqual([
      [true, expect.any(String)],
      [false, "Awa Koné"],
    ]);
    await runner.runDueJobs(t.clock.now());
    expect(
      smtp.received.some(
        (m) =>
          m.subject?.includes(submitted.body.registryNumber) &&
          m.text?.includes("Autorisation de la direction"),
      ),
    ).toBe(true);

    // The office walks the case to its end.
    const def = (await findDefinitionInForce(t.database.db, "douanes", "douanes-o-demandes-donnees"))!;
    let view = (await t.as(agent).get<CaseView>(`/api/cases/${caseId}`)).body;
    for (const [stepId, outcome, form] of [
      ["reception", undefined, dataRequest("").data],
      ["analyse", "recevable"],
      ["extraction", undefined],
      ["controle", "oui"],
      ["transmission", undefined],
      ["archivage", undefined],
    ] as Array<[string, string | undefined, Record<string, unknown>?]>) {
      const done = await completeStep(t, def, view, stepId, {
        ...(outcome ? { outcome } : {}),
        ...(form ? { form } : {}),
      });
      expect(done.status, `${stepId}: ${JSON.stringify(done.body)}`).toBe(200);
      view = done.body;
    }
    const closed = await track();
    expect(closed.body.status).toBe("completed");
    expect(closed.body.steps.map((s) => s.title)).toContain("Analyse de la demande");
    expect(closed.body.mayRate).toBe(true);
    expect(closed.body.reopenUntil).not.toBeNull();

    const rated = await track("/rating", { rating: 4, comment: "Rapide" });
    expect(rated.status).toBe(201);
    expect(rated.body.rating).toEqual({ rating: 4, comment: "Rapide" });
    expect((await track("/rating", { rating: 1 })).status).toBe(409);

    const reopened = await track("/reopen", { reason: "Il manque l'année 2024." });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(201);
    expect(reopened.body.status).toBe("active");
    expect(reopened.body.reopenedFrom).toBe(submitted.body.registryNumber);
    expect(reopened.body.registryNumber).not.toBe(submitted.body.registryNumber);
  });

  it("limits and logs wrong tracking codes per address: guessing stops, with a clear message", async () => {
    const address = "198.51.100.9";
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const res = await portalCall(
        t.app,
        "POST",
        "/api/portal/tracking",
        { code: `AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-${String(i).padStart(2, "0")}` },
        address,
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const logged = rowsOf<{ n: number | string }>(
      await t.database.db.execute(
        sql`select count(*) as n from security_events where type = 'portal_tracking_failed' and ip = ${address}`,
      ),
    );
    expect(Number(logged[0]!.n)).toBe(10);
  });

  it("slows and refuses a flood from one address with a clear message, with no 5xx and no accepted request lost", async () => {
    const flooder = "192.0.2.66";
    const challenges = await Promise.all(
      Array.from({ length: 12 }, () => solvedChallenge(t.app, "douanes", flooder)),
    );
    const before = await t.database.db.$count(cases);
    const results = await Promise.all(
      challenges.map((c, i) =>
        portalCall<Receipt & { error?: { code: string; message: { fr: string } } }>(
          t.app,
          "POST",
          "/api/portal/douanes/requests",
          dataRequest(c.payload, { requester: { name: `Robot ${i}`, email: `robot${i}@exemple.ci` } }),
          flooder,
        ),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(
      statuses.every((s) => s === 201 || s === 429),
      statuses.join(","),
    ).toBe(true);
    const accepted = results.filter((r) => r.status === 201);
    expect(accepted).toHaveLength(5);
    for (const refused of results.filter((r) => r.status === 429)) {
      expect(refused.body.error?.message.fr).toMatch(
        /trop de demandes envoyées depuis cette adresse : réessayez dans \d+ min/,
      );
    }
    // Every accepted request is a case.
    expect(await t.database.db.$count(cases)).toBe(before + 5);
    for (const r of accepted) {
      expect(await t.database.db.$count(cases, eq(cases.registryNumber, r.body.registryNumber))).toBe(1);
    }
    // The flooding address now gets costlier challenges; another address is served as usual.
    const harder = await portalCall<{ maxnumber: number }>(
      t.app,
      "GET",
      "/api/portal/douanes/challenge",
      undefined,
      flooder,
    );
    expect(harder.body.maxnumber).toBeGreaterThan(challenges[0]!.maxnumber);
    expect((await submit("192.0.2.77")).status).toBe(201);
  });
});
