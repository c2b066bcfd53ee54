import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { coveragePaths } from "../../engine/definition/coveragePaths.js";
import { proceduresFolder } from "../../server/paths.js";
import type { IssuedDocumentView, VerificationView } from "../../shared/api/documents.js";
import { issueDocument } from "../support/documents.js";
import { flatText } from "../support/pdfText.js";
import { takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { type CaseView, walkPath } from "../support/walker.js";

const def = loadCatalog([proceduresFolder()]).definitions.find(
  (e) => e.definition.id === "mffe-deroulement-stage",
)!.definition;
/** Walking a case signs several people in (argon2): generous on a machine shared with other work. */
const WALK_TIMEOUT = 300_000;

describe("the attestation de stage (MFFE, déroulement du stage)", () => {
  let t: TestApp;
  let internship: CaseView;
  let attestation: IssuedDocumentView;
  let bytes: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    internship = await walkPath(t, def, coveragePaths(def)[0]!, {
      arrivee: {
        nom_stagiaire: "KOUASSI",
        prenoms_stagiaire: "Aya Éléonore",
        date_arrivee: "2026-01-05",
      },
      // The maître de stage is named by matricule; the attestation prints his name.
      "maitre-stage": { maitre_stage: "MFFE0038" },
      theme: { theme: "Tableau de bord des stages « DSI » : suivi et indicateurs" },
    });
    // The intern, who withdrew it: whoever completed a step of the case may issue its documents.
    const intern = await takerOf(
      t.database,
      "mffe",
      internship.tasks.find((x) => x.stepId === "retrait-attestation")!,
    );
    attestation = await issueDocument(t, intern, internship.id, "attestation-stage");
    const file = await t.as(intern).get(`/api/attachments/${attestation.attachmentId}`);
    expect(file.status).toBe(200);
    bytes = file.bytes;
  }, WALK_TIMEOUT);
  afterAll(async () => {
    await t.close();
  });

  it("writes the intern's name, theme, supervisor and case number under the ministry's letterhead", () => {
    const text = flatText(bytes);
    expect(text).toContain("Attestation de stage");
    expect(text).toContain("République de Côte d'Ivoire");
    expect(text).toContain("Ministère de la Femme, de la Famille et de l'Enfant");
    expect(text).toContain("Aya Éléonore KOUASSI");
    expect(text).toContain("Hervé Kablan");
    expect(text).toContain("Tableau de bord des stages « DSI » : suivi et indicateurs");
    expect(text).toContain(internship.registryNumber);
    expect(text).toContain("Le Directeur des Systèmes d'Information");
  });

  it("is verifiable: the public verification accepts the file as issued", async () => {
    const res = await t.anonymous.upload<VerificationView>(
      `/api/verifications?code=${attestation.code}`,
      bytes,
      "application/pdf",
    );
    expect(res.status).toBe(200);
    expect(res.body.authentic).toBe(true);
    expect(res.body.document).toMatchObject({
      title: "Attestation de stage",
      registryNumber: internship.registryNumber,
    });
  });
});
