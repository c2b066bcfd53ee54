import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import { pdfToPngs } from "../support/pdfText.js";
import { ARTIFACTS, launchBrowser, type RunningServer, startServer } from "./server.js";
import { BROWSER_PASSWORD, ensureWebBuilt, expectAccessible, screenshot } from "./webApp.js";

// People of procedures/douanes/organisation.yaml.
const DSI = "DGD0003";
const CB_INFRA = "DGD0012";
const STOCK = "DGD0018";
const RDS = "DGD0004";

interface CaseView {
  id: string;
  registryNumber: string;
  version: number;
  tasks: Array<{ id: string; stepId: string; status: string }>;
}

/** Someone calling the HTTP API from outside the browser: the cases are prepared this way, quickly. */
class ApiCaller {
  private cookie = "";
  private csrf = "";
  constructor(
    private readonly base: string,
    private readonly matricule: string,
  ) {}

  /** Signs in with the demo password and replaces it with the one the browser then uses. */
  async signIn(): Promise<this> {
    const res = await fetch(`${this.base}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ matricule: this.matricule, password: DEMO_PASSWORD }),
    });
    if (!res.ok) throw new Error(`sign-in of ${this.matricule}: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    const body = (await res.json()) as { csrfToken: string; mustChangePassword: boolean };
    this.csrf = body.csrfToken;
    if (body.mustChangePassword) {
      await this.call("POST", "/api/session/password", {
        currentPassword: DEMO_PASSWORD,
        newPassword: BROWSER_PASSWORD,
      });
    }
    return this;
  }

  async call<T>(method: string, path: string, body?: unknown, bytes?: Buffer): Promise<T> {
    const headers: Record<string, string> = { cookie: this.cookie, "x-csrf-token": this.csrf };
    if (bytes) headers["content-type"] = "application/pdf";
    else if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: bytes ?? (body !== undefined ? JSON.stringify(body) : null),
    });
    if (!res.ok) throw new Error(`${method} ${path} as ${this.matricule}: ${res.status} ${await res.text()}`);
    const type = res.headers.get("content-type") ?? "";
    return (type.includes("json") ? await res.json() : Buffer.from(await res.arrayBuffer())) as T;
  }

  async complete(
    view: CaseView,
    stepId: string,
    input: { form?: Record<string, unknown>; outcome?: string; upload?: string | string[] } = {},
  ): Promise<CaseView> {
    const task = view.tasks.find((x) => x.stepId === stepId && x.status === "open");
    if (!task) throw new Error(`no open task on ${stepId}`);
    const documents: Record<string, string> = {};
    for (const id of input.upload === undefined ? [] : [input.upload].flat()) {
      const up = await this.call<{ id: string }>(
        "POST",
        `/api/cases/${view.id}/attachments?fileName=${id}.pdf&documentId=${id}`,
        undefined,
        Buffer.from(`%PDF-1.4 ${id}`),
      );
      documents[id] = up.id;
    }
    return this.call<CaseView>("POST", `/api/tasks/${task.id}/actions`, {
      type: "complete",
      expectedVersion: view.version,
      form: input.form ?? {},
      ...(Object.keys(documents).length > 0 ? { documents } : {}),
      ...(input.outcome ? { outcome: input.outcome } : {}),
    });
  }
}

/**
 * Asks for an official document (202, a code) and waits for the server's worker to draw it: the
 * document then appears in the case's list under that code. Returns its PDF.
 */
