import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseView } from "../../shared/api/cases.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type CaseList = { items: Array<{ id: string; registryNumber: string }> };
type ErrorBody = { error: { code: string; target?: string } };

const SHUTDOWN = "douanes-s-arret-sydam";
const BACKUP = "douanes-d-sauvegarde-serveurs";
/** An agent of the Section Suivi des Applications; the Chef du Bureau Administration Système. */
const SSA_AGENT = "DGD0046";
const CB_BAS = "DGD0020";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** Issue 16: a case exists only once its first form is submitted. */
describe("a case opened by submitting its first form", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const casesOf = async (matricule: string, procedureId: string) =>
    (await t.as(matricule).get<CaseList>(`/api/cases?procedureId=${procedureId}`)).body.items;

  it("creates nothing, not even a registry number, when the form is refused", async () => {
    const refused = await t.as(SSA_AGENT).post<ErrorBody>("/api/cases", {
      procedureId: SHUTDOWN,
      data: { type_arret: "programme" },
      submit: {},
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.target).toBe("motif");
    expect(await casesOf(SSA_AGENT, SHUTDOWN)).toEqual([]);

    const opened = await t.as(SSA_AGENT).post<CaseView>("/api/cases", {
      procedureId: SHUTDOWN,
      data: { type_arret: "programme", motif: "vidage_caches" },
      submit: {},
    });
    expect(opened.status).toBe(201);
    expect(opened.body.registryNumber).toMatch(/-0001$/);
    // The first step is done with the form; the case waits at the next one.
    expect(opened.body.tasks.find((task) => task.stepId === "demande-arret")?.status).toBe("done");
    expect(opened.body.currentSteps.map((s) => s.stepId)).toEqual(["controle-changements"]);
    expect(opened.body.data).toMatchObject({ type_arret: "programme", motif: "vidage_caches" });
  });

  it("takes the first step's files with the form, and refuses the form without a required one", async () => {
    const without = await t.as(CB_BAS).post<ErrorBody>("/api/cases", {
      procedureId: BACKUP,
      data: { perimetre: "Serveurs SYDAM" },
      submit: {},
    });
    expect(without.status).toBe(422);
    expect(await casesOf(CB_BAS, BACKUP)).toEqual([]);

    const opened = await t.as(CB_BAS).post<CaseView>("/api/cases", {
      procedureId: BACKUP,
      data: { perimetre: "Serveurs SYDAM" },
      submit: {
        files: [
          {
            documentId: "plan-sauvegarde",
            fileName: "plan.pdf",
            mediaType: "application/pdf",
            contentBase64: PDF.toString("base64"),
          },
        ],
      },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.attachments.map((a) => [a.documentId, a.fileName])).toEqual([
      ["plan-sauvegarde", "plan.pdf"],
    ]);
    expect(opened.body.currentSteps.map((s) => s.stepId)).toEqual(["execution"]);
  });
});
