import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import { ARTIFACTS } from "./server.js";

/** The password each demo account gets at its first sign-in in the browser tests. */
export const BROWSER_PASSWORD = "Navigateur-des-essais-2026";

const root = join(import.meta.dirname, "..", "..");

/** The web app is served from its build: build it once when a fresh checkout has none. */
export function ensureWebBuilt(): void {
  if (existsSync(join(root, "web", "dist", "index.html"))) return;
  execFileSync(process.execPath, [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "web"], {
    cwd: root,
    stdio: "inherit",
  });
}

/** One browser context per person, signed in through the sign-in screen (and the forced change). */
export class People {
  private pages = new Map<string, Page>();
  private changed = new Set<string>();

  constructor(
    private readonly browser: Browser,
    private readonly url: string,
  ) {}

  async as(matricule: string): Promise<Page> {
    const known = this.pages.get(matricule);
    if (known) return known;
    const context = await this.browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: "fr-FR",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${this.url}/`);
    await page.getByLabel("Matricule").waitFor();
    // The sign-in screen is everyone's first: checked once per run.
    if (this.pages.size === 0) await expectAccessible(page, "Connexion");
    await page.getByLabel("Matricule").fill(matricule);
    await page
      .getByLabel(/^Mot de passe( \*)?$/)
      .fill(this.changed.has(matricule) ? BROWSER_PASSWORD : DEMO_PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    if (!this.changed.has(matricule)) {
      await page.getByRole("heading", { name: "Changer le mot de passe" }).waitFor();
      if (this.pages.size === 0) await expectAccessible(page, "Changer le mot de passe");
      await page.getByLabel(/^Mot de passe actuel/).fill(DEMO_PASSWORD);
      await page.getByLabel(/^Nouveau mot de passe/).fill(BROWSER_PASSWORD);
      await page.getByLabel(/^Confirmer le nouveau mot de passe/).fill(BROWSER_PASSWORD);
      await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
      this.changed.add(matricule);
    }
    await page.getByRole("heading", { name: "Mes tâches" }).waitFor();
    this.pages.set(matricule, page);
    return page;
  }
}

/** Opens a case from the person's inbox, by its registry number. */
export async function openFromInbox(page: Page, url: string, registryNumber: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByRole("link", { name: registryNumber, exact: true }).click();
  await page.getByTestId("registry-number").filter({ hasText: registryNumber }).waitFor();
}

/**
 * Completes a step from the case page: opens its action, lets `fill` type into the step's form,
 * submits, and waits for the case to move on (the form closes) or fails with the server's words.
 */
export async function completeStep(
  page: Page,
  stepTitle: string,
  fill: (form: ReturnType<Page["getByTestId"]>) => Promise<void> = async () => {},
): Promise<void> {
  await page.getByRole("button", { name: stepTitle, exact: true }).click();
  const form = page.getByTestId("step-form");
  try {
    await form.waitFor();
    await fill(form);
    await form.getByRole("button", { name: "Valider l'étape" }).click();
  } catch (error) {
    await screenshot(page, `failed-${stepTitle.replace(/[^a-z]+/gi, "-")}`);
    throw error;
  }
  const outcome = await Promise.race([
    form.waitFor({ state: "detached" }).then(() => "done"),
    form
      .getByRole("alert")
      .or(form.locator("[aria-invalid=true]"))
      .first()
      .waitFor()
      .then(() => "refused"),
  ]);
  if (outcome === "refused") {
    throw new Error(`step « ${stepTitle} » refused: ${await form.innerText()}`);
  }
}

/** A small PDF-looking file to upload. */
export function pdf(name: string) {
  return { name, mimeType: "application/pdf", buffer: Buffer.from(`%PDF-1.4 ${name}`) };
}

/** The case's history as the page shows it, one line per event. */
export async function timelineText(page: Page): Promise<string> {
  return page.getByTestId("timeline").innerText();
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, `accessibility of ${screen}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