async function issueAndFetch(caller: ApiCaller, caseId: string, documentId: string): Promise<Buffer> {
  const asked = await caller.call<{ code: string }>(
    "POST",
    `/api/cases/${caseId}/documents/${documentId}/issue`,
    {},
  );
  let attachmentId: string | undefined;
  await expect
    .poll(
      async () => {
        const listed = await caller.call<{ items: Array<{ id: string; issued: { code: string } | null }> }>(
          "GET",
          `/api/cases/${caseId}/documents`,
        );
        attachmentId = listed.items.find((d) => d.issued?.code === asked.code)?.id;
        return attachmentId;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBeDefined();
  return caller.call<Buffer>("GET", `/api/attachments/${attachmentId}`);
}

async function signInBrowser(browser: Browser, url: string, matricule: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${url}/`);
  await page.getByLabel("Matricule").fill(matricule);
  await page.getByLabel(/^Mot de passe( \*)?$/).fill(BROWSER_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { name: "Mes tâches" }).waitFor();
  return page;
}

/** The little of a canvas the check needs (the tests compile without the DOM library). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  };
}

/** How many pixels of a canvas are not white: a drawn page has text, lines and a QR code. */
async function inkedPixels(page: Page): Promise<number> {
  return page
    .locator("[data-testid=pdf-pages] canvas")
    .first()
    .evaluate((node) => {
      const canvas = node as unknown as CanvasLike;
      const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) inked++;
      return inked;
    });
}

describe("official documents in the web app", () => {
  let server: RunningServer;
  let browser: Browser;
  let dsi: ApiCaller;
  let cb: ApiCaller;
  let stock: ApiCaller;
  let deployment: CaseView;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
    dsi = await new ApiCaller(server.url, DSI).signIn();
    cb = await new ApiCaller(server.url, CB_INFRA).signIn();
    stock = await new ApiCaller(server.url, STOCK).signIn();
    let view = await dsi.call<CaseView>("POST", "/api/cases", {
      procedureId: "douanes-b-deploiement-materiel",
      title: "Postes pour le bureau de Vridi",
    });
    view = await dsi.complete(view, "reception", {
      form: { service_demandeur: "Bureau des Exonérations", type_materiel: "ordinateur", quantite: 1250 },
      upload: "demande-materiel",
    });
    view = await dsi.complete(view, "transmission");
    view = await cb.complete(view, "analyse", { outcome: "justifiee" });
    view = await stock.complete(view, "verification-stock", { outcome: "disponible" });
    deployment = await cb.complete(view, "configuration", { form: { numeros_serie: "SN-ÉTÉ-0042" } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("issues the PV d'installation from the case page and previews it in the page (pdf.js)", async () => {
    const page = await signInBrowser(browser, server.url, DSI);
    await page.goto(`${server.url}/dossiers/${deployment.id}`);
    await page.getByTestId("registry-number").filter({ hasText: deployment.registryNumber }).waitFor();
    await page.getByRole("button", { name: "Éditer « PV d'installation »" }).click();
    const row = page
      .getByTestId("documents")
      .getByRole("row")
      .filter({ hasText: "Procès-verbal d'installation de matériel informatique" });
    await row.waitFor();
    // Listed by their titles, not by ids or file names alone.
    await expect.poll(() => page.getByTestId("documents").innerText()).toContain("Demande de matériel");
    expect(await row.innerText()).toContain("Code de vérification");

    const downloads: string[] = [];
    page.on("download", (d) => downloads.push(d.suggestedFilename()));
    await row.getByRole("button", { name: "Aperçu" }).click();
    const preview = page.getByTestId("document-preview");
    await preview.locator("[data-testid=pdf-pages][data-rendered=true]").waitFor();
    expect(await inkedPixels(page)).toBeGreaterThan(2000);
    expect(await preview.getByRole("img").first().getAttribute("aria-label")).toContain("Page 1 sur 1");
    expect(downloads).toEqual([]);
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, "documents-pdf-preview");
    await expectAccessible(page, "a case page with a PDF preview");
  });

  it("keeps a PNG of each official document and of the fiche de suivi (pdftoppm)", async () => {
    const listed = await dsi.call<{
      items: Array<{ id: string; documentId: string | null; issued: unknown }>;
    }>("GET", `/api/cases/${deployment.id}/documents`);
    const pv = listed.items.find((d) => d.documentId === "pv-installation" && d.issued)!;
    const pvBytes = await dsi.call<Buffer>("GET", `/api/attachments/${pv.id}`);
    expect(pdfToPngs(pvBytes, ARTIFACTS, "document-pv-installation").length).toBe(1);

    const rds = await new ApiCaller(server.url, RDS).signIn();
    let order = await cb.call<CaseView>("POST", "/api/cases", {
      procedureId: "douanes-g-commande-reception-materiel",
    });
    order = await cb.complete(order, "fiche-besoins", { upload: "fiche-besoins" });
    order = await dsi.complete(order, "validation", { outcome: "oui" });
    order = await rds.complete(order, "emission-bon-commande", {
      form: {
        fournisseur: "Société Ivoirienne d'Équipements",
        designation: "25 ordinateurs",
        montant: 18_750_000,
        article: "Ordinateur portable",
        categorie: "ordinateur",
        quantite_commandee: 25,
      },
    });
    const orderBytes = await issueAndFetch(rds, order.id, "bon-commande");
    expect(pdfToPngs(orderBytes, ARTIFACTS, "document-bon-commande").length).toBe(1);

    // The PV de réception, once the delivery is checked against the order. Issuing moved the
    // case's version on (its event is chained): act on the case as it is now.
    order = await dsi.call<CaseView>("GET", `/api/cases/${order.id}`);
    order = await dsi.complete(order, "signature-bon-commande", { upload: "bon-commande-signe" });
    order = await rds.complete(order, "transmission", { form: { date_limite_livraison: "2026-12-31" } });
    order = await rds.complete(order, "execution", { outcome: "oui" });
    order = await stock.complete(order, "reception-materiel", {
      form: { quantite_recue: 25 },
      upload: "bon-livraison",
    });
    order = await stock.complete(order, "verification", { outcome: "oui" });
    const reception = await issueAndFetch(stock, order.id, "pv-reception");
    expect(pdfToPngs(reception, ARTIFACTS, "document-pv-reception").length).toBe(1);

    const exit = await issueAndFetch(cb, deployment.id, "bon-sortie");
    expect(pdfToPngs(exit, ARTIFACTS, "document-bon-sortie").length).toBe(1);

    // The fiches de demande de compte (E, L, N), written at the request's reception.
    const mail = await new ApiCaller(server.url, "DGD0020").signIn();
    let account = await mail.call<CaseView>("POST", "/api/cases", { procedureId: "douanes-e-compte-mail" });
    account = await mail.complete(account, "demande", {
      form: {
        matricule: "DGD0150",
        nom: "KONÉ",
        prenoms: "Aïssata Éléonore",
        contact: "+225 07 08 09 10 11",
        canal: "telephone",
      },
    });
    const mailForm = await issueAndFetch(mail, account.id, "fiche-demande");
    expect(pdfToPngs(mailForm, ARTIFACTS, "document-fiche-demande-compte-mail").length).toBe(1);

    const support = await new ApiCaller(server.url, "DGD0033").signIn();
    let login = await support.call<CaseView>("POST", "/api/cases", {
      procedureId: "douanes-l-comptes-utilisateurs",
    });
    login = await support.complete(login, "reception", {
      form: {
        type_demande: "creation",
        categorie_usager: "non_douanier",
        nom: "N'GUESSAN",
        prenoms: "Kouadio Désiré",
      },
      upload: "dossier-demande",
    });
    const loginForm = await issueAndFetch(support, login.id, "fiche-demande");
    expect(pdfToPngs(loginForm, ARTIFACTS, "document-fiche-demande-compte-sydam").length).toBe(1);

    const data = await new ApiCaller(server.url, "DGD0050").signIn();
    let bi = await data.call<CaseView>("POST", "/api/cases", {
      procedureId: "douanes-n-comptes-systeme-decisionnel",
    });
    bi = await data.complete(bi, "reception", {
      form: {
        type_demande: "creation",
        nom: "TRAORÉ Fatoumata",
        matricule: "DGD0321",
        service: "Bureau des Statistiques",
      },
      upload: ["demande-compte", "decision-affectation"],
    });
    const biForm = await issueAndFetch(data, bi.id, "fiche-demande");
    expect(pdfToPngs(biForm, ARTIFACTS, "document-fiche-demande-compte-decisionnel").length).toBe(1);

    // The accusé de réception of a letter to the ministry (MFFE), at its registration.
    const secretary = await new ApiCaller(server.url, "MFFE0020").signIn();
    let letter = await secretary.call<CaseView>("POST", "/api/cases", {
      procedureId: "mffe-courrier-externe",
    });
    letter = await secretary.complete(letter, "reception", {
      form: { provenance: "service_courrier", date_reception: "2026-02-27" },
    });
    letter = await secretary.complete(letter, "enregistrement", {
      form: {
        expediteur: "Association des Femmes Juristes de Côte d'Ivoire",
        objet: "Demande d'audience — « Journée de la Femme »",
        date_courrier: "2026-02-25",
        reference: "AFJCI/2026/017",
      },
      upload: "courrier-recu",
    });
    const receipt = await issueAndFetch(secretary, letter.id, "accuse-reception");
    expect(pdfToPngs(receipt, ARTIFACTS, "document-accuse-reception").length).toBe(1);

    const summary = await dsi.call<Buffer>("GET", `/api/cases/${deployment.id}/summary.pdf`);
    expect(pdfToPngs(summary, ARTIFACTS, "document-fiche-de-suivi").length).toBeGreaterThanOrEqual(1);
  });

  it("the public verification page accepts the issued file and rejects it once one byte changed", async () => {
    const listed = await dsi.call<{
      items: Array<{ id: string; issued: { code: string } | null }>;
    }>("GET", `/api/cases/${deployment.id}/documents`);
    const pv = listed.items.find((d) => d.issued)!;
    const bytes = await dsi.call<Buffer>("GET", `/api/attachments/${pv.id}`);
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto(`${server.url}/verifier/${pv.issued!.code}`);
    await expect.poll(() => page.locator("#number").innerText()).toBe(deployment.registryNumber);
    await page.setInputFiles("#file", { name: "pv.pdf", mimeType: "application/pdf", buffer: bytes });
    await page.getByRole("button", { name: /Vérifier/ }).click();
    await expect.poll(() => page.locator("#verdict").innerText()).toMatch(/^authentique/);
    await screenshot(page, "documents-verification-authentic");

    const tampered = Buffer.from(bytes);
    tampered[tampered.length >> 1] = tampered[tampered.length >> 1]! ^ 0x20;
    await page.setInputFiles("#file", {
      name: "pv-modifie.pdf",
      mimeType: "application/pdf",
      buffer: tampered,
    });
    await page.getByRole("button", { name: /Vérifier/ }).click();
    await expect.poll(() => page.locator("#verdict").innerText()).toMatch(/^NON AUTHENTIQUE/);
    await screenshot(page, "documents-verification-tampered");
    await context.close();
  });
});
