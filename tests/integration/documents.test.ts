import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAudit } from "../../server/audit/verifyAudit.js";
import type {
  CaseDocuments,
  IssuedDocumentView,
  IssueRequestView,
  VerificationView,
} from "../../shared/api/documents.js";
import { issueDocument } from "../support/documents.js";
import { flatText, pdfPages, pdfText } from "../support/pdfText.js";
import { newPerson, takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

// People of procedures/douanes/organisation.yaml.
const DSI = "DGD0003"; // Mamadou YÉO
const CB_INFRA = "DGD0012"; // Mariam SYLLA
const RDS = "DGD0004"; // Adjoua GNAMIEN
/** Walking a case signs several people in (argon2): generous on a machine shared with other work. */
const WALK_TIMEOUT = 300_000;

/** Completes the open task of `stepId` as whoever the org chart designates, uploading its required documents. */
async function complete(
  t: TestApp,
  view: CaseView,
  stepId: string,
  input: { form?: Record<string, unknown>; outcome?: string; required?: string[] } = {},
): Promise<CaseView> {
  const task = view.tasks.find((x) => x.stepId === stepId && x.status === "open");
  if (!task) throw new Error(`no open task on ${stepId}`);
  const taker = await takerOf(t.database, "douanes", task);
  const documents: Record<string, string> = {};
  for (const id of input.required ?? []) {
    const up = await t
      .as(taker)
      .upload<{ id: string }>(
        `/api/cases/${view.id}/attachments?fileName=${id}.pdf&documentId=${id}`,
        Buffer.from(`%PDF-1.4 ${id}`),
        "application/pdf",
      );
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    documents[id] = up.body.id;
  }
  const res = await t.as(taker).post<CaseView>(`/api/tasks/${task.id}/actions`, {
    type: "complete",
    expectedVersion: view.version,
    form: input.form ?? {},
    ...(Object.keys(documents).length > 0 ? { documents } : {}),
    ...(input.outcome ? { outcome: input.outcome } : {}),
  });
  expect(res.status, `${stepId}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** A customs equipment deployment (B) walked to its configuration step, where the PV is written. */
async function deploymentConfigured(t: TestApp, serviceDemandeur: string): Promise<CaseView> {
  const started = await t.as(DSI).post<CaseView>("/api/cases", {
    procedureId: "douanes-b-deploiement-materiel",
    title: "Postes de travail pour le bureau « Vridi »",
  });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  let view = await complete(t, started.body, "reception", {
    form: { service_demandeur: serviceDemandeur, type_materiel: "ordinateur", quantite: 1250 },
    required: ["demande-materiel"],
  });
  view = await complete(t, view, "transmission");
  view = await complete(t, view, "analyse", { outcome: "justifiee" });
  view = await complete(t, view, "verification-stock", { outcome: "disponible" });
  return view;
}

describe("official documents", () => {
  let t: TestApp;
  let deployment: CaseView;
  let pv: IssuedDocumentView;
  let pvBytes: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    const configured = await deploymentConfigured(t, "Bureau des exonérations — محمد بن عبد الله");
    deployment = await complete(t, configured, "configuration", {
      form: { numeros_serie: "SN-ÉTÉ-0042, SN-ÉTÉ-0043" },
    });
    pv = await issueDocument(t, CB_INFRA, deployment.id, "pv-installation");
    const file = await t.as(DSI).get(`/api/attachments/${pv.attachmentId}`);
    expect(file.status).toBe(200);
    pvBytes = file.bytes;
  }, WALK_TIMEOUT);
  afterAll(async () => {
    await t.close();
  });

  it("writes the PV d'installation from the case: letterhead, number, data, signatories, accents, page numbers", () => {
    expect(pvBytes.subarray(0, 5).toString()).toBe("%PDF-");
    const text = flatText(pvBytes);
    for (const expected of [
      "République de Côte d'Ivoire",
      "Union — Discipline — Travail",
      "Direction Générale des Douanes",
      "Procès-verbal d'installation de matériel informatique",
      deployment.registryNumber,
      "Ordinateur",
      "1 250", // fr-FR groups thousands with a narrow no-break space
      "SN-ÉTÉ-0042, SN-ÉTÉ-0043",
      "Mariam SYLLA", // who configured the equipment (and signs as the CB)
      "Mamadou YÉO", // the DSI who acted on the case (and signs)
      "Le Chef du Bureau Infrastructure et Télécommunications",
      "Fait à Abidjan, le 2 mars 2026",
      `Code : ${pv.code}`,
      `/verifier/${pv.code}`,
      "Page 1 / 1",
    ]) {
      expect(text).toContain(expected);
    }
    expect(pdfPages(pvBytes)).toBe(1);
  });

  it("writes an Arabic name joined and right to left, so that it is read back as typed", () => {
    // Shaped glyphs carry their Unicode text: poppler gives back the logical order of the name.
    expect(flatText(pvBytes)).toContain("محمد بن عبد الله");
  });

  it("keeps the PDF as an attachment of the case, listed by its title, its SHA-256 in the audit chain", async () => {
    const docs = await t.as(DSI).get<CaseDocuments>(`/api/cases/${deployment.id}/documents`);
    expect(docs.status).toBe(200);
    const item = docs.body.items.find((d) => d.id === pv.attachmentId);
    expect(item).toMatchObject({
      title: "Procès-verbal d'installation de matériel informatique",
      documentId: "pv-installation",
      mediaType: "application/pdf",
      previewable: true,
      sha256: pv.sha256,
      issued: { code: pv.code },
    });
    // An uploaded document is listed by the procedure's title for it, not its id.
    expect(docs.body.items.find((d) => d.documentId === "demande-materiel")?.title).toBe(
      "Demande de matériel",
    );
    expect(docs.body.templates).toEqual([
      expect.objectContaining({ documentId: "pv-installation", title: "PV d'installation", ready: true }),
      expect.objectContaining({ documentId: "bon-sortie", title: "Bon de sortie du matériel", ready: true }),
    ]);
    expect(docs.body.pending).toEqual([]);

    const view = await t.as(DSI).get<CaseView>(`/api/cases/${deployment.id}`);
    const event = view.body.history.find((e) => e.type === "document_issued");
    expect(event?.payload).toMatchObject({ documentId: "pv-installation", sha256: pv.sha256, code: pv.code });
    const report = await verifyAudit(t.database.db);
    expect(report.broken).toEqual([]);

    // The chain moved on under the case's lock: the next step still completes.
    const signed = await complete(t, view.body, "signature-pv", { required: ["pv-installation-signe"] });
    expect(signed.tasks.some((x) => x.stepId === "deploiement" && x.status === "open")).toBe(true);
  });

  it("checks the request at once and draws the PDF in a job: pending until it ran, then attached, authored by the system for the requester", async () => {
    const asked = await t
      .as(CB_INFRA)
      .post<IssueRequestView>(`/api/cases/${deployment.id}/documents/bon-sortie/issue`);
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body).toMatchObject({
      status: "queued",
      url: `http://localhost:3000/verifier/${asked.body.code}`,
    });
    const before = await t.as(DSI).get<CaseDocuments>(`/api/cases/${deployment.id}/documents`);
    expect(before.body.pending).toEqual([
      expect.objectContaining({ documentId: "bon-sortie", code: asked.body.code, status: "queued" }),
    ]);
    expect(before.body.items.some((d) => d.issued?.code === asked.body.code)).toBe(false);
    // The code is not valid before the document exists.
    const early = await t.anonymous.upload<VerificationView>(
      `/api/verifications?code=${asked.body.code}`,
      Buffer.from("%PDF-1.4 x"),
      "application/pdf",
    );
    expect(early.body.document).toBeNull();

    const report = await t.runJobs();
    expect(report.dead).toEqual([]);
    expect(report.done).toHaveLength(1);
    const after = await t.as(DSI).get<CaseDocuments>(`/api/cases/${deployment.id}/documents`);
    expect(after.body.pending).toEqual([]);
    const item = after.body.items.find((d) => d.issued?.code === asked.body.code);
    expect(item).toMatchObject({ documentId: "bon-sortie", title: "Bon de sortie de matériel informatique" });
    const view = await t.as(DSI).get<CaseView>(`/api/cases/${deployment.id}`);
    const event = view.body.history.find(
      (e) => e.type === "document_issued" && e.payload.code === asked.body.code,
    );
    const requester = view.body.history.find(
      (e) => e.type === "step_completed" && e.stepBefore === "configuration",
    );
    expect(event?.payload).toMatchObject({
      sha256: item!.sha256,
      system: { job: "documents.issue" },
    });
    expect(event?.payload.requestedBy).toBeTruthy();
    expect(requester).toBeDefined();
    expect((await verifyAudit(t.database.db)).broken).toEqual([]);
  });

  it("sends the PDF inline so that it previews in the browser", async () => {
    const file = await t.as(DSI).get(`/api/cases/${deployment.id}/attachments/${pv.attachmentId}/content`);
    expect(file.headers["content-type"]).toBe("application/pdf");
    expect(file.headers["content-disposition"]).toMatch(/^inline; /);
  });

  it(
    "writes a bon de commande whose amount is grouped the French way",
    async () => {
      const started = await t.as(CB_INFRA).post<CaseView>("/api/cases", {
        procedureId: "douanes-g-commande-reception-materiel",
      });
      expect(started.status).toBe(201);
      let view = await complete(t, started.body, "fiche-besoins", { required: ["fiche-besoins"] });
      view = await complete(t, view, "validation", { outcome: "oui" });
      view = await complete(t, view, "emission-bon-commande", {
        form: {
          fournisseur: "Société Ivoirienne d'Équipements « SIE » SARL",
          designation: "25 ordinateurs portables, 3 imprimantes réseau",
          montant: 18_750_000,
          article: "Ordinateur portable",
          categorie: "ordinateur",
          quantite_commandee: 25,
        },
      });
      const issued = await issueDocument(t, RDS, view.id, "bon-commande");
      const file = await t.as(RDS).get(`/api/attachments/${issued.attachmentId}`);
      const raw = pdfTextWithSpaces(file.bytes);
      // The narrow no-break space of Intl.NumberFormat('fr-FR') is drawn (not a missing glyph) and read back.
      expect(raw).toMatch(/18[\u202f\u00a0 ]750[\u202f\u00a0 ]000 FCFA/);
      const text = flatText(file.bytes);
      for (const expected of [
        "Bon de commande",
        view.registryNumber,
        "Société Ivoirienne d'Équipements « SIE » SARL",
        "25 ordinateurs portables, 3 imprimantes réseau",
        "Adjoua GNAMIEN",
        "L'émetteur du bon de commande",
      ]) {
        expect(text).toContain(expected);
      }
    },
    WALK_TIMEOUT,
  );

  it(
    "refuses a document before its step is done, one the procedure does not write, and to outsiders",
    async () => {
      const early = await deploymentConfigured(t, "Service informatique");
      const tooSoon = await t.as(CB_INFRA).post(`/api/cases/${early.id}/documents/pv-installation/issue`);
      expect(tooSoon.status).toBe(409);
      expect(tooSoon.body).toMatchObject({ error: { code: "step_not_done" } });
      const unknown = await t.as(CB_INFRA).post(`/api/cases/${early.id}/documents/bon-commande/issue`);
      expect(unknown.status).toBe(404);
      const outsider = await newPerson(
        t.database,
        "douanes",
        { matricule: "DOC0001", name: "Personne Étrangère", unitCode: "COURRIER" },
        t.clock.now(),
      );
      const refused = await t
        .as(outsider)
        .post(`/api/cases/${deployment.id}/documents/pv-installation/issue`);
      expect(refused.status).toBe(403);
    },
    WALK_TIMEOUT,
  );

  it("prints the case's summary: data, steps with who and when, documents, in French and in English", async () => {
    const fr = await t.as(DSI).get(`/api/cases/${deployment.id}/summary.pdf`);
    expect(fr.status).toBe(200);
    expect(fr.headers["content-type"]).toBe("application/pdf");
    const text = flatText(fr.bytes);
    for (const expected of [
      `Fiche de suivi du dossier ${deployment.registryNumber}`,
      "Procédure de déploiement du matériel informatique",
      "Postes de travail pour le bureau « Vridi »",
      "Matériel demandé : Ordinateur",
      "Analyse de la demande",
      "Justifiée",
      "Mariam SYLLA",
      "Christelle BEUGRÉ",
      "Procès-verbal d'installation de matériel informatique",
      "Demande de matériel",
    ]) {
      expect(text).toContain(expected);
    }
    const en = await t.as(DSI).get(`/api/cases/${deployment.id}/summary.pdf?lang=en`);
    const english = flatText(en.bytes);
    expect(english).toContain(`Case summary ${deployment.registryNumber}`);
    expect(english).toContain("Requester");
    expect(english).toContain("Page 1 of");
  });
});

