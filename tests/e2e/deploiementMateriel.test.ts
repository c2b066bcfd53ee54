import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RunningServer, startServer } from "./server.js";
import {
  completeStep,
  ensureWebBuilt,
  expectAccessible,
  openFromInbox,
  People,
  pdf,
  timelineText,
} from "./webApp.js";

// The customs' DSI, from procedures/douanes/organisation.yaml.
const DSI = "DGD0003";
const CB_INFRA = "DGD0012"; // Chef du Bureau Infrastructure et Télécommunications
const STOCK = "DGD0018"; // Gestionnaire du Stock

describe("an equipment deployment (customs B) through the web app, with the stock empty then supplied", () => {
  let server: RunningServer;
  let browser: Browser;
  let people: People;
  let registryNumber = "";

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
    people = new People(browser, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function expectAt(page: Page, stepTitle: string) {
    await expect.poll(() => page.getByTestId("current-step").innerText()).toBe(stepTitle);
  }

  it("the DSI receives the request with its form and the request letter, and passes it on", async () => {
    const page = await people.as(DSI);
    await page.getByRole("link", { name: "Nouvelle demande" }).click();
    await page.getByLabel("Rechercher une procédure").fill("deploiement materiel");
    await page.getByRole("link", { name: "Procédure de déploiement du matériel informatique" }).click();
    const form = page.getByTestId("step-form");
    await form.waitFor();
    await form.getByLabel("Service ou usager demandeur").fill("Bureau des Statistiques");
    await form.getByLabel("Matériel demandé").selectOption("ordinateur");
    await form.getByLabel("Quantité").fill("2");
    await form.locator("input[data-document=demande-materiel]").setInputFiles(pdf("demande-materiel.pdf"));
    await expectAccessible(page, "a step form");
    await form.getByRole("button", { name: "Valider l'étape" }).click();
    await page.getByTestId("acknowledgement").waitFor();
    registryNumber = (await page.getByTestId("registry-number").innerText()).trim();
    expect(registryNumber).toMatch(/^DEPL-\d{4}-\d{4}$/);
    await page.getByRole("button", { name: "Ouvrir le dossier" }).click();
    await page.waitForURL(/\/dossiers\//);
    await expectAt(page, "Transmission au CB Infrastructure et Télécommunications");
    await completeStep(page, "Transmission au CB Infrastructure et Télécommunications");
    await expectAt(page, "Analyse de la demande");
  });

  it("the head of the infrastructure bureau finds it justified", async () => {
    const page = await people.as(CB_INFRA);
    await openFromInbox(page, server.url, registryNumber);
    await completeStep(page, "Analyse de la demande", async (f) => {
      await f.getByRole("radio", { name: "Justifiée", exact: true }).check();
    });
    await expectAt(page, "Vérification de la disponibilité du matériel en stock");
  });

  it("the stock keeper finds none in stock, puts the request on hold, then finds it supplied", async () => {
    const page = await people.as(STOCK);
    await openFromInbox(page, server.url, registryNumber);
    await completeStep(page, "Vérification de la disponibilité du matériel en stock", async (f) => {
      await f.getByRole("radio", { name: "Non disponible" }).check();
    });
    await expectAt(page, "Mise en attente de la demande");
    await completeStep(page, "Mise en attente de la demande");
    await expectAt(page, "Vérification de la disponibilité du matériel en stock");
    await completeStep(page, "Vérification de la disponibilité du matériel en stock", async (f) => {
      await f.getByRole("radio", { name: "Disponible", exact: true }).check();
    });
    await expectAt(page, "Sortie et configuration du matériel, rédaction du PV d'installation");
    const timeline = await timelineText(page);
    // Outcomes in the manual's words, not their codes.
    expect(timeline).toContain("Décision : Non disponible");
    expect(timeline).toContain("Décision : Disponible");
    expect(timeline).not.toContain("non-disponible");
  });

  it("the equipment is configured, the PV signed, deployed, countersigned and archived", async () => {
    const cb = await people.as(CB_INFRA);
    await openFromInbox(cb, server.url, registryNumber);
    await completeStep(
      cb,
      "Sortie et configuration du matériel, rédaction du PV d'installation",
      async (f) => {
        await f.getByLabel("Numéros de série du matériel sorti du stock").fill("SN-4411, SN-4412");
        await f.locator("input[data-document=pv-installation]").setInputFiles(pdf("pv-installation.pdf"));
      },
    );
    await expectAt(cb, "Signature du PV d'installation");

    const dsi = await people.as(DSI);
    await openFromInbox(dsi, server.url, registryNumber);
    await completeStep(dsi, "Signature du PV d'installation", async (f) => {
      await f.locator("input[data-document=pv-installation-signe]").setInputFiles(pdf("pv-signe.pdf"));
    });
    await expectAt(dsi, "Déploiement du matériel chez l'utilisateur");

    await openFromInbox(cb, server.url, registryNumber);
    await completeStep(cb, "Déploiement du matériel chez l'utilisateur");
    await expectAt(cb, "Réception du PV d'installation visé par l'utilisateur");
    await completeStep(cb, "Réception du PV d'installation visé par l'utilisateur", async (f) => {
      await f.locator("input[data-document=pv-installation-vise]").setInputFiles(pdf("pv-vise.pdf"));
    });
    await expectAt(cb, "Archivage du PV d'installation");
    await completeStep(cb, "Archivage du PV d'installation");
    await expect.poll(() => cb.getByTestId("case-status").textContent()).toBe("Terminé");
    const documents = await cb.getByTestId("documents").innerText();
    for (const name of ["demande-materiel.pdf", "pv-installation.pdf", "pv-signe.pdf", "pv-vise.pdf"]) {
      expect(documents).toContain(name);
    }
  });
});
