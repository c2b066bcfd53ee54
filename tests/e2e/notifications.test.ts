import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RunningServer, startServer } from "./server.js";
import { ensureWebBuilt, expectAccessible, People, screenshot } from "./webApp.js";

// procedures/douanes: the server backup's first step is the CBAS's (chef du bureau BAS).
/** An agent of the Bureau Administration Système: he opens the backup case for his chief. */
const REQUESTER = "DGD0021";
const CBAS = "DGD0020";

describe("notifications in the web app", () => {
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

  it("shows a new task's notification behind the bell, links it to its case, and saves the digest preference", async () => {
    const chief = await people.as(CBAS);
    const loadedCount = async () =>
      Number(await chief.locator("[data-testid=unread-count][data-loaded=true]").innerText());
    const before = await loadedCount();

    const requester = await people.as(REQUESTER);
    await requester.goto(`${server.url}/nouvelle-demande/douanes-d-sauvegarde-serveurs`);
    await requester.getByRole("button", { name: "Valider l'étape" }).click();
    await requester.getByRole("button", { name: "Ouvrir le dossier" }).click();
    await requester.waitForURL(/\/dossiers\//);
    const caseId = requester.url().split("/dossiers/")[1]!.split(/[?#]/)[0]!;

    await chief.reload();
    await expect
      .poll(async () => Number(await chief.getByTestId("unread-count").innerText()))
      .toBe(before + 1);
    await chief.getByTestId("notification-bell").click();
    await chief.getByRole("heading", { name: "Notifications", exact: true }).waitFor();
    const item = chief.getByTestId("notification").filter({ hasText: "Nouvelle tâche" }).first();
    await expect.poll(() => item.count()).toBe(1);
    await expect
      .poll(() => item.getByRole("link", { name: "Ouvrir le dossier" }).getAttribute("href"))
      .toBe(`/dossiers/${caseId}`);
    await expectAccessible(chief, "Notifications");
    await screenshot(chief, "notifications");

    await item.getByRole("button", { name: "Marquer comme lu" }).click();
    await expect.poll(loadedCount).toBe(before);

    await chief.getByLabel("Fréquence").selectOption("digest");
    await chief.getByRole("button", { name: "Enregistrer" }).click();
    await chief.getByText("Préférence enregistrée.").waitFor();
    await chief.reload();
    // Read back from the server after the reload: the choice was saved, not only shown.
    await expect.poll(() => chief.getByLabel("Fréquence").inputValue()).toBe("digest");
  });
});
