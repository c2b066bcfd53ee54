import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RunningServer, startServer } from "./server.js";
import { ensureWebBuilt, People } from "./webApp.js";

// procedures/douanes: « arrêt de l'application SYDAM World » (S) is asked by the Section Suivi des
// Applications; a usager (a declarant) may report an anomaly (M) but not stop the application.
const USAGER = "USG0001";
const SSA_AGENT = "DGD0046";
const SHUTDOWN = "douanes-s-arret-sydam";

/** Calls the API from the signed-in page, as the web app does (session + CSRF). */
async function callApi(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const session = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const response = await fetch(url, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as { items?: unknown[] } };
    },
    { method, url, body },
  );
}

describe("opening a case from « Nouvelle demande »", () => {
  let server: RunningServer;
  let browser: Browser;
  let people: People;

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

  it("a usager is not offered the SYDAM shutdown, is refused it at its address and by the server", async () => {
    const page = await people.as(USAGER);
    await page.getByRole("link", { name: "Nouvelle demande" }).click();
    await page.getByLabel("Rechercher une procédure").fill("anomalies");
    await page.getByRole("link", { name: "Procédure de gestion des anomalies" }).waitFor();
    await page.getByLabel("Rechercher une procédure").fill("SYDAM");
    await expect
      .poll(() => page.getByRole("link", { name: "Procédure d'arrêt de l'application SYDAM World" }).count())
      .toBe(0);

    await page.goto(`${server.url}/nouvelle-demande/${SHUTDOWN}`);
    await page.getByText("Cette procédure ne peut pas être ouverte par vos rôles").waitFor();
    expect(await page.getByTestId("step-form").count()).toBe(0);
    const forced = await callApi(page, "POST", "/api/cases", { procedureId: SHUTDOWN });
    expect(forced.status).toBe(403);
  });

  it("an abandoned start leaves no case: « Annuler » under the first form creates nothing", async () => {
    const page = await people.as(SSA_AGENT);
    await page.goto(`${server.url}/nouvelle-demande/${SHUTDOWN}`);
    const form = page.getByTestId("step-form");
    await form.waitFor();
    await form.getByLabel("Type d'arrêt").selectOption("programme");
    await form.getByRole("button", { name: "Annuler" }).click();
    await page.waitForURL(/\/nouvelle-demande$/);
    const cases = await callApi(page, "GET", `/api/cases?procedureId=${SHUTDOWN}`);
    expect(cases.status).toBe(200);
    expect(cases.body.items).toEqual([]);

    // Leaving the screen by the menu creates nothing either.
    await page.goto(`${server.url}/nouvelle-demande/${SHUTDOWN}`);
    await form.waitFor();
    await form.getByLabel("Type d'arrêt").selectOption("non_programme");
    await page.getByRole("link", { name: "Mes tâches" }).first().click();
    await page.getByRole("heading", { name: "Mes tâches" }).waitFor();
    expect((await callApi(page, "GET", `/api/cases?procedureId=${SHUTDOWN}`)).body.items).toEqual([]);

    // Submitted, the form opens the case with its number: the first one of the year.
    await page.goto(`${server.url}/nouvelle-demande/${SHUTDOWN}`);
    await form.waitFor();
    await form.getByLabel("Type d'arrêt").selectOption("programme");
    await form.getByLabel("Motif de l'arrêt").selectOption("vidage_caches");
    await form.getByRole("button", { name: "Valider l'étape" }).click();
    await page.getByTestId("acknowledgement").waitFor();
    await expect(page.getByTestId("registry-number").innerText()).resolves.toMatch(/^ARRET-\d{4}-0001$/);
    expect((await callApi(page, "GET", `/api/cases?procedureId=${SHUTDOWN}`)).body.items).toHaveLength(1);
  });
});
