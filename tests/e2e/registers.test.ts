import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RunningServer, startServer } from "./server.js";
import { ensureWebBuilt, expectAccessible, People, screenshot } from "./webApp.js";

// The MFFE's DSI secretary, from procedures/mffe/organisation.yaml.
const SECRETARY = "MFFE0020";

/** Starts a case through the API from the signed-in page, as the web app does (session + CSRF). */
async function startCase(page: Page, title: string): Promise<string> {
  return page.evaluate(async (caseTitle) => {
    const session = (await (await fetch("/api/session")).json()) as { csrfToken: string };
    const response = await fetch("/api/cases", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
      body: JSON.stringify({ procedureId: "mffe-courrier-externe", title: caseTitle }),
    });
    return ((await response.json()) as { registryNumber: string }).registryNumber;
  }, title);
}

describe("the register and the inbox read the real cases API", () => {
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

  it("a secretary finds a case by full text in the register and exports it as CSV", async () => {
    const page = await people.as(SECRETARY);
    const budget = await startCase(page, "Demande de crédits budgétaires");
    const network = await startCase(page, "Panne du réseau informatique");
    expect(budget).not.toBe(network);

    await page.getByRole("link", { name: "Dossiers" }).click();
    await page.getByRole("heading", { name: "Dossiers" }).waitFor();
    await page.getByLabel("Rechercher").fill("réseau");
    await page.getByRole("button", { name: "Filtrer" }).click();
    await page.getByRole("link", { name: network, exact: true }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: budget, exact: true }).count()).toBe(0);
    await expect(page.locator("table").innerText()).resolves.toContain("Panne du réseau informatique");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Exporter en CSV" }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    const csv = Buffer.concat(chunks).toString("utf8");
    expect(csv).toContain(network);
    expect(csv).toContain("Panne du réseau informatique");
    expect(csv).not.toContain(budget);

    await expectAccessible(page, "Dossiers");
    await screenshot(page, "registers");
  });

  it("on a phone the inbox shows the task without the page scrolling sideways", async () => {
    const page = await people.as(SECRETARY);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { name: "Mes tâches" }).waitFor();
    await page.getByText("Panne du réseau informatique").first().waitFor();
    // The tests compile without the DOM library: the page's document is reached through globalThis.
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(375);
    await screenshot(page, "inbox-phone");
  });
});
