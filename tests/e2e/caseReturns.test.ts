import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type RunningServer, startServer } from "./server.js";
import { completeStep, ensureWebBuilt, expectAccessible, People, pdf, timelineText } from "./webApp.js";

// mffe « courrier interne »: the director asks for an act, his secretary drafts it, he answers
// NON (« Validation ? ») and the draft goes back to her.
const DIRECTOR = "MFFE0019"; // Alain Ehui, DIR of the DSI
const SECRETARY = "MFFE0020"; // Nadège Kassi, SECRETAIRE of the DSI
const INTERNAL = "mffe-courrier-interne";
// douanes « sauvegarde de la base SYDAM »: its verification waits in the queue of the BE's DBAs.
const BACKUP = "douanes-r-sauvegarde-base-sydam";
const DBA_ONE = "DGD0043"; // Wilfried ESSOH
const DBA_TWO = "DGD0044"; // Clarisse GOLY
const BE_HEAD = "DGD0042"; // Solange DIOMANDÉ, CB of the BE

describe("a NON with its motif, from the director to his secretary", () => {
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

  it("the director's NON asks for its motif, which the secretary reads in her inbox and on the case", async () => {
    const director = await people.as(DIRECTOR);
    await director.goto(`${server.url}/nouvelle-demande/${INTERNAL}`);
    const first = director.getByTestId("step-form");
    await first.waitFor();
    await first.getByLabel("Type d'acte").selectOption("note_service");
    await first.getByLabel("Objet de l'acte").fill("Horaires du service informatique");
    await first.getByRole("button", { name: "Valider l'étape" }).click();
    await director.getByTestId("acknowledgement").waitFor();
    registryNumber = (await director.getByTestId("registry-number").innerText()).trim();

    const secretary = await people.as(SECRETARY);
    await secretary.goto(`${server.url}/`);
    await secretary.getByRole("link", { name: registryNumber, exact: true }).click();
    await secretary.getByTestId("registry-number").filter({ hasText: registryNumber }).waitFor();
    await completeStep(secretary, "Rédaction de la note de service ou de l'acte", async (f) => {
      await f.locator("input[data-document=projet-acte]").setInputFiles(pdf("projet-note.pdf"));
    });

    await director.goto(`${server.url}/`);
    await director.getByRole("link", { name: registryNumber, exact: true }).click();
    await director.getByTestId("registry-number").filter({ hasText: registryNumber }).waitFor();
    await director.getByRole("button", { name: "Appréciation du Directeur", exact: true }).click();
    const form = director.getByTestId("step-form");
    await form.getByRole("radio", { name: "NON" }).check();
    // A NON that sends the draft back asks why; without it the form stays.
    await form.getByRole("button", { name: "Valider l'étape" }).click();
    await form.getByText("Indiquez le motif du retour.").waitFor();
    await form.getByLabel(/^Motif du retour/).fill("Préciser les horaires du samedi");
    await form.getByRole("button", { name: "Valider l'étape" }).click();
    await form.waitFor({ state: "detached" });

    // One line per thing that happened: no « Étape ouverte » line beside each completion.
    const history = await timelineText(director);
    expect(history).not.toContain("Étape ouverte");
    expect(history).toContain("Appréciation du Directeur → Rédaction de la note de service ou de l'acte");
    expect(history).toContain("Préciser les horaires du samedi");

    await secretary.goto(`${server.url}/`);
    const row = secretary.getByRole("row").filter({ hasText: registryNumber });
    await expect
      .poll(() => row.getByTestId("inbox-returned").innerText())
      .toBe("Renvoyé par Alain Ehui : Préciser les horaires du samedi");
    await expect(row.innerText()).resolves.toMatch(/\d+ min/);
    await expectAccessible(secretary, "Mes tâches (dossier renvoyé)");

    await row.getByRole("link", { name: registryNumber, exact: true }).click();
    await expect
      .poll(() => secretary.getByTestId("case-returned").innerText())
      .toContain("Renvoyé par Alain Ehui (Appréciation du Directeur)");
    await expect(secretary.getByTestId("case-returned").innerText()).resolves.toContain(
      "Préciser les horaires du samedi",
    );
    // The case's age, not only the time at the current step.
    await expect(secretary.getByTestId("case-age").innerText()).resolves.toMatch(
      /^Ouvert le .* · depuis \d+/,
    );
  });

  it("the send-back button names the step and the person it returns to", async () => {
    const secretary = await people.as(SECRETARY);
    await secretary.goto(`${server.url}/`);
    await secretary.getByRole("link", { name: registryNumber, exact: true }).click();
    await completeStep(secretary, "Rédaction de la note de service ou de l'acte", async (f) => {
      await f.locator("input[data-document=projet-acte]").setInputFiles(pdf("projet-note-2.pdf"));
    });
    const director = await people.as(DIRECTOR);
    await director.goto(`${server.url}/`);
    await director.getByRole("link", { name: registryNumber, exact: true }).click();
    const back = director.getByRole("button", {
      name: "Renvoyer à « Rédaction de la note de service ou de l'acte » (Nadège Kassi)",
    });
    await back.click();
    await director.getByLabel(/^Motif/).fill("Joindre la version signée");
    await director.getByRole("button", { name: "Valider", exact: true }).click();
    await expect.poll(() => director.getByTestId("case-returned").count()).toBe(1);

    await secretary.goto(`${server.url}/`);
    await expect
      .poll(() =>
        secretary
          .getByRole("row")
          .filter({ hasText: registryNumber })
          .getByTestId("inbox-returned")
          .innerText(),
      )
      .toBe("Renvoyé par Alain Ehui : Joindre la version signée");
  });

  it("« Mes demandes » lists the director's request with its state", async () => {
    const director = await people.as(DIRECTOR);
    await director.getByRole("link", { name: "Mes demandes" }).click();
    await director.getByRole("heading", { name: "Mes demandes" }).waitFor();
    const row = director.getByTestId("my-requests").getByRole("row").filter({ hasText: registryNumber });
    await expect.poll(() => row.textContent()).toContain("En cours");
    await expect(row.innerText()).resolves.toContain("Rédaction de la note de service ou de l'acte");
    await expectAccessible(director, "Mes demandes");
    // Someone who opened nothing is told so.
    const secretary = await people.as(SECRETARY);
    await secretary.getByRole("link", { name: "Mes demandes" }).click();
    await secretary.getByText("Vous n’avez ouvert aucun dossier.").waitFor();
  });
  it("a DBA takes the verification from the queue; the other no longer has it; the head sees who holds what", async () => {
    const starter = await people.as(DBA_ONE);
    await starter.goto(`${server.url}/nouvelle-demande/${BACKUP}`);
    const first = starter.getByTestId("step-form");
    await first.waitFor();
    await first.getByLabel("Mode d'exécution").selectOption("manuel");
    await first.getByRole("button", { name: "Valider l'étape" }).click();
    await starter.getByTestId("acknowledgement").waitFor();
    const number = (await starter.getByTestId("registry-number").innerText()).trim();

    const taker = await people.as(DBA_TWO);
    await taker.goto(`${server.url}/`);
    await taker.getByRole("link", { name: number, exact: true }).click();
    await taker.getByRole("button", { name: "Prendre en charge (Vérification de la sauvegarde)" }).click();
    await expect.poll(() => taker.getByTestId("held-by").innerText()).toBe("Clarisse GOLY");
    await expect(taker.getByRole("button", { name: /^Prendre en charge/ }).count()).resolves.toBe(0);

    await starter.goto(`${server.url}/`);
    await starter.getByRole("heading", { name: "Mes tâches" }).waitFor();
    await expect.poll(() => starter.getByRole("link", { name: number, exact: true }).count()).toBe(0);

    const head = await people.as(BE_HEAD);
    await head.getByText("Mes unités", { exact: true }).click();
    const workload = head.getByTestId("workload");
    await workload.waitFor();
    await expect
      .poll(() => workload.getByRole("row").filter({ hasText: "Clarisse GOLY" }).innerText())
      .toMatch(/Clarisse GOLY\s+1\s+0/);
    await expectAccessible(head, "Mes unités (charge de travail)");
  });
  it("the secretary names an incoming letter's sender, who is its requester in the register", async () => {
    const secretary = await people.as(SECRETARY);
    await secretary.goto(`${server.url}/nouvelle-demande/mffe-courrier-externe`);
    const sender = secretary.getByTestId("external-sender");
    await sender.waitFor();
    await sender.getByLabel("Nom de l’expéditeur").fill("Koné Ibrahim");
    await sender.getByLabel("Organisme ou société").fill("Ministère du Budget");
    const form = secretary.getByTestId("step-form");
    await form.getByLabel("Courrier reçu du").selectOption("cabinet");
    await form.getByLabel("Date de réception").fill("2026-11-20");
    await form.getByRole("button", { name: "Valider l'étape" }).click();
    await secretary.getByTestId("acknowledgement").waitFor();
    const number = (await secretary.getByTestId("registry-number").innerText()).trim();
    await secretary.goto(`${server.url}/dossiers`);
    await secretary.getByRole("columnheader", { name: "Demandeur / Expéditeur" }).waitFor();
    const row = secretary.getByRole("row").filter({ hasText: number });
    await expect.poll(() => row.innerText()).toContain("Koné Ibrahim");
    await expect(row.innerText()).resolves.not.toContain("Nadège Kassi");
  });
});
