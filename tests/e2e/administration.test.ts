import { Secret, TOTP } from "otpauth";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import { launchBrowser, type RunningServer, startServer } from "./server.js";
import { BROWSER_PASSWORD, ensureWebBuilt, expectAccessible, People, screenshot } from "./webApp.js";

// The customs' administrator and people of procedures/douanes/organisation.yaml.
const ADMIN = "DGD0099";
const ABSENT = "Yao CISSÉ (DGD0007)";
const DEPUTY = "Fatoumata ADOU (DGD0006)";
const AGENT = "DGD0005"; // an agent of the DSI: no administration right

/** A local calendar date, `days` from today. */
function day(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

describe("the administrator manages the organisation from the web app", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "fr-FR" });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openTab(name: string) {
    await page.getByRole("tab", { name }).click();
  }

  it("signs in: changes the default password, then enrols an authenticator app and sees the recovery codes once", async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel("Matricule").fill(ADMIN);
    await page.getByLabel(/^Mot de passe( \*)?$/).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByLabel(/^Mot de passe actuel/).fill(DEMO_PASSWORD);
    await page.getByLabel(/^Nouveau mot de passe/).fill(BROWSER_PASSWORD);
    await page.getByLabel(/^Confirmer le nouveau mot de passe/).fill(BROWSER_PASSWORD);
    await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();

    await page.getByRole("heading", { name: "Activer la double authentification" }).waitFor();
    const secret = (await page.getByTestId("totp-secret").innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await expectAccessible(page, "Activer la double authentification");
    // A wrong code is refused next to the field, and what was typed stays.
    await page.getByLabel(/^Code de l'application/).fill("000000");
    await page.getByRole("button", { name: "Activer" }).click();
    await expect
      .poll(() => page.locator("[aria-invalid=true]").or(page.getByRole("alert")).count())
      .toBeGreaterThan(0);
    const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
    await page.getByLabel(/^Code de l'application/).fill(totp.generate());
    await page.getByRole("button", { name: "Activer" }).click();
    await page.getByTestId("recovery-codes").waitFor();
    expect((await page.getByTestId("recovery-codes").innerText()).split("\n").length).toBeGreaterThanOrEqual(
      5,
    );
    await page.getByRole("button", { name: "J'ai noté mes codes, continuer" }).click();
    await page.getByRole("link", { name: "Administration" }).click();
    await page.getByRole("heading", { name: "Administration" }).waitFor();
    await expect(page.getByTestId("org-chart").innerText()).resolves.toContain(
      "Direction des Systèmes d'Information",
    );
    // The head role of a unit is chosen in the tree; it holds after a reload.
    const head = page.getByLabel("Rôle du responsable de Direction des Systèmes d'Information");
    // The tree's choices arrive with the roles list: wait for the unit's current head role.
    await expect.poll(() => head.inputValue()).toBe("DSI");
    await head.selectOption({ label: "Sous-directeur" });
    await expect.poll(() => head.isEnabled()).toBe(true);
    await page.reload();
    await page.getByRole("heading", { name: "Administration" }).waitFor();
    await expect.poll(() => head.inputValue()).toBe("SD");
    expect(await page.getByRole("alert").count()).toBe(0);
    await head.selectOption("DSI");
    await expect.poll(() => head.isEnabled()).toBe(true);
  });

  it("creates an account, is shown its initial password once, and gives it a role in a unit", async () => {
    await openTab("Utilisateurs");
    const create = page.getByRole("form", { name: "Créer un compte" });
    // Refused without a unit: the error sits by the field, what was typed stays.
    await create.getByLabel(/^Matricule/).fill("DGD0500");
    await create.getByLabel(/^Nom/).fill("Awa TRAORÉ");
    await create.getByRole("button", { name: "Créer le compte" }).click();
    await expect.poll(() => create.locator("[aria-invalid=true]").count()).toBeGreaterThan(0);
    await expect(create.getByLabel(/^Nom/).inputValue()).resolves.toBe("Awa TRAORÉ");
    const dsi = await create.locator("option", { hasText: "(DSI)" }).getAttribute("value");
    await create.getByLabel(/^Unité de rattachement/).selectOption(dsi ?? "");
    await create.getByRole("button", { name: "Créer le compte" }).click();
    await expect(page.getByTestId("default-password").innerText()).resolves.toMatch(/Awa TRAORÉ/);

    const detail = page.getByTestId("user-detail");
    await detail.getByRole("heading", { name: "Awa TRAORÉ (DGD0500)" }).waitFor();
    await detail.getByLabel(/^Rôle/).selectOption({ label: "Technicien" });
    await detail.getByLabel(/^Unité du rôle/).selectOption(dsi ?? "");
    await detail.getByRole("button", { name: "Ajouter le rôle" }).click();
    await expect
      .poll(() => detail.getByTestId("memberships").innerText())
      .toContain("Direction des Systèmes d'Information");
    await page.getByLabel(/^Rechercher/).fill("TRAORÉ");
    await expect.poll(() => page.getByTestId("users").innerText()).toContain("DGD0500");
    await expectAccessible(page, "Administration — utilisateurs");
  });

  it("marks a role privileged", async () => {
    await openTab("Rôles");
    const role = page.getByRole("switch", { name: /^Administrateur de Base de Données : à privilèges/ });
    expect(await role.isChecked()).toBe(false);
    await role.click();
    await expect.poll(() => role.isChecked()).toBe(true);
    await openTab("Comptes à privilèges");
    await expect.poll(() => page.getByTestId("privileged").innerText()).toContain(ADMIN);
  });

  it("declares a delegation and can revoke it", async () => {
    await openTab("Intérims");
    const form = page.getByRole("form", { name: "Déclarer un intérim" });
    await form.getByLabel(/^Personne absente/).selectOption({ label: ABSENT });
    await form.getByLabel(/^Intérimaire/).selectOption({ label: DEPUTY });
    await form.getByLabel(/^Du/).fill(day(1));
    await form.getByLabel(/^Au/).fill(day(10));
    await form.getByLabel(/^Motif/).fill("Congé annuel");
    await form.getByRole("button", { name: "Enregistrer l'intérim" }).click();
    await expect.poll(() => page.getByTestId("delegations").innerText()).toContain("Congé annuel");
    expect(await page.getByTestId("delegations").innerText()).toContain("Fatoumata ADOU");
    await page.getByRole("button", { name: "Révoquer l'intérim de Yao CISSÉ par Fatoumata ADOU" }).click();
    await expect.poll(() => page.getByTestId("delegations").innerText()).toMatch(/révoqué/i);
  });

  it("reads the role matrix with its CSV export, creates an API token shown once; the page is accessible", async () => {
    await openTab("Matrice des habilitations");
    await expect.poll(() => page.getByTestId("role-matrix").locator("tbody tr").count()).toBeGreaterThan(0);
    const href = await page.getByRole("link", { name: "Exporter la matrice (CSV)" }).getAttribute("href");
    expect(href).toBe("/api/role-matrix/export?format=csv");
    await expectAccessible(page, "Administration — matrice des habilitations");
    await screenshot(page, "administration");

    await openTab("Jetons d'API");
    const form = page.getByRole("form", { name: "Créer un jeton d'API" });
    await form.getByLabel(/^Nom du jeton/).fill("Supervision");
    await form.getByLabel(/^Compte représenté/).selectOption({ label: DEPUTY });
    await form.getByLabel("tasks:read").check();
    await form.getByRole("button", { name: "Créer le jeton" }).click();
    await expect(page.getByTestId("token-secret").innerText()).resolves.toMatch(/Bearer/);
    await expect.poll(() => page.getByTestId("tokens").innerText()).toContain("Supervision");
  });

  it("opens the system jobs: none has failed on a fresh server; the tab is accessible", async () => {
    await openTab("Tâches système");
    expect(await page.getByLabel("État", { exact: true }).inputValue()).toBe("dead");
    await page.getByRole("status").filter({ hasText: "Aucune tâche dans cet état." }).waitFor();
    await page.getByLabel("État", { exact: true }).selectOption({ label: "En attente" });
    await page.getByRole("status").filter({ hasText: "Aucune tâche dans cet état." }).waitFor();
    await expectAccessible(page, "Administration — tâches système");
  });

  it("someone who is not an administrator has no link and is told they lack the right, but declares their own intérim", async () => {
    const people = new People(browser, server.url);
    const agent = await people.as(AGENT);
    expect(await agent.getByRole("link", { name: "Administration" }).count()).toBe(0);
    await agent.goto(`${server.url}/administration`);
    await agent.getByText("Vous n'avez pas le droit d'administrer Logigramme").waitFor();

    // Anyone declares their own intérim, from the header.
    await agent.getByRole("link", { name: "Mes intérims" }).click();
    const form = agent.getByRole("form", { name: "Déclarer un intérim" });
    expect(await form.getByLabel(/^Personne absente/).count()).toBe(0);
    await form.getByLabel(/^Intérimaire/).selectOption({ label: ABSENT });
    await form.getByLabel(/^Du/).fill(day(2));
    await form.getByLabel(/^Au/).fill(day(4));
    await form.getByLabel(/^Motif/).fill("Formation");
    await form.getByRole("button", { name: "Enregistrer l'intérim" }).click();
    await expect.poll(() => agent.getByTestId("delegations").innerText()).toContain("Formation");
    expect(await agent.getByTestId("delegations").innerText()).toContain("Konan DIGBEU");
  });
});
