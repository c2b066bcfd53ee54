import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpServer, type TestSmtpServer } from "../support/smtpServer.js";
import { launchBrowser, type RunningServer, startServer } from "./server.js";
import {
  completeStep,
  ensureWebBuilt,
  expectAccessible,
  openFromInbox,
  People,
  pdf,
  screenshot,
} from "./webApp.js";

// The customs' data office, from procedures/douanes/organisation.yaml.
const DATA_HEAD = "DGD0050"; // Chef du Bureau des Données (CB, BD)
const BI_HEAD = "DGD0052"; // Chef de Section Système Décisionnel (CS, SSD)

/**
 * A citizen with no account asks the customs for data on the public portal, with a signed letter;
 * gets the receipt and the e-mail (real SMTP on loopback); the office asks for a document on the
 * case page; the citizen adds it from the tracking page; the case closes; the citizen rates it.
 */
describe("a data request through the public portal, from submission to rating", () => {
  let server: RunningServer;
  let browser: Browser;
  let people: People;
  let smtp: TestSmtpServer;
  let citizen: Page;
  let citizenContext: BrowserContext;
  let registryNumber = "";
  let trackingCode = "";
  const saved = { ...process.env };

  beforeAll(async () => {
    ensureWebBuilt();
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "Portail des douanes <no-reply@douanes.example.ci>";
    server = await startServer();
    process.env = saved;
    browser = await launchBrowser();
    people = new People(browser, server.url);
    citizenContext = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: "fr-FR" });
    citizen = await citizenContext.newPage();
    citizen.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it("the citizen finds the procedure, fills in the form with an attachment, and gets the receipt and the e-mail", async () => {
    const missing = await citizen.goto(`${server.url}/portail/nulle-part`);
    expect(missing?.status()).toBe(404);
    await citizen.goto(`${server.url}/portail/douanes?lang=ar`);
    await expect(citizen.locator("html").getAttribute("dir")).resolves.toBe("rtl");
    await expectAccessible(citizen, "portail (arabe)");
    await citizen.goto(`${server.url}/portail/douanes`);
    await expectAccessible(citizen, "portail");
    await citizen
      .getByRole("link", { name: /Faire la demande/ })
      .first()
      .click();
    await citizen.getByRole("heading", { name: "Procédure de gestion des demandes de données" }).waitFor();
    await expectAccessible(citizen, "formulaire du portail");

    await citizen.getByLabel(/^Nom et prénoms/).fill("Kouamé Yao");
    await citizen.getByLabel(/^Adresse e-mail/).fill("kouame.yao@exemple.ci");
    await citizen.getByLabel(/^Service demandeur/).fill("Cabinet Yao Conseil");
    await citizen.getByLabel(/^Données demandées/).fill("Volumes d'importation de cacao en 2025");
    await citizen.getByLabel(/^Finalité de la demande/).fill("Étude de marché");
    await citizen.getByLabel(/^Demande de données/).setInputFiles(pdf("demande-signee.pdf"));
    // Sending without consent is stopped by the browser; with it, the request goes.
    await citizen.getByRole("button", { name: "Envoyer la demande" }).click();
    await expect(citizen.locator("#receipt").isHidden()).resolves.toBe(true);
    await citizen.getByLabel(/J'accepte que les données/).check();
    await citizen.getByRole("button", { name: "Envoyer la demande" }).click();
    await citizen.getByRole("heading", { name: "Accusé de réception" }).waitFor({ timeout: 60_000 });
    registryNumber = (await citizen.locator("#registry-number").innerText()).trim();
    trackingCode = (await citizen.locator("#tracking-code").innerText()).trim();
    expect(registryNumber).toMatch(/^DATA-\d{4}-\d{4}$/);
    expect(trackingCode).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{2}$/);
    await expectAccessible(citizen, "accusé de réception");
    await screenshot(citizen, "portal-receipt");

    await expect
      .poll(() => smtp.received.find((m) => m.subject?.includes(registryNumber))?.text ?? "", {
        timeout: 60_000,
      })
      .toContain(trackingCode);
  });

  it("the office takes the case from its inbox and asks the citizen for a document on the case page", async () => {
    const page = await people.as(DATA_HEAD);
    await openFromInbox(page, server.url, registryNumber);
    const thread = page.getByTestId("portal-thread");
    await thread
      .getByLabel("Répondre au demandeur")
      .fill("Merci de joindre l'autorisation de votre direction.");
    await thread.getByLabel(/Document à lui demander/).fill("Autorisation de la direction");
    await thread.getByRole("button", { name: "Envoyer au demandeur" }).click();
    await thread.getByText("Document demandé : Autorisation de la direction").waitFor();
    await expectAccessible(page, "dossier avec échanges du portail");
  });

  it("the citizen opens the tracking page from the e-mail's link and adds the document asked for", async () => {
    await citizen.goto(`${server.url}/portail/douanes/suivi#${trackingCode}`);
    await expect
      .poll(() => citizen.locator("#tracked-status").innerText())
      .toBe("En attente d'un document de votre part");
    // The code left the address bar.
    expect(citizen.url()).not.toContain(trackingCode);
    await expectAccessible(citizen, "suivi");
    await citizen.getByLabel("Ajouter le document demandé").setInputFiles(pdf("autorisation.pdf"));
    await citizen.getByRole("button", { name: "Envoyer le document" }).click();
    await expect.poll(() => citizen.locator("#tracked-status").innerText()).toBe("En cours de traitement");
    await citizen.getByRole("button", { name: /Télécharger : autorisation\.pdf/ }).waitFor();
    // The back office's session never reached the portal: this context has no cookie at all.
    expect(await citizenContext.cookies()).toEqual([]);
  });

  it("the office processes the case to its end, seeing the citizen's document", async () => {
    const head = await people.as(DATA_HEAD);
    // A loaded machine may take a while per transition: wait for the server, not for a clock.
    head.setDefaultTimeout(60_000);
    await openFromInbox(head, server.url, registryNumber);
    await head.getByTestId("portal-thread").getByRole("link", { name: "autorisation.pdf" }).waitFor();
    // The signed request the citizen sent is the step's required document: nothing to upload again.
    // (The step form does not show the values given at the start: the agent confirms them.)
    await completeStep(head, "Réception de la demande", async (f) => {
      await f.getByLabel(/^Service demandeur/).fill("Cabinet Yao Conseil");
      await f.getByLabel(/^Données demandées/).fill("Volumes d'importation de cacao en 2025");
      await f.getByLabel(/^Finalité de la demande/).fill("Étude de marché");
    });
    const bi = await people.as(BI_HEAD);
    bi.setDefaultTimeout(60_000);
    await openFromInbox(bi, server.url, registryNumber);
    await completeStep(bi, "Analyse de la demande", async (f) => {
      await f.getByRole("radio", { name: "Recevable", exact: true }).check();
    });
    await completeStep(bi, "Extraction des données", async (f) => {
      await f.locator("input[data-document=donnees-extraites]").setInputFiles(pdf("donnees.pdf"));
    });
    await openFromInbox(head, server.url, registryNumber);
    await completeStep(head, "Contrôle des données extraites", async (f) => {
      await f.getByRole("radio", { name: "Oui", exact: true }).check();
    });
    await completeStep(head, "Transmission des données au demandeur");
    await openFromInbox(bi, server.url, registryNumber);
    await completeStep(bi, "Archivage de la demande");
  });

  it("the citizen sees the case closed with its steps, and rates it", async () => {
    await citizen.goto(`${server.url}/portail/douanes/suivi`);
    await citizen.getByLabel("Code de suivi").fill(trackingCode);
    await citizen.getByRole("button", { name: "Afficher" }).click();
    await expect.poll(() => citizen.locator("#tracked-status").innerText()).toBe("Traitée");
    await expect(citizen.locator("#tracking").innerText()).resolves.toContain("Analyse de la demande");
    await citizen.getByLabel("Note (1 à 5)").selectOption("5");
    await citizen.getByLabel("Commentaire (facultatif)").fill("Réponse rapide et claire.");
    await citizen.getByRole("button", { name: "Envoyer mon avis" }).click();
    await citizen.locator("#rated").waitFor();
    await expectAccessible(citizen, "suivi d'une demande close");
    await screenshot(citizen, "portal-rated");
  });
});
