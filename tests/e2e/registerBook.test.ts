import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RunningServer, startServer } from "./server.js";
import { ensureWebBuilt, expectAccessible, People, screenshot } from "./webApp.js";

// The customs' DSI, from procedures/douanes/organisation.yaml.
const DSI = "DGD0003";
const CB_INFRA = "DGD0012"; // Chef du Bureau Infrastructure et Télécommunications: reads the inventory
const STOCK = "DGD0018"; // Gestionnaire du Stock: writes the stock and is told when it runs low
const HOLDER = "DGD0013";

/**
 * Completes one step of a case through the API from the person's signed-in page, as the web app
 * does (session + CSRF), uploading a small PDF for each required document.
 */
async function completeByApi(
  page: Page,
  caseId: string,
  stepId: string,
  input: { form?: Record<string, unknown>; outcome?: string; documents?: string[] } = {},
): Promise<void> {
  const result = await page.evaluate(
    async ({ caseId, stepId, input }) => {
      const session = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const headers = { "x-csrf-token": session.csrfToken };
      const view = (await (await fetch(`/api/cases/${caseId}`)).json()) as {
        version: number;
        tasks: Array<{ id: string; stepId: string; status: string }>;
      };
      const task = view.tasks.find((t) => t.stepId === stepId && t.status === "open");
      if (!task) return `no open task on ${stepId}`;
      const documents: Record<string, string> = {};
      for (const doc of input.documents ?? []) {
        const uploaded = await fetch(
          `/api/cases/${caseId}/attachments?fileName=${doc}.pdf&documentId=${doc}`,
          {
            method: "POST",
            headers: { ...headers, "content-type": "application/pdf" },
            body: new Blob([`%PDF-1.4 ${doc}`], { type: "application/pdf" }),
          },
        );
        documents[doc] = ((await uploaded.json()) as { id: string }).id;
      }
      const acted = await fetch(`/api/tasks/${task.id}/actions`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({
          type: "complete",
          expectedVersion: view.version,
          form: input.form ?? {},
          ...(input.documents ? { documents } : {}),
          ...(input.outcome ? { outcome: input.outcome } : {}),
        }),
      });
      return acted.ok ? "ok" : `${stepId}: ${acted.status} ${await acted.text()}`;
    },
    { caseId, stepId, input },
  );
  expect(result).toBe("ok");
}

async function startByApi(page: Page, procedureId: string): Promise<{ id: string; registryNumber: string }> {
  return page.evaluate(async (id) => {
    const session = (await (await fetch("/api/session")).json()) as { csrfToken: string };
    const response = await fetch("/api/cases", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
      body: JSON.stringify({ procedureId: id }),
    });
    return (await response.json()) as { id: string; registryNumber: string };
  }, procedureId);
}