describe("the public verification of a document", () => {
  let t: TestApp;
  let issued: IssuedDocumentView;
  let bytes: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    const configured = await deploymentConfigured(t, "Direction de la Réglementation");
    const done = await complete(t, configured, "configuration", { form: { numeros_serie: "SN-1" } });
    issued = await issueDocument(t, CB_INFRA, done.id, "pv-installation");
    bytes = (await t.as(CB_INFRA).get(`/api/attachments/${issued.attachmentId}`)).bytes;
  }, WALK_TIMEOUT);
  afterAll(async () => {
    await t.close();
  });

  const check = (file: Buffer, code?: string) =>
    t.anonymous.upload<VerificationView>(
      `/api/verifications${code ? `?code=${code}` : ""}`,
      file,
      "application/pdf",
    );

  it("accepts the issued file, with its number, date and issuer, without an account", async () => {
    const res = await check(bytes, issued.code);
    expect(res.status).toBe(200);
    expect(res.body.authentic).toBe(true);
    expect(res.body.document).toMatchObject({
      code: issued.code,
      title: "Procès-verbal d'installation de matériel informatique",
      issuer:
        "Ministère des Finances et du Budget — Direction Générale des Douanes — Direction des Systèmes d'Information",
      issuedAt: "2026-03-02T09:00:00.000Z",
    });
    expect(res.body.document?.registryNumber).toMatch(/^DEPL-2026-/);
    const byHashOnly = await check(bytes);
    expect(byHashOnly.body.authentic).toBe(true);
  });

  it("rejects the file once a single byte has changed", async () => {
    const tampered = Buffer.from(bytes);
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = tampered[middle]! ^ 0x01;
    const res = await check(tampered, issued.code);
    expect(res.status).toBe(200);
    expect(res.body.authentic).toBe(false);
    expect(res.body.message.fr).toContain("NON AUTHENTIQUE");
    expect(res.body.document?.code).toBe(issued.code);
    expect((await check(tampered)).body.authentic).toBe(false);
  });

  it("serves the page the QR code opens, and says so when a code was never issued", async () => {
    const page = await t.app.inject({ method: "GET", url: `/verifier/${issued.code}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.body).toContain("Procès-verbal d&#39;installation de matériel informatique");
    expect(page.body).toContain("Direction Générale des Douanes");
    const unknown = await t.app.inject({ method: "GET", url: "/verifier/AAAA-BBBB-CCCC" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain("Aucun document n'a été émis sous le code");
    const res = await check(bytes, "AAAA-BBBB-CCCC");
    expect(res.body).toMatchObject({ authentic: false, document: null });
  });

  it("limits how many checks one address may make in a minute", async () => {
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i++) last = (await check(Buffer.from("%PDF-1.4 x"))).status;
    expect(last).toBe(429);
    t.clock.advanceSeconds(61);
    expect((await check(bytes, issued.code)).status).toBe(200);
  });
});

/** The extracted text with line breaks joined, its spaces kept as they are (narrow, no-break). */
function pdfTextWithSpaces(bytes: Buffer): string {
  return pdfText(bytes).replace(/\s*\n\s*/g, " ");
}
