import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { coveragePaths } from "../../engine/definition/coveragePaths.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { cases } from "../../server/db/schema.js";
import { proceduresFolder } from "../../server/paths.js";
import type { EntryView } from "../../shared/api/registers.js";
import { takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { type CaseView, walkPath } from "../support/walker.js";

/**
 * What the procedures D, E and I (customs) and the ministry's logigrammes 4 to 7 write into the
 * registers as their steps complete, through the HTTP API.
 */

const DSI = "DGD0003"; // reads the customs DSI's registers
const DIR_MFFE = "MFFE0019"; // the ministry's IT director: reads interventions, interns, trainings

const catalog = loadCatalog([proceduresFolder()]);
const definition = (id: string): ProcedureDefinition =>
  catalog.definitions.find((e) => e.definition.id === id)!.definition;
const completedPath = (def: ProcedureDefinition) => coveragePaths(def).find((p) => p.ends === "completed")!;

describe("records written by the procedures", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** The entries of a register that link a case, by the case's registry number. */
  async function entriesOf(matricule: string, registerId: string, registryNumber: string) {
    const res = await t
      .as(matricule)
      .get<{ items: EntryView[] }>(
        `/api/registers/${registerId}/entries?q=${encodeURIComponent(registryNumber)}`,
      );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items;
  }

  /** Uploads a ministry step's required documents, as whoever may take its task. */
  async function documentsOf(step: ProcedureDefinition["steps"][number], view: CaseView) {
    const required = (step.documents ?? []).filter((d) => d.required);
    if (required.length === 0) return {};
    const task = view.tasks.find((x) => x.stepId === step.id && x.status === "open")!;
    const taker = await takerOf(t.database, "mffe", task);
    const documents: Record<string, string> = {};
    for (const doc of required) {
      const uploaded = await t
        .as(taker)
        .upload<{ id: string }>(
          `/api/cases/${view.id}/attachments?fileName=${doc.id}.pdf&documentId=${doc.id}`,
          Buffer.from(`%PDF-1.4 ${doc.title}`),
          "application/pdf",
        );
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      documents[doc.id] = uploaded.body.id;
    }
    return { documents };
  }

  it("D: the externalised backup is in the backup register with its media", async () => {
    const view = await walkPath(
      t,
      definition("douanes-d-sauvegarde-serveurs"),
      completedPath(definition("douanes-d-sauvegarde-serveurs")),
    );
    const items = await entriesOf(DSI, "sauvegardes", view.registryNumber);
    expect(items).toHaveLength(1);
    expect(items[0]!.data).toMatchObject({
      date: "2026-03-02",
      verification: "succes",
      support: "bande",
      etiquette: "Valeur de test pour Références des supports",
      mode: "automatique",
      dossier: view.registryNumber,
    });
  });

  it("E: the mail account created is in the accounts register, active", async () => {
    const def = definition("douanes-e-compte-mail");
    const path = coveragePaths(def).find((p) => p.moves.some((m) => m.stepId === "creation-compte"))!;
    const view = await walkPath(t, def, path);
    const items = await entriesOf(DSI, "comptes", view.registryNumber);
    expect(items).toHaveLength(1);
    expect(items[0]!.state).toBe("actif");
    expect(items[0]!.data).toMatchObject({
      type: "messagerie",
      identifiant: "agent@example.ci",
      titulaire: "Valeur de test pour Nom",
      cree_le: "2026-03-02",
    });
  });

  it("E: a mail that already exists writes nothing", async () => {
    const def = definition("douanes-e-compte-mail");
    const path = coveragePaths(def).find((p) => !p.moves.some((m) => m.stepId === "creation-compte"))!;
    const view = await walkPath(t, def, path);
    expect(await entriesOf(DSI, "comptes", view.registryNumber)).toEqual([]);
  });

  it("I: a launched project enters the portfolio and is closed with the case; a rejected one is kept as rejected", async () => {
    const def = definition("douanes-i-gestion-projets");
    const done = await walkPath(t, def, completedPath(def));
    const [project] = await entriesOf(DSI, "projets", done.registryNumber);
    expect(project?.state).toBe("cloture");
    expect(project?.data).toMatchObject({
      intitule: "Valeur de test pour Intitulé du projet",
      date_lancement: "2026-03-02",
      date_cloture: "2026-03-02",
    });

    const rejected = await walkPath(t, def, coveragePaths(def).find((p) => p.ends === "rejected")!);
    const [kept] = await entriesOf(DSI, "projets", rejected.registryNumber);
    expect(kept?.state).toBe("rejete");
  });

  it("logigramme 4: the closed intervention is in the intervention register, by whom and for whom", async () => {
    const def = definition("mffe-assistance-spontanee");
    const view = await walkPath(t, def, completedPath(def));
    const [entry] = await entriesOf(DIR_MFFE, "interventions", view.registryNumber);
    expect(entry?.data).toMatchObject({
      objet: "Valeur de test pour Objet de la demande",
      intervention: "Valeur de test pour Intervention réalisée",
      date_cloture: "2026-03-02",
    });
    expect(entry?.data.demandeur).toMatch(/^MFFE\d+$/);
    expect(entry?.data.intervenant).toMatch(/^MFFE\d+$/);
  });

  it("logigramme 7: the training is planned when its note is registered, then evaluated", async () => {
    const def = definition("mffe-renforcement-capacites");
    const view = await walkPath(t, def, completedPath(def));
    const [training] = await entriesOf(DIR_MFFE, "formations", view.registryNumber);
    expect(training?.state).toBe("realisee");
    expect(training?.data).toMatchObject({
      theme: "Valeur de test pour Thème de la formation",
      duree_jours: 1,
      appreciation: "Valeur de test pour Appréciation de l'efficacité de la formation",
    });
  });

  it("logigrammes 5 and 6: the intern accepted in one case is followed and finished in the case it hands off to", async () => {
    const def = definition("mffe-gestion-stages");
    const decided = await walkPath(t, def, completedPath(def));
    const [accepted] = await entriesOf(DIR_MFFE, "stagiaires", decided.registryNumber);
    expect(accepted?.state).toBe("accepte");
    expect(accepted?.data).toMatchObject({
      dossier_decision: decided.registryNumber,
      date_debut: "2026-03-02",
    });

    // The hand-off opened the internship's own case.
    const follow = definition("mffe-deroulement-stage");
    const [childRow] = await t.database.db
      .select({ id: cases.id })
      .from(cases)
      .where(eq(cases.parentCaseId, decided.id));
    expect(childRow, "the internship case handed off").toBeDefined();
    const child = await t.as(DIR_MFFE).get<CaseView>(`/api/cases/${childRow!.id}`);
    expect(child.status).toBe(200);
    let view = child.body;
    for (const move of completedPath(follow).moves) {
      const step = follow.steps.find((s) => s.id === move.stepId)!;
      const form: Record<string, unknown> = {};
      for (const field of step.form ?? []) {
        if (field.required)
          form[field.id] =
            field.type === "date" ? "2026-03-09" : field.type === "person" ? "MFFE0039" : `Stage ${field.id}`;
      }
      const task = view.tasks.find((x) => x.stepId === move.stepId && x.status === "open")!;
      const taker = await takerOf(t.database, follow.organisation, task);
      const res = await t.as(taker).post<CaseView>(`/api/tasks/${task.id}/actions`, {
        type: "complete",
        expectedVersion: view.version,
        form,
        ...(move.outcomeId ? { outcome: move.outcomeId } : {}),
        // The intern goes to the Service Étude et Développement.
        ...(step.imputation ? { imputeTo: "SED" } : {}),
        ...(await documentsOf(step, view)),
      });
      expect(res.status, `${move.stepId}: ${JSON.stringify(res.body)}`).toBe(200);
      view = res.body;
    }
    const [finished] = await entriesOf(DIR_MFFE, "stagiaires", decided.registryNumber);
    expect(finished?.id).toBe(accepted?.id);
    expect(finished?.state).toBe("termine");
    expect(finished?.data).toMatchObject({
      dossier_stage: view.registryNumber,
      maitre_stage: "MFFE0039",
      theme: "Stage theme",
      date_arrivee: "2026-03-09",
    });
  });

  it("logigramme 6 started by hand: the intern is recorded from the arrival form", async () => {
    const follow = definition("mffe-deroulement-stage");
    const view = await walkPath(t, follow, completedPath(follow));
    const [intern] = await entriesOf(DIR_MFFE, "stagiaires", view.registryNumber);
    expect(intern?.state).toBe("termine");
    expect(intern?.data).toMatchObject({
      nom: "Valeur de test pour Nom du stagiaire",
      dossier_stage: view.registryNumber,
    });
    expect(intern?.data.dossier_decision).toBeUndefined();
  });
});
