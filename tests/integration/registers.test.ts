import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { coveragePaths } from "../../engine/definition/coveragePaths.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { entryEventHash, GENESIS_HASH } from "../../server/audit/registerChain.js";
import { loadCatalogIntoDatabase } from "../../server/commands/catalogLoader.js";
import { listEntryEvents } from "../../server/db/queries/registers.js";
import { proceduresFolder } from "../../server/paths.js";
import type { EntryPage, EntryView } from "../../shared/api/registers.js";
import { newPerson } from "../support/people.js";
import { completeStep } from "../support/steps.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { type CaseView, walkPath } from "../support/walker.js";

/** The registers through the HTTP API: declared in YAML, written by procedure steps and by people. */

const GS = "DGD0018"; // gestionnaire du stock (SML): writes the equipment and stock registers
const CB_BIT = "DGD0012"; // chef du BIT
const CB_BAS = "DGD0020"; // chef du BAS: archivist of the equipment register

const catalog = loadCatalog([proceduresFolder()]);
const definition = (id: string): ProcedureDefinition =>
  catalog.definitions.find((e) => e.definition.id === id)!.definition;

let serialCounter = 0;
/** A serial number no other test uses. */
const serial = (prefix: string) => `${prefix}${Date.now().toString(36).toUpperCase()}${++serialCounter}`;

