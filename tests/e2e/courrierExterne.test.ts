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
  screenshot,
  timelineText,
} from "./webApp.js";

// The MFFE's Direction des Systèmes d'Information, from procedures/mffe/organisation.yaml.
const SECRETARY = "MFFE0020";
const DIRECTOR = "MFFE0019";
const SUB_DIRECTOR = "MFFE0024"; // head of SDMI
const CABINET = "MFFE0002"; // Directeur de cabinet
const OUTSIDER = "MFFE0030"; // an agent of SDTI: no part in this mail

describe("an incoming letter through the web app, as the people of the DSI handle it", () => {
  let server: RunningServer;
  let browser: Browser;
  let people: People;
  let registryNumber = "";
  let caseUrl = "";

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

  it("the secretary registers the letter from Nouvelle demande: reception, registration with its scan, copies", async () => {
    const page = await people.as(SECRETARY);
    await expect(page.getByTestId("current-user").innerText()).resolves.toContain("Nadège Kassi");
    await expect(page.getByTestId("current-user").innerText()).resolves.toContain("Secrétaire");
    await page.getByRole("link", { name: "Nouvelle demande" }).click();
    await page.getByLabel("Rechercher une procédure").fill("courriers externes");
    await expectAccessible(page, "Nouvelle demande");
    await page.getByRole("link", { name: "Procédure de gestion des courriers externes" }).click();
    // The object typed here is the case's title, shown on the case page and in the registers.
    await page.getByLabel("Objet", { exact: true }).fill("Appui informatique — Ministère du Budget");
    // The first step's form is there at once: the case will exist when it is submitted.
    const form = page.getByTestId("step-form");
    await form.waitFor();

    // The server refuses an incomplete form; what was typed stays, the error sits by its field.
    await form.getByLabel("Courrier reçu du").selectOption("cabinet");
    await form.getByRole("button", { name: "Valider l'étape" }).click();
    await expect.poll(() => form.locator("[aria-invalid=true]").count()).toBeGreaterThan(0);
    await expect(form.getByLabel("Courrier reçu du").inputValue()).resolves.toBe("cabinet");
    await form.getByLabel("Date de réception").fill("2026-11-20");
    await form.getByRole("button", { name: "Valider l'étape" }).click();
    // The acknowledgement: the number, who has the case now.
    const acknowledgement = page.getByTestId("acknowledgement");
    await acknowledgement.waitFor();
    registryNumber = (await page.getByTestId("registry-number").innerText()).trim();
    expect(registryNumber).toMatch(/^CE-\d{4}-\d{5}$/);
    await expect(acknowledgement.innerText()).resolves.toContain("Enregistrement du courrier");
    await page.getByRole("button", { name: "Ouvrir le dossier" }).click();
    await page.waitForURL(/\/dossiers\//);
    caseUrl = page.url();
    await expectAt(page, "Enregistrement du courrier");
    await expect(page.locator("main").innerText()).resolves.toContain(
      "Appui informatique — Ministère du Budget",
    );
    expect(await timelineText(page)).toContain("Réception du courrier");

    await completeStep(page, "Enregistrement du courrier", async (f) => {
      await f.getByLabel("Expéditeur").fill("Ministère du Budget");
      await f.getByLabel("Objet").fill("Demande d'appui informatique");
      await f.getByLabel("Date du courrier").fill("2026-11-18");
      await f.getByLabel("Référence du courrier").fill("MB/2026/118");
      await f.locator("input[data-document=courrier-recu]").setInputFiles(pdf("courrier-recu.pdf"));
    });
    await expectAt(page, "Photocopie du courrier");
    await expect(page.getByTestId("documents").innerText()).resolves.toContain("courrier-recu.pdf");
    await completeStep(page, "Photocopie du courrier");
    await expectAt(page, "Imputation");
    // The imputation is the director's: the secretary is not offered it.
    await expect(page.getByRole("button", { name: "Imputation", exact: true }).count()).resolves.toBe(0);
  });

  it("someone without the role sees no action and the server refuses them when they force it", async () => {
    const page = await people.as(OUTSIDER);
    await page.goto(caseUrl);
    await page.getByTestId("registry-number").or(page.getByTestId("error")).first().waitFor();
    expect(await page.getByRole("button", { name: "Imputation", exact: true }).count()).toBe(0);
    const director = await people.as(DIRECTOR);
    const caseId = caseUrl.split("/").pop()!;
    const { taskId, version } = await director.evaluate(async (id) => {
      const view = (await (await fetch(`/api/cases/${id}`)).json()) as {
        version: number;
        tasks: Array<{ id: string; status: string }>;
      };
      return { taskId: view.tasks.find((t) => t.status === "open")!.id, version: view.version };
    }, caseId);
    const forced = await page.evaluate(
      async ([task, expectedVersion]) => {
        const session = (await (await fetch("/api/session")).json()) as { csrfToken: string };
        const response = await fetch(`/api/tasks/${task}/actions`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
          body: JSON.stringify({ type: "complete", expectedVersion, outcome: "classement" }),
        });
        return {
          status: response.status,
          body: (await response.json()) as { error: { message: { fr: string } } },
        };
      },
      [taskId, version] as const,
    );
    expect(forced.status).toBe(403);
    expect(forced.body.error.message.fr).toBeTruthy();
  });

  it("the director imputes it to the sub-direction of IT resources", async () => {
    const page = await people.as(DIRECTOR);
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: registryNumber, exact: true }).waitFor();
    await expectAccessible(page, "Mes tâches");
    await screenshot(page, "inbox");
    // English on demand, French again after.
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("heading", { name: "My tasks" }).waitFor();
    await page.getByRole("button", { name: "Passer en français" }).click();
    await page.getByRole("heading", { name: "Mes tâches" }).waitFor();
    await openFromInbox(page, server.url, registryNumber);
    await completeStep(page, "Imputation", async (f) => {
      await f.getByRole("radio", { name: "Transmission au sous-directeur" }).check();
      await f.getByLabel("Imputer à").selectOption("SDMI");
      await f.getByLabel("Consignes").fill("Préparer une note technique.");
    });
    await expectAt(page, "Traitement du courrier");
    expect(await timelineText(page)).toContain("Imputation");
  });

  it("the sub-director processes it and uploads the reply", async () => {
    const page = await people.as(SUB_DIRECTOR);
    await openFromInbox(page, server.url, registryNumber);
    await completeStep(page, "Traitement du courrier", async (f) => {
      await f.getByLabel("Séance de travail tenue avec l'entité expéditrice").check();
    });
    await expectAt(page, "Élaboration");
    await completeStep(page, "Élaboration", async (f) => {
      await f.getByLabel("Document élaboré").selectOption("note_technique");
      await f.locator("input[data-document=reponse]").setInputFiles(pdf("note-technique.pdf"));
    });
    await expectAt(page, "Retour du courrier");
    await completeStep(page, "Retour du courrier");
    await expectAt(page, "Validation");
  });

  it("the director validates, the cabinet signs, and the secretary files the answer and archives the letter", async () => {
    const director = await people.as(DIRECTOR);
    await openFromInbox(director, server.url, registryNumber);
    await completeStep(director, "Validation", async (f) => {
      await f.getByRole("radio", { name: "OUI" }).check();
    });
    await expectAt(director, "Transmission du courrier");

    const secretary = await people.as(SECRETARY);
    await openFromInbox(secretary, server.url, registryNumber);
    await completeStep(secretary, "Transmission du courrier");
    await expectAt(secretary, "Validation");

    const cabinet = await people.as(CABINET);
    await openFromInbox(cabinet, server.url, registryNumber);
    await completeStep(cabinet, "Validation", async (f) => {
      await f.getByRole("radio", { name: "OUI" }).check();
      await f.locator("input[data-document=reponse-signee]").setInputFiles(pdf("reponse-signee.pdf"));
    });
    await expectAt(cabinet, "Enregistrement");

    await openFromInbox(secretary, server.url, registryNumber);
    await completeStep(secretary, "Enregistrement");
    await expectAt(secretary, "Classement");
    await completeStep(secretary, "Classement", async (f) => {
      await f.getByLabel("Boîte d'archive").fill("DSI-2026-B12");
    });
    await expect.poll(() => secretary.getByTestId("case-status").textContent()).toBe("Terminé");
    const timeline = await timelineText(secretary);
    for (const step of ["Réception du courrier", "Imputation", "Élaboration", "Validation", "Classement"]) {
      expect(timeline).toContain(step);
    }
    // The logigramme is drawn (the server's SVG loaded), with the path taken.
    await expect
      .poll(() =>
        secretary
          .getByTestId("diagram")
          .locator("img")
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
    await expectAccessible(secretary, "the case page");
    await screenshot(secretary, "case-page");

    await secretary.getByRole("link", { name: "Catalogue" }).click();
    await secretary.getByTestId("catalog").waitFor();
    await expectAccessible(secretary, "Catalogue");
    await screenshot(secretary, "catalog");
  });
});