describe("the Registres section of the web app", () => {
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

  it("an agent finds a laptop by its serial number in the inventory and opens the case that deployed it", async () => {
    const dsi = await people.as(DSI);
    const cb = await people.as(CB_INFRA);
    const stock = await people.as(STOCK);
    // The laptop is in stock, then a deployment (customs B) taken to its end through the API gives it to its holder.
    const inStock = await stock.evaluate(async () => {
      const session = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const response = await fetch("/api/registers/materiel/entries", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
        body: JSON.stringify({
          values: {
            numero_serie: "SN-5CG7741",
            categorie: "portable",
            marque: "HP",
            modele: "EliteBook 840",
          },
        }),
      });
      return response.status;
    });
    expect(inStock).toBe(201);
    const deployment = await startByApi(dsi, "douanes-b-deploiement-materiel");
    await completeByApi(dsi, deployment.id, "reception", {
      form: { service_demandeur: "Bureau des Statistiques", type_materiel: "ordinateur", quantite: 1 },
      documents: ["demande-materiel"],
    });
    await completeByApi(dsi, deployment.id, "transmission");
    await completeByApi(cb, deployment.id, "analyse", { outcome: "justifiee" });
    await completeByApi(stock, deployment.id, "verification-stock", { outcome: "disponible" });
    await completeByApi(cb, deployment.id, "configuration", {
      form: { numeros_serie: "SN-5CG7741", beneficiaire: HOLDER, unite_beneficiaire: "BIT" },
    });
    await completeByApi(dsi, deployment.id, "signature-pv", { documents: ["pv-installation-signe"] });
    await completeByApi(cb, deployment.id, "deploiement");

    await cb.goto(`${server.url}/`);
    await cb.getByRole("link", { name: "Registres" }).click();
    await cb.getByRole("heading", { name: "Registres" }).waitFor();
    await expectAccessible(cb, "Registres");
    await cb.getByRole("link", { name: "Inventaire du matériel informatique" }).click();
    await cb.getByRole("heading", { name: "Inventaire du matériel informatique" }).waitFor();
    // Part of the serial number, in lower case, is enough.
    await cb.getByLabel("Rechercher").fill("5cg77");
    await cb.getByRole("button", { name: "Filtrer" }).click();
    const table = cb.getByRole("table", { name: "Inventaire du matériel informatique" });
    await table.getByText("SN-5CG7741").waitFor();
    await expect.poll(() => table.locator("tbody tr").count(), { timeout: 15_000 }).toBe(1);
    await expect(table.innerText()).resolves.toContain("Affecté");
    await expectAccessible(cb, "a register's entries");
    await screenshot(cb, "register-entries");

    await table.getByRole("link", { name: /^MAT-\d{4}-\d{5}$/ }).click();
    await cb.getByTestId("entry-number").waitFor();
    await expect(cb.getByTestId("entry-history").innerText()).resolves.toContain("En stock → Affecté");
    await expectAccessible(cb, "a register entry");
    await screenshot(cb, "register-entry");
    await cb.getByTestId("entry-cases").getByRole("link", { name: deployment.registryNumber }).click();
    await cb.getByTestId("registry-number").filter({ hasText: deployment.registryNumber }).waitFor();
  });

  it("a stock manager records an article and its movements, and sees the low-stock notification", async () => {
    const page = await people.as(STOCK);
    await page.goto(`${server.url}/registres`);
    await page.getByRole("link", { name: "Stock de matériel et consommables" }).click();
    await page.getByRole("link", { name: "Nouvelle entrée" }).click();
    const form = page.getByTestId("entry-form");
    await form.waitFor();
    // The form is generated from the register's fields and checked before it is sent.
    await form.getByRole("button", { name: "Enregistrer" }).click();
    await form.getByText("le champ « Article » est obligatoire").waitFor();
    await form.getByLabel(/^Article/).fill("Toner HP 26A");
    await form.getByLabel(/^Catégorie/).selectOption("consommable");
    await form.getByLabel("Emplacement").fill("Magasin, rayon 3");
    await expectAccessible(page, "a new register entry");
    await form.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByTestId("entry-number").waitFor();

    const movement = page.getByTestId("movement-form");
    await movement.getByLabel("Quantité").fill("5");
    await movement.getByRole("button", { name: "Enregistrer le mouvement" }).click();
    await expect
      .poll(() => page.getByRole("table", { name: "Valeurs de l'entrée" }).innerText(), { timeout: 15_000 })
      .toContain("5 pièces");
    await movement.getByLabel("Mouvement").selectOption("out");
    await movement.getByLabel("Quantité").fill("4");
    await movement.getByRole("button", { name: "Enregistrer le mouvement" }).click();
    await expect
      .poll(() => page.getByRole("table", { name: "Valeurs de l'entrée" }).innerText(), { timeout: 15_000 })
      .toContain("1 pièces");
    await expect(page.getByRole("table", { name: "Mouvements de stock" }).innerText()).resolves.toContain(
      "Sortie",
    );

    // A CSV import with wrong lines is refused whole, each wrong line shown.
    await page.getByRole("link", { name: "Stock de matériel et consommables" }).click();
    await page.getByRole("button", { name: "Importer un CSV" }).click();
    await page.locator("input[type=file]").setInputFiles({
      name: "stock.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "number,article,categorie,quantite,fournisseur,emplacement\n,Souris USB,consommable,10,,\n,Clavier,meuble,3,,\n,,autre,1,,\n",
      ),
    });
    await page.getByRole("button", { name: "Importer", exact: true }).click();
    const problems = page.getByRole("table", { name: "Lignes à corriger" });
    await problems.waitFor();
    await expect(problems.innerText()).resolves.toMatch(/3\s+categorie/);
    await expect(problems.innerText()).resolves.toMatch(/4\s+article/);
    await expectAccessible(page, "a refused import");
    await expect.poll(() => page.getByText("Souris USB").count(), { timeout: 15_000 }).toBe(0);

    await page.goto(`${server.url}/notifications`);
    await page.getByRole("heading", { name: "Notifications", exact: true }).waitFor();
    await page.getByTestId("notification").filter({ hasText: "Stock bas : Toner HP 26A" }).first().waitFor();
    await expectAccessible(page, "the low-stock notification");
  });

  it("on a phone a register's entries show as cards, without the page scrolling sideways", async () => {
    const page = await people.as(CB_INFRA);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${server.url}/registres/materiel`);
    await page.getByRole("heading", { name: "Inventaire du matériel informatique" }).waitFor();
    await page.getByText("SN-5CG7741").and(page.locator(":visible")).first().waitFor();
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(375);
    await screenshot(page, "register-phone");
  });
});