describe("registers", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function entries(matricule: string, registerId: string, query = "") {
    const res = await t
      .as(matricule)
      .get<{ items: EntryView[]; nextCursor: string | null }>(`/api/registers/${registerId}/entries${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  async function startCase(matricule: string, procedureId: string): Promise<CaseView> {
    const started = await t.as(matricule).post<CaseView>("/api/cases", { procedureId });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return started.body;
  }

  async function step(
    def: ProcedureDefinition,
    view: CaseView,
    stepId: string,
    options: Parameters<typeof completeStep>[4] = {},
  ): Promise<CaseView> {
    const res = await completeStep(t, def, view, stepId, options);
    expect(res.status, `${stepId}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  }

  it("lists the registers one's roles read, with what one may do in each", async () => {
    const res = await t
      .as(GS)
      .get<{ items: Array<{ id: string; access: { write: boolean } }> }>("/api/registers");
    expect(res.status).toBe(200);
    const ids = res.body.items.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(["materiel", "stock", "commandes"]));
    expect(ids).not.toContain("visites-datacenter");
    expect(res.body.items.find((r) => r.id === "materiel")?.access.write).toBe(true);
  });

  it("B end to end: the deployment moves the laptop from stock to its holder, and the entry links the case", async () => {
    const sn = serial("5CG");
    const created = await t.as(GS).post<EntryView>("/api/registers/materiel/entries", {
      values: { numero_serie: sn, categorie: "portable", marque: "HP", modele: "EliteBook 840" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.state).toBe("en-stock");
    expect(created.body.number).toMatch(/^MAT-2026-\d{5}$/);

    const def = definition("douanes-b-deploiement-materiel");
    // The DSI's mail service registers the request (the procedure's start rule).
    let view = await startCase("DGD0006", def.id);
    view = await step(def, view, "reception", {
      form: { service_demandeur: "Bureau des Statistiques", type_materiel: "ordinateur", quantite: 1 },
    });
    view = await step(def, view, "transmission");
    view = await step(def, view, "analyse", { outcome: "justifiee" });
    view = await step(def, view, "verification-stock", { outcome: "disponible" });
    view = await step(def, view, "configuration", {
      form: { numeros_serie: sn, beneficiaire: "DGD0013", unite_beneficiaire: "BIT" },
    });
    view = await step(def, view, "signature-pv");
    const after = await step(def, view, "deploiement");

    const found = await entries(CB_BIT, "materiel", `?q=${sn.toLowerCase()}`);
    expect(found.items).toHaveLength(1);
    const entry = found.items[0]!;
    expect(entry.state).toBe("affecte");
    expect(entry.data).toMatchObject({
      numero_serie: sn,
      detenteur: "DGD0013",
      unite_detentrice: "BIT",
      dossier_deploiement: after.registryNumber,
    });
    const byHolder = await entries(CB_BIT, "materiel", "?detenteur=DGD0013&state=affecte");
    expect(byHolder.items.map((e) => e.id)).toContain(entry.id);

    const page = await t.as(CB_BIT).get<EntryPage>(`/api/registers/materiel/entries/${entry.id}`);
    expect(page.status).toBe(200);
    expect(page.body.cases).toEqual([
      expect.objectContaining({
        caseId: after.id,
        registryNumber: after.registryNumber,
        stepId: "deploiement",
      }),
    ]);
    const change = page.body.history.at(-1)!;
    expect(change.type).toBe("changed");
    expect(change.payload).toMatchObject({
      before: { state: "en-stock" },
      after: { state: "affecte", detenteur: "DGD0013" },
    });
    expect(change.caseId).toBe(after.id);

    const fromCase = await t
      .as("DGD0005")
      .get<{ items: Array<{ entryId: string; registerId: string }> }>(
        `/api/cases/${after.id}/register-entries`,
      );
    expect(fromCase.status).toBe(200);
    expect(fromCase.body.items).toEqual([
      expect.objectContaining({ entryId: entry.id, registerId: "materiel" }),
    ]);
  });

  it("refuses a step whose record names a person who does not exist, and keeps nothing of it", async () => {
    const sn = serial("PF");
    const def = definition("douanes-b-deploiement-materiel");
    // The DSI's mail service registers the request (the procedure's start rule).
    let view = await startCase("DGD0006", def.id);
    view = await step(def, view, "reception", {
      form: { service_demandeur: "Section Réseaux", type_materiel: "imprimante", quantite: 1 },
    });
    view = await step(def, view, "transmission");
    view = await step(def, view, "analyse", { outcome: "justifiee" });
    view = await step(def, view, "verification-stock", { outcome: "disponible" });
    view = await step(def, view, "configuration", {
      form: { numeros_serie: sn, beneficiaire: "PERSONNE99" },
    });
    view = await step(def, view, "signature-pv");
    const refused = await completeStep(t, def, view, "deploiement");
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain("PERSONNE99");
    expect((await entries(GS, "materiel", `?q=${sn}`)).items).toEqual([]);
    const still = await t.as("DGD0005").get<CaseView>(`/api/cases/${view.id}`);
    expect(still.body.version).toBe(view.version);
  });

  it("G: partial receptions add to the order and the stock and create the assets with their serial numbers", async () => {
    const def = definition("douanes-g-commande-reception-materiel");
    const article = `Portable ${serial("ART")}`;
    let view = await startCase(CB_BIT, def.id);
    view = await step(def, view, "fiche-besoins");
    view = await step(def, view, "validation", { outcome: "oui" });
    view = await step(def, view, "emission-bon-commande", {
      form: {
        fournisseur: "Société Ivoirienne d'Informatique",
        article,
        categorie: "ordinateur",
        quantite_commandee: 5,
        designation: "5 ordinateurs portables",
        montant: 3_750_000,
      },
    });
    view = await step(def, view, "signature-bon-commande");
    view = await step(def, view, "transmission", { form: { date_limite_livraison: "2026-04-30" } });
    view = await step(def, view, "execution", { outcome: "oui" });

    const order = async () =>
      (await entries(GS, "commandes", `?q=${encodeURIComponent(view.registryNumber)}`)).items;
    expect(await order()).toEqual([
      expect.objectContaining({
        state: "emise",
        data: expect.objectContaining({ quantite_commandee: 5, quantite_recue: 0 }),
      }),
    ]);

    const first = [serial("G1"), serial("G1")];
    view = await step(def, view, "reception-materiel", {
      form: { quantite_recue: 2, numeros_serie: first.join("\n") },
    });
    view = await step(def, view, "verification", { outcome: "oui" });
    view = await step(def, view, "decharge-bon-livraison");
    view = await step(def, view, "stockage", { outcome: "partielle" });
    expect(await order()).toEqual([
      expect.objectContaining({ state: "partielle", data: expect.objectContaining({ quantite_recue: 2 }) }),
    ]);

    // The second delivery comes a little later: movements are listed in the order they happened.
    t.clock.advanceSeconds(60);
    const second = [serial("G2"), serial("G2"), serial("G2")];
    view = await step(def, view, "reception-materiel", {
      form: { quantite_recue: 3, numeros_serie: second.join("\n") },
    });
    view = await step(def, view, "verification", { outcome: "oui" });
    view = await step(def, view, "decharge-bon-livraison");
    view = await step(def, view, "stockage", { outcome: "complete" });
    expect(view.status).toBe("completed");

    expect(await order()).toEqual([
      expect.objectContaining({ state: "livree", data: expect.objectContaining({ quantite_recue: 5 }) }),
    ]);
    const stock = await entries(GS, "stock", `?q=${encodeURIComponent(article)}`);
    expect(stock.items).toHaveLength(1);
    expect(stock.items[0]!.data.quantite).toBe(5);
    const stockPage = await t.as(GS).get<EntryPage>(`/api/registers/stock/entries/${stock.items[0]!.id}`);
    expect(stockPage.body.movements.map((m) => [m.kind, m.quantity])).toEqual([
      ["in", 2],
      ["in", 3],
    ]);
    for (const sn of [...first, ...second]) {
      const asset = await entries(GS, "materiel", `?q=${sn}`);
      expect(asset.items, sn).toEqual([
        expect.objectContaining({
          state: "en-stock",
          data: expect.objectContaining({ numero_serie: sn, categorie: "ordinateur" }),
        }),
      ]);
    }
  });

  it("L: a removal marks the account removed in the accounts register", async () => {
    const login = `kdiallo${++serialCounter}`;
    const created = await t.as("DGD0033").post<EntryView>("/api/registers/comptes/entries", {
      values: {
        type: "sydam",
        identifiant: login,
        titulaire: "DIALLO",
        prenoms: "Kadi",
        cree_le: "2024-01-15",
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.state).toBe("actif");

    const def = definition("douanes-l-comptes-utilisateurs");
    // An agent of the Bureau Support registers the request (the procedure's start rule).
    let view = await startCase("DGD0034", def.id);
    const reception = def.steps.find((s) => s.id === "reception")!;
    const checklist = (reception.documents ?? [])
      .flatMap((d) => d.checklist ?? [])
      .filter((item) => item.when?.type_demande === "desactivation")
      .map((item) => item.id);
    view = await step(def, view, "reception", {
      form: {
        type_demande: "desactivation",
        categorie_usager: "douanier",
        nom: "DIALLO",
        prenoms: "Kadi",
        login,
      },
      checklist,
    });
    view = await step(def, view, "analyse", { outcome: "recevable" });
    view = await step(def, view, "traitement", { form: { login_attribue: login } });

    const account = await t.as("DGD0033").get<EntryPage>(`/api/registers/comptes/entries/${created.body.id}`);
    expect(account.body.entry.state).toBe("supprime");
    expect(account.body.entry.data.supprime_le).toBe("2026-03-02");
    expect(account.body.cases.map((c) => c.registryNumber)).toEqual([view.registryNumber]);
    const removed = await entries("DGD0033", "comptes", "?type=sydam&state=supprime");
    expect(removed.items.map((e) => e.id)).toContain(created.body.id);
  });

  it("H: the visit appears in the data-center visit log", async () => {
    const def = definition("douanes-h-acces-data-center");
    const path = coveragePaths(def).find((p) => p.ends === "completed")!;
    const view = await walkPath(t, def, path);
    const log = await entries(
      "DGD0008",
      "visites-datacenter",
      `?q=${encodeURIComponent(view.registryNumber)}`,
    );
    expect(log.items).toHaveLength(1);
    expect(log.items[0]!.data).toMatchObject({
      dossier: view.registryNumber,
      entree: "2026-03-02T09:30:00.000Z",
      sortie: "2026-03-02T09:30:00.000Z",
    });
  });

  it("moves stock in, out and by adjustment, and tells the stock manager when it falls to its threshold", async () => {
    const article = `Toner ${serial("TN")}`;
    const created = await t.as(GS).post<EntryView>("/api/registers/stock/entries", {
      values: { article, categorie: "consommable" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const move = (body: Record<string, unknown>) =>
      t.as(GS).post<EntryView>(`/api/registers/stock/entries/${created.body.id}/movements`, body);
    expect((await move({ field: "quantite", kind: "in", quantity: 4 })).body.data.quantite).toBe(4);
    const tooMany = await move({ field: "quantite", kind: "out", quantity: 9 });
    expect(tooMany.status).toBe(422);
    const noReason = await move({ field: "quantite", kind: "adjustment", quantity: -1 });
    expect(noReason.status).toBe(422);
    expect(
      (await move({ field: "quantite", kind: "adjustment", quantity: -1, reason: "Cartouche cassée" }))
        .status,
    ).toBe(200);
    const low = await move({ field: "quantite", kind: "out", quantity: 1 });
    expect(low.body.data.quantite).toBe(2);

    const bell = await t
      .as(GS)
      .get<{ items: Array<{ kind: string; subject: { fr: string } }> }>("/api/notifications");
    const notices = bell.body.items.filter((n) => n.kind === "low_stock" && n.subject.fr.includes(article));
    expect(notices).toHaveLength(1);
    // Only the crossing is told: a further exit below the threshold does not repeat it.
    await move({ field: "quantite", kind: "out", quantity: 1 });
    const again = await t
      .as(GS)
      .get<{ items: Array<{ kind: string; subject: { fr: string } }> }>("/api/notifications");
    expect(
      again.body.items.filter((n) => n.kind === "low_stock" && n.subject.fr.includes(article)),
    ).toHaveLength(1);

    // A quantity is not typed over: it changes by movements.
    const current = await t.as(GS).get<EntryPage>(`/api/registers/stock/entries/${created.body.id}`);
    const typed = await t.as(GS).patch(`/api/registers/stock/entries/${created.body.id}`, {
      values: { quantite: 50 },
      expectedEventCount: current.body.entry.eventCount,
    });
    expect(typed.status).toBe(422);
  });

  it("searches without accents or case, and pages by cursor", async () => {
    const tag = serial("LOC");
    for (const place of ["Salle Réunion", "Entrepôt", "Bureau"]) {
      const res = await t.as(GS).post("/api/registers/materiel/entries", {
        values: { numero_serie: serial("S"), categorie: "scanner", localisation: `${place} ${tag}` },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    expect((await entries(GS, "materiel", `?q=${encodeURIComponent(`reunion ${tag}`)}`)).items).toHaveLength(
      1,
    );
    expect((await entries(GS, "materiel", `?q=${encodeURIComponent(`ENTREPOT ${tag}`)}`)).items).toHaveLength(
      1,
    );
    const first = await entries(GS, "materiel", `?q=${tag}&limit=2`);
    expect(first.items).toHaveLength(2);
    const second = await entries(GS, "materiel", `?q=${tag}&limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const unknown = await t.as(GS).get(`/api/registers/materiel/entries?couleur=rouge`);
    expect(unknown.status).toBe(422);
  });

  it("round-trips a CSV export, edit and import; a wrong file is refused whole with every wrong line", async () => {
    const tag = serial("CSV");
    for (const n of [1, 2]) {
      await t.as(GS).post("/api/registers/materiel/entries", {
        values: { numero_serie: `${tag}-${n}`, categorie: "imprimante", localisation: "Magasin" },
      });
    }
    const exported = await t.as(GS).get(`/api/registers/materiel/export?format=csv&q=${tag}`);
    expect(exported.status).toBe(200);
    expect(String(exported.headers["content-type"])).toContain("text/csv");
    const rows = parse(exported.bytes.toString("utf8"), { bom: true, columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows.map((r) => r.numero_serie).sort()).toEqual([`${tag}-1`, `${tag}-2`]);
    const header = Object.keys(rows[0]!);
    const line = (r: Record<string, string>) => header.map((h) => JSON.stringify(r[h] ?? "")).join(",");
    const edited = rows.map((r) =>
      r.numero_serie === `${tag}-1` ? { ...r, localisation: "Bureau du DSI" } : r,
    );
    const added = {
      ...Object.fromEntries(header.map((h) => [h, ""])),
      numero_serie: `${tag}-3`,
      categorie: "scanner",
    };
    const csv = [header.join(","), ...edited.map(line), line(added)].join("\n");
    const imported = await t.as(GS).upload(`/api/registers/materiel/import`, Buffer.from(csv), "text/csv");
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toEqual({ created: 1, updated: 1 });
    const now = await entries(GS, "materiel", `?q=${tag}`);
    expect(now.items).toHaveLength(3);
    expect(now.items.find((e) => e.data.numero_serie === `${tag}-1`)?.data.localisation).toBe(
      "Bureau du DSI",
    );

    const bad = [
      header.join(","),
      line({ ...added, numero_serie: `${tag}-4`, categorie: "grille-pain" }),
      line({ ...added, numero_serie: `${tag}-1` }),
      line({ ...added, numero_serie: `${tag}-5` }),
      line({ ...added, number: "MAT-1999-00001", numero_serie: `${tag}-6` }),
    ].join("\n");
    const refused = await t
      .as(GS)
      .upload<{ problems: Array<{ line: number; column: string | null }> }>(
        `/api/registers/materiel/import`,
        Buffer.from(bad),
        "text/csv",
      );
    expect(refused.status).toBe(422);
    expect(refused.body.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "categorie"],
      [3, "numero_serie"],
      [5, "number"],
    ]);
    expect((await entries(GS, "materiel", `?q=${tag}`)).items).toHaveLength(3);

    const xlsx = await t.as(GS).get(`/api/registers/materiel/export?format=xlsx&q=${tag}`);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("N°");
    expect(sheet.rowCount).toBe(4);
  });

  it("runs a register declared only in YAML in a test catalog, with no code", async () => {
    const fixture = join(
      import.meta.dirname,
      "..",
      "fixtures",
      "registers",
      "douanes",
      "registers",
      "cles.yaml",
    );
    const extra = loadCatalog([join(proceduresFolder(), "douanes", "organisation.yaml"), fixture]);
    expect(extra.problems).toEqual([]);
    await loadCatalogIntoDatabase(t.database.db, extra);

    const created = await t
      .as(CB_BIT)
      .post<EntryView>("/api/registers/cles/entries", { values: { salle: "Salle serveurs A" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ number: "CLE-001", state: "au-tableau" });
    const lent = await t.as(CB_BIT).patch<EntryView>(`/api/registers/cles/entries/${created.body.id}`, {
      values: { emprunteur: "DGD0013" },
      state: "pretee",
      expectedEventCount: created.body.eventCount,
    });
    expect(lent.status, JSON.stringify(lent.body)).toBe(200);
    const stale = await t.as(CB_BIT).patch(`/api/registers/cles/entries/${created.body.id}`, {
      state: "au-tableau",
      expectedEventCount: created.body.eventCount,
    });
    expect(stale.status).toBe(409);
    const duplicate = await t
      .as(CB_BIT)
      .post("/api/registers/cles/entries", { values: { salle: "Salle serveurs A" } });
    expect(duplicate.status).toBe(422);
    // The RSSI reads it; a writer of other registers does not.
    expect((await entries("DGD0008", "cles", "?state=pretee&emprunteur=DGD0013")).items).toHaveLength(1);
    expect((await t.as(GS).get("/api/registers/cles/entries")).status).toBe(403);
    expect(
      (await t.as("DGD0008").post("/api/registers/cles/entries", { values: { salle: "B" } })).status,
    ).toBe(403);

    // Each change is chained onto the entry's history.
    const events = await listEntryEvents(t.database.db, created.body.id);
    let prev = GENESIS_HASH;
    for (const e of events) {
      const { hash, prevHash, id: _id, entryId, occurredAt, ...content } = e;
      expect(prevHash).toBe(prev);
      expect(entryEventHash(prevHash, { ...content, entryId, occurredAt: occurredAt.toISOString() })).toBe(
        hash,
      );
      prev = hash;
    }
    expect(events.map((e) => e.type)).toEqual(["created", "changed"]);
  });

  it("keeps registers to their organisation and their roles", async () => {
    // The ministry keeps no data-center log: the customs' one does not exist for it.
    expect((await t.as("MFFE0020").get("/api/registers/visites-datacenter/entries")).status).toBe(404);
    // Both keep an equipment register under the same id: each sees only its own.
    const ministry = await t.as("MFFE0020").get<{ items: Array<{ id: string }> }>("/api/registers");
    // The DSI's secretary keeps the mail books and reads the interns and trainings she registers.
    expect(ministry.body.items.map((r) => r.id).sort()).toEqual([
      "courrier-arrivee",
      "courrier-depart",
      "formations",
      "stagiaires",
    ]);
    const someone = await newPerson(
      t.database,
      "douanes",
      { matricule: "REGAGT01", name: "Agent sans registre", unitCode: "BIT", roles: ["AGENT"] },
      t.clock.now(),
    );
    expect((await t.as(someone).get("/api/registers/comptes/entries")).status).toBe(403);
    expect((await t.as(someone).get<{ items: unknown[] }>("/api/registers")).body.items).toEqual([]);
  });

  it("lists entries past retention for the archivist, and archives only what they approve", async () => {
    const sn = serial("OLD");
    const created = await t.as(GS).post<EntryView>("/api/registers/materiel/entries", {
      values: { numero_serie: sn, categorie: "autre" },
    });
    expect(
      (await t.as(CB_BAS).get<{ items: EntryView[] }>("/api/registers/materiel/retention")).body.items,
    ).toEqual([]);
    t.clock.advanceHours(24 * 366 * 10);
    expect((await t.as(GS).get("/api/registers/materiel/retention")).status).toBe(403);
    const review = await t
      .as(CB_BAS)
      .get<{ items: EntryView[]; disposal: string }>("/api/registers/materiel/retention?limit=200");
    expect(review.status).toBe(200);
    expect(review.body.disposal).toBe("archive");
    expect(review.body.items.map((e) => e.id)).toContain(created.body.id);
    expect(
      (await t.as(GS).post("/api/registers/materiel/retention/approvals", { entryIds: [created.body.id] }))
        .status,
    ).toBe(403);
    const approved = await t
      .as(CB_BAS)
      .post<{ count: number }>("/api/registers/materiel/retention/approvals", {
        entryIds: [created.body.id],
        disposal: "destroy",
      });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    const page = await t.as(GS).get<EntryPage>(`/api/registers/materiel/entries/${created.body.id}`);
    expect(page.body.entry.disposal).toBe("destroy");
    expect(page.body.entry.data).toEqual({});
    expect(page.body.history.at(-1)).toMatchObject({ type: "disposed", payload: { disposal: "destroy" } });
    expect((await entries(GS, "materiel", `?q=${sn}`)).items).toEqual([]);
    const again = await t
      .as(CB_BAS)
      .post("/api/registers/materiel/retention/approvals", { entryIds: [created.body.id] });
    expect(again.status).toBe(422);
  });
});
