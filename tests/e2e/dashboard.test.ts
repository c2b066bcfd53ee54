import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RunningServer, startServer } from "./server.js";
import { ensureWebBuilt, expectAccessible, People, screenshot } from "./webApp.js";

// procedures/douanes: an agent of the Bureau Administration Système opens the server backup for his
// chief (DGD0020); the DSI's director (DGD0003) heads the DSI, which the bureau is under.
const REQUESTER = "DGD0021";
const CBAS = "DGD0020";
const DIRECTOR = "DGD0003";

describe("the director's dashboard", () => {
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

  it("opens the dashboard, clicks the late count and lands on those cases", async () => {
    const requester = await people.as(REQUESTER);
    await requester.goto(`${server.url}/nouvelle-demande/douanes-d-sauvegarde-serveurs`);
    await requester.getByRole("button", { name: "Valider l'étape" }).click();
    await requester.getByRole("button", { name: "Ouvrir le dossier" }).click();
    await requester.waitForURL(/\/dossiers\//);
    const caseId = requester.url().split("/dossiers/")[1]!.split(/[?#]/)[0]!;

    // The chief gives his task a deadline a moment away; once it has passed, the task is late.
    const chief = await people.as(CBAS);
    const session = (await (await chief.request.get(`${server.url}/api/session`)).json()) as {
      csrfToken: string;
    };
    const view = (await (await chief.request.get(`${server.url}/api/cases/${caseId}`)).json()) as {
      registryNumber: string;
      version: number;
      tasks: Array<{ id: string; status: string }>;
    };
    const task = view.tasks.find((x) => x.status === "open")!;
    const dueAt = new Date(Date.now() + 2000);
    const set = await chief.request.post(`${server.url}/api/tasks/${task.id}/actions`, {
      headers: { "x-csrf-token": session.csrfToken },
      data: {
        type: "set_deadline",
        expectedVersion: view.version,
        dueAt: dueAt.toISOString(),
        note: "Plan attendu ce matin",
      },
    });
    expect(set.status(), await set.text()).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt.getTime() - Date.now()) + 500));

    const director = await people.as(DIRECTOR);
    await director.getByRole("link", { name: "Tableau de bord" }).click();
    await director.getByRole("heading", { name: "Tableau de bord", level: 1 }).waitFor();
    // The whole count is there too, but the director goes by the step that is late.
    await director.getByRole("link", { name: "En retard : 1 — voir les dossiers", exact: true }).waitFor();
    const late = director.getByRole("link", {
      name: "Procédure de sauvegarde des serveurs, Plan de sauvegarde ou modifications, En retard : 1 — voir les dossiers",
      exact: true,
    });
    await late.waitFor();
    await expectAccessible(director, "Tableau de bord");
    await screenshot(director, "tableau-de-bord");

    await late.click();
    await director.waitForURL(/\/dossiers\?.*step=reception-plan.*due=late/);
    await director.getByText("Filtres du tableau de bord :").waitFor();
    const listed = director.getByRole("link", { name: view.registryNumber, exact: true });
    await listed.waitFor();
    await expect.poll(() => director.locator("table tbody tr").count()).toBe(1);
    await listed.click();
    await director.waitForURL(new RegExp(`/dossiers/${caseId}`));
  });
});
