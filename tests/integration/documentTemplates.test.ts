import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { coveragePaths } from "../../engine/definition/coveragePaths.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { verifyAudit } from "../../server/audit/verifyAudit.js";
import { proceduresFolder } from "../../server/paths.js";
import type { IssuedDocumentView, VerificationView } from "../../shared/api/documents.js";
import { issueDocument } from "../support/documents.js";
import { flatText, pdfText } from "../support/pdfText.js";
import { takerOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { type CaseView, walkPath } from "../support/walker.js";

/**
 * Every official document the catalog's procedures write besides the PV d'installation, the bon de
 * commande and the attestation de stage (documents.test.ts, attestationStage.test.ts): each from a
 * case walked through the API by the people the org chart designates, read back with pdftotext.
 */
const definitions = loadCatalog([proceduresFolder()]).definitions.map((e) => e.definition);
const definition = (id: string): ProcedureDefinition => definitions.find((d) => d.id === id)!;
/** Walking a case signs several people in (argon2): generous on a machine shared with other work. */
const WALK_TIMEOUT = 300_000;

/**
 * Walks the shortest path of the procedure that completes `step` (with `outcome`, when given),
 * typing `typed`, then issues `documentId` as whoever completed that step.
 */
async function issuedFrom(
  t: TestApp,
  def: ProcedureDefinition,
  documentId: string,
  typed: Record<string, Record<string, unknown>>,
  outcome?: { step: string; id: string },
): Promise<{ view: CaseView; issued: IssuedDocumentView; bytes: Buffer }> {
  const use = def.documentTemplates!.find((d) => d.document === documentId)!;
  const path = coveragePaths(def)
    .filter((p) => p.moves.some((m) => m.stepId === use.step))
    .filter((p) => !outcome || p.moves.some((m) => m.stepId === outcome.step && m.outcomeId === outcome.id))
    .sort((a, b) => a.moves.length - b.moves.length)[0];
  expect(path, `${def.id}: no path through ${use.step}`).toBeDefined();
  const view = await walkPath(t, def, path!, typed);
  const issuer = await takerOf(t.database, def.organisation, view.tasks.find((x) => x.stepId === use.step)!);
  const issued = await issueDocument(t, issuer, view.id, documentId);
  const file = await t.as(issuer).get(`/api/attachments/${issued.attachmentId}`);
  expect(file.status).toBe(200);
  expect(file.bytes.subarray(0, 5).toString()).toBe("%PDF-");
  return { view, issued, bytes: file.bytes };
}

function expectText(bytes: Buffer, expected: string[]): void {
  const text = flatText(bytes);
  for (const value of expected) expect(text).toContain(value);
  // Every placeholder was filled: none is left in braces.
  expect(text).not.toMatch(/\{\{|\}\}/);
}

describe("the catalog's official documents, each from a case walked through the API", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it(
    "writes the bon de sortie (B) with the equipment, its serial numbers, who checked the stock and who took it out",
    async () => {
      const { view, issued, bytes } = await issuedFrom(
        t,
        definition("douanes-b-deploiement-materiel"),
        "bon-sortie",
        {
          reception: {
            service_demandeur: "Bureau des Exonérations — محمد بن عبد الله",
            type_materiel: "ordinateur",
            quantite: 1250,
          },
          configuration: { numeros_serie: "SN-ÉTÉ-0042, SN-ÉTÉ-0043", unite_beneficiaire: "BIT" },
        },
      );
      expectText(bytes, [
        "République de Côte d'Ivoire",
        "Direction Générale des Douanes",
        "Bon de sortie de matériel informatique",
        view.registryNumber,
        "Bureau des Exonérations — محمد بن عبد الله",
        "Ordinateur",
        "Quantité demandée : 1 250",
        "SN-ÉTÉ-0042, SN-ÉTÉ-0043",
        "Le Gestionnaire du Stock",
        "Le Chef du Bureau Infrastructure et Télécommunications",
        "Fait à Abidjan, le 2 mars 2026",
        `Code : ${issued.code}`,
      ]);
      // The narrow no-break space of fr-FR is drawn (poppler reads it back as a space), not a missing glyph.
      expect(pdfText(bytes)).toMatch(/Quantité demandée : 1[\u202f\u00a0 ]250\n/);
    },
    WALK_TIMEOUT,
  );

  it(
    "writes the PV de réception (G) with the supplier, the order's amount grouped the French way and the delivery",
    async () => {
      const { view, bytes } = await issuedFrom(
        t,
        definition("douanes-g-commande-reception-materiel"),
        "pv-reception",
        {
          "emission-bon-commande": {
            fournisseur: "Société Ivoirienne d'Équipements « SIE » SARL",
            designation: "25 ordinateurs portables, 3 imprimantes réseau",
            montant: 18_750_000,
            article: "Ordinateur portable",
            categorie: "ordinateur",
            quantite_commandee: 25,
          },
          "reception-materiel": { quantite_recue: 25 },
        },
        { step: "verification", id: "oui" },
      );
      expectText(bytes, [
        "Procès-verbal de réception de matériel informatique",
        view.registryNumber,
        "Société Ivoirienne d'Équipements « SIE » SARL",
        "25 ordinateurs portables, 3 imprimantes réseau",
        "18 750 000 FCFA",
        "Quantité commandée : 25",
        "Quantité reçue (cette livraison) : 25",
        "Le Gestionnaire du Stock",
        "Le Directeur des Systèmes d'Information",
      ]);
      expect(pdfText(bytes).replace(/\s*\n\s*/g, " ")).toMatch(/18[\u202f\u00a0 ]750[\u202f\u00a0 ]000 FCFA/);
    },
    WALK_TIMEOUT,
  );

  it(
    "writes the fiche de demande de compte mail (E) with the user's references and the address created",
    async () => {
      const { view, bytes } = await issuedFrom(
        t,
        definition("douanes-e-compte-mail"),
        "fiche-demande",
        {
          demande: {
            matricule: "DGD0150",
            nom: "KONÉ",
            prenoms: "Aïssata Éléonore",
            contact: "+225 07 08 09 10 11",
            canal: "telephone",
          },
          "creation-compte": { adresse_mail: "aissata.kone@douanes.gouv.ci" },
        },
        { step: "verification-references", id: "non" },
      );
      expectText(bytes, [
        "Fiche de demande de création de compte mail professionnel",
        view.registryNumber,
        "Matricule : DGD0150",
        "Nom : KONÉ",
        "Prénoms : Aïssata Éléonore",
        "Demande reçue par : Appel téléphonique",
        "aissata.kone@douanes.gouv.ci",
        "Le Chef du Bureau Administration Système",
      ]);
    },
    WALK_TIMEOUT,
  );

  it(
    "writes the fiche de demande de compte utilisateur (L) with the kind of request and the login given",
    async () => {
      const { view, bytes } = await issuedFrom(
        t,
        definition("douanes-l-comptes-utilisateurs"),
        "fiche-demande",
        {
          reception: {
            type_demande: "creation",
            categorie_usager: "non_douanier",
            nom: "N'GUESSAN",
            prenoms: "Kouadio Désiré",
            matricule: "DEC-2026-0042",
          },
          traitement: { login_attribue: "kdnguessan" },
        },
        { step: "analyse", id: "recevable" },
      );
      expectText(bytes, [
        "Fiche de demande de compte utilisateur",
        view.registryNumber,
        "Type de demande : Création",
        "Usager non douanier (déclarant, consignataire…)",
        "Nom : N'GUESSAN",
        "Prénoms : Kouadio Désiré",
        "DEC-2026-0042",
        "kdnguessan",
        "Le Chef de Bureau Support",
      ]);
    },
    WALK_TIMEOUT,
  );

  it(
    "writes the fiche de demande de compte du système décisionnel (N) with the profile and the account",
    async () => {
      const { view, bytes } = await issuedFrom(
        t,
        definition("douanes-n-comptes-systeme-decisionnel"),
        "fiche-demande",
        {
          reception: {
            type_demande: "creation",
            nom: "TRAORÉ Fatoumata",
            matricule: "DGD0321",
            service: "Bureau des Statistiques",
            profil: "Analyste — tableaux de bord",
          },
          "creation-compte": { compte: "ftraore.bi" },
        },
        { step: "analyse", id: "oui" },
      );
      expectText(bytes, [
        "Fiche de demande de compte d'accès au système décisionnel",
        view.registryNumber,
        "Type de demande : Création de compte",
        "TRAORÉ Fatoumata",
        "Bureau des Statistiques",
        "Analyste — tableaux de bord",
        "ftraore.bi",
        "Le Chef de Bureau des Données",
      ]);
    },
    WALK_TIMEOUT,
  );

  it(
    "writes the fiche d'intervention (MFFE, logigramme 4) with the request, the diagnosis and what was done",
    async () => {
      const { view, bytes } = await issuedFrom(
        t,
        definition("mffe-assistance-spontanee"),
        "fiche-intervention",
        {
          demande: {
            objet: "Imprimante du secrétariat hors service",
            description: "Bourrage papier répété à chaque impression",
            materiel: "HP LaserJet « M404 »",
            telephone: "+225 27 20 21 22 23",
            localisation: "DSI — Bureau 12",
          },
          diagnostic: { constat: "Rouleau d'entraînement usé" },
          enregistrement: { intervention: "Remplacement du rouleau ; essais d'impression concluants" },
        },
      );
      expectText(bytes, [
        "Ministère de la Femme, de la Famille et de l'Enfant",
        "Fiche d'intervention",
        view.registryNumber,
        "Imprimante du secrétariat hors service",
        "HP LaserJet « M404 »",
        "DSI — Bureau 12",
        "Rouleau d'entraînement usé",
        "Remplacement du rouleau ; essais d'impression concluants",
        "L'agent de la SDMI",
      ]);
    },
    WALK_TIMEOUT,
  );

  it(
    "writes the accusé de réception of an external letter, verifiable, its hash in the case's audit chain",
    async () => {
      const { view, issued, bytes } = await issuedFrom(
        t,
        definition("mffe-courrier-externe"),
        "accuse-reception",
        {
          reception: { provenance: "service_courrier", date_reception: "2026-02-27" },
          enregistrement: {
            expediteur: "Association des Femmes Juristes de Côte d'Ivoire",
            objet: "Demande d'audience — « Journée de la Femme »",
            date_courrier: "2026-02-25",
            reference: "AFJCI/2026/017",
          },
        },
      );
      expectText(bytes, [
        "Accusé de réception de courrier",
        view.registryNumber,
        "Association des Femmes Juristes de Côte d'Ivoire",
        "Demande d'audience — « Journée de la Femme »",
        "AFJCI/2026/017",
        "Date du courrier : 25 février 2026",
        "Reçu le : 27 février 2026",
        "La Secrétaire de la DSI",
      ]);
      const check = await t.anonymous.upload<VerificationView>(
        `/api/verifications?code=${issued.code}`,
        bytes,
        "application/pdf",
      );
      expect(check.body).toMatchObject({
        authentic: true,
        document: { title: "Accusé de réception de courrier", registryNumber: view.registryNumber },
      });
      const history = await t
        .as(await takerOf(t.database, "mffe", view.tasks.find((x) => x.stepId === "enregistrement")!))
        .get<CaseView>(`/api/cases/${view.id}`);
      expect(history.body.history.find((e) => e.type === "document_issued")?.payload).toMatchObject({
        documentId: "accuse-reception",
        sha256: issued.sha256,
      });
      expect((await verifyAudit(t.database.db)).broken).toEqual([]);
    },
    WALK_TIMEOUT,
  );
});
