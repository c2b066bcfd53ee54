import { describe, expect, it } from "vitest";
import { calendarFor } from "../calendar/index.js";
import { type ProcedureDefinition, procedureDefinition } from "../definition/schema.js";
import { validateDefinition } from "../definition/validate.js";
import { availableActions } from "./availableActions.js";
import type { Actor, CaseState } from "./state.js";
import { act, type CaseAction, startCase, type Transition } from "./transitions.js";

// Monday 2 March 2026, 09:00 in Abidjan (UTC+0).
const monday = new Date("2026-03-02T09:00:00Z");
const ctx = { now: monday, calendar: calendarFor("CI") };

/** A small procedure using every construct the engine runs: form, rule, loop, documents, hand-off, parallel. */
function definition(overrides: Partial<ProcedureDefinition> = {}): ProcedureDefinition {
  return procedureDefinition.parse({
    id: "demande-test",
    title: "Demande de test",
    organisation: "test",
    source: { document: "Fixture" },
    version: 3,
    status: "in_force",
    registry: "T-{YYYY}-{seq:4}",
    history: [{ version: "00", definitionVersion: 3, description: "Troisième version de test" }],
    actors: {
      SEC: { title: "Secrétaire" },
      DIR: { title: "Directeur" },
      TECH: { title: "Technicien", role: "AGENT", unit: "B1" },
      REQ: { title: "Demandeur", relative: "requester" },
    },
    start: "enregistrement",
    steps: [
      {
        id: "enregistrement",
        title: "Enregistrement",
        actor: "SEC",
        form: [
          { id: "objet", label: "Objet", type: "text", required: true },
          { id: "ram_go", label: "RAM", type: "number", required: true },
          { id: "os_version", label: "Version de Windows", type: "integer", required: true },
        ],
        deadline: { businessDays: 2 },
        next: "controle",
      },
      {
        id: "controle",
        title: "Contrôle du poste",
        actor: "TECH",
        decision: {
          question: "OS ≥ Windows 10 et RAM ≥ 4 Go ?",
          outcomes: [
            { id: "oui", label: "OUI", next: "validation" },
            { id: "non", label: "NON", next: "mise-a-jour" },
          ],
          rule: {
            when: {
              all: [
                { field: "os_version", gte: 10 },
                { field: "ram_go", gte: 4 },
              ],
            },
            choose: "oui",
            otherwise: "non",
          },
        },
      },
      {
        id: "mise-a-jour",
        title: "Mise à jour du poste",
        actor: "TECH",
        form: [
          { id: "ram_go", label: "RAM", type: "number", required: true },
          { id: "os_version", label: "Version de Windows", type: "integer", required: true },
        ],
        next: "controle",
      },
      {
        id: "validation",
        title: "Validation",
        actor: "DIR",
        documents: [{ id: "pv", title: "PV d'installation", kind: "produces", required: true }],
        deadline: { setWhenActing: true, note: "dépend du volume" },
        decision: {
          question: "Validé ?",
          outcomes: [
            { id: "oui", label: "OUI", next: "travaux" },
            { id: "non", label: "NON", end: "rejected" },
          ],
        },
      },
      {
        id: "travaux",
        title: "Travaux",
        actor: "TECH",
        parallel: { branches: ["cablage", "config"], join: "recette" },
      },
      { id: "cablage", title: "Câblage", actor: "TECH", next: "recette" },
      { id: "config", title: "Configuration", actor: "SEC", next: "recette" },
      {
        id: "recette",
        title: "Recette",
        actor: "REQ",
        handoff: { procedure: "suivi", copy: ["objet"] },
        end: "completed",
      },
    ],
    ...overrides,
  });
}

const def = definition();
const sec: Actor = { userId: "u-sec", actorCodes: ["SEC"] };
const tech: Actor = { userId: "u-tech", actorCodes: ["TECH"] };
const dir: Actor = { userId: "u-dir", actorCodes: ["DIR"], mayReassign: true };
const requester: Actor = { userId: "u-req", actorCodes: ["REQ"], mayCancel: true };

function started(): CaseState {
  const result = startCase(def, { requesterUserId: "u-req" }, ctx);
  if (!result.ok) throw new Error(result.error.message.en);
  return result.state;
}

function ok(result: Transition) {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
  return result;
}

function step(state: CaseState, stepId: string): string {
  const token = state.tokens.find((t) => t.stepId === stepId);
  if (!token) throw new Error(`no token on ${stepId}: ${state.tokens.map((t) => t.stepId).join(",")}`);
  return token.id;
}

function run(state: CaseState, actor: Actor, action: CaseAction, now = monday) {
  return act(def, state, actor, action, state.version, { ...ctx, now });
}

const registration = (s: CaseState, ram = 8, os = 11) =>
  ok(
    run(s, sec, {
      type: "complete",
      tokenId: step(s, "enregistrement"),
      form: { objet: "Poste", ram_go: ram, os_version: os },
    }),
  ).state;

describe("the procedure engine", () => {
  it("accepts the test definition", () => {
    expect(validateDefinition(def)).toEqual([]);
  });

  it("starts a case on its first step with a due date two business days later", () => {
    const result = ok(startCase(def, { requesterUserId: "u-req" }, ctx));
    expect(result.state.status).toBe("active");
    expect(result.state.tokens.map((t) => t.stepId)).toEqual(["enregistrement"]);
    expect(result.state.tokens[0]?.dueAt?.startsWith("2026-03-04")).toBe(true);
    expect(result.events.map((e) => e.type)).toEqual(["case_started", "step_entered"]);
  });

  it("refuses a step to an actor who does not hold it, and changes nothing", () => {
    const s = started();
    const before = structuredClone(s);
    const result = run(s, tech, {
      type: "complete",
      tokenId: step(s, "enregistrement"),
      form: { objet: "x" },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("wrong_actor");
      expect(result.error.message.fr).toContain("Enregistrement");
    }
    expect(s).toEqual(before);
  });

  it("refuses a missing required field and names it", () => {
    const s = started();
    const result = run(s, sec, {
      type: "complete",
      tokenId: step(s, "enregistrement"),
      form: { objet: "Poste" },
    });
    expect(result).toMatchObject({ ok: false, error: { code: "missing_field", target: "ram_go" } });
  });

  it("refuses a value of the wrong type and a field the form does not have", () => {
    const s = started();
    const token = step(s, "enregistrement");
    expect(
      run(s, sec, {
        type: "complete",
        tokenId: token,
        form: { objet: "P", ram_go: "beaucoup", os_version: 10 },
      }),
    ).toMatchObject({ ok: false, error: { code: "invalid_field", target: "ram_go" } });
    expect(
      run(s, sec, {
        type: "complete",
        tokenId: token,
        form: { objet: "P", ram_go: 4, os_version: 10, couleur: "bleu" },
      }),
    ).toMatchObject({ ok: false, error: { code: "unknown_field", target: "couleur" } });
  });

  it("decides a rule's outcome from the data and refuses a contrary choice", () => {
    const s = registration(started(), 2, 7);
    const token = step(s, "controle");
    expect(run(s, tech, { type: "complete", tokenId: token, outcome: "oui" })).toMatchObject({
      ok: false,
      error: { code: "outcome_decided_by_rule" },
    });
    const failing = ok(run(s, tech, { type: "complete", tokenId: token }));
    expect(failing.state.tokens.map((t) => t.stepId)).toEqual(["mise-a-jour"]);

    // The loop: after the upgrade the same check passes.
    const upgraded = ok(
      run(failing.state, tech, {
        type: "complete",
        tokenId: step(failing.state, "mise-a-jour"),
        form: { ram_go: 8, os_version: 11 },
      }),
    ).state;
    const passing = ok(run(upgraded, tech, { type: "complete", tokenId: step(upgraded, "controle") }));
    expect(passing.state.tokens.map((t) => t.stepId)).toEqual(["validation"]);
  });

  it("requires an answer to a decision among its own outcomes", () => {
    let s = registration(started());
    s = ok(run(s, tech, { type: "complete", tokenId: step(s, "controle") })).state;
    const token = step(s, "validation");
    const docs = { pv: "sha256-of-pv" };
    expect(run(s, dir, { type: "complete", tokenId: token, documents: docs })).toMatchObject({
      ok: false,
      error: { code: "missing_outcome" },
    });
    expect(
      run(s, dir, { type: "complete", tokenId: token, documents: docs, outcome: "peut-etre" }),
    ).toMatchObject({
      ok: false,
      error: { code: "unknown_outcome" },
    });
    expect(run(s, dir, { type: "complete", tokenId: token, outcome: "oui" })).toMatchObject({
      ok: false,
      error: { code: "missing_document", target: "pv" },
    });
  });

  it("ends the case as rejected on a NON that leads to the end", () => {
    let s = registration(started());
    s = ok(run(s, tech, { type: "complete", tokenId: step(s, "controle") })).state;
    const result = ok(
      run(s, dir, {
        type: "complete",
        tokenId: step(s, "validation"),
        outcome: "non",
        documents: { pv: "x" },
      }),
    );
    expect(result.state.status).toBe("rejected");
    expect(result.state.tokens).toEqual([]);
    expect(result.events.at(-1)).toEqual({ type: "case_ended", outcome: "rejected" });
  });

  it("runs parallel branches and enters the join once both arrived, then hands off", () => {
    let s = registration(started());
    s = ok(run(s, tech, { type: "complete", tokenId: step(s, "controle") })).state;
    s = ok(
      run(s, dir, {
        type: "complete",
        tokenId: step(s, "validation"),
        outcome: "oui",
        documents: { pv: "x" },
      }),
    ).state;
    s = ok(run(s, tech, { type: "complete", tokenId: step(s, "travaux") })).state;
    expect(s.tokens.map((t) => t.stepId).sort()).toEqual(["cablage", "config"]);
    s = ok(run(s, tech, { type: "complete", tokenId: step(s, "cablage") })).state;
    expect(s.tokens.map((t) => t.stepId)).toEqual(["config"]);
    s = ok(run(s, sec, { type: "complete", tokenId: step(s, "config") })).state;
    expect(s.tokens.map((t) => t.stepId)).toEqual(["recette"]);
    const done = ok(run(s, requester, { type: "complete", tokenId: step(s, "recette") }));
    expect(done.state.status).toBe("completed");
    expect(done.effects).toEqual([
      { type: "start_linked_case", procedureId: "suivi", data: { objet: "Poste" } },
    ]);
  });

  it("refuses a stale version and any action on a closed case", () => {
    const s = started();
    const token = step(s, "enregistrement");
    const form = { objet: "P", ram_go: 8, os_version: 11 };
    expect(act(def, s, sec, { type: "complete", tokenId: token, form }, s.version - 1, ctx)).toMatchObject({
      ok: false,
      error: { code: "stale_version" },
    });
    const cancelled = ok(run(s, requester, { type: "cancel", reason: "Doublon" })).state;
    expect(cancelled.status).toBe("cancelled");
    expect(run(cancelled, sec, { type: "comment", text: "trop tard" })).toMatchObject({
      ok: false,
      error: { code: "case_closed" },
    });
  });

  it("refuses a definition version other than the case's", () => {
    const s = started();
    const newer = definition({ version: 4 });
    expect(act(newer, s, sec, { type: "comment", text: "x" }, s.version, ctx)).toMatchObject({
      ok: false,
      error: { code: "invalid_input" },
    });
  });

  it("sends a case back to a step it went through, with a reason", () => {
    let s = registration(started());
    const token = step(s, "controle");
    expect(
      run(s, tech, { type: "send_back", tokenId: token, toStepId: "validation", reason: "x" }),
    ).toMatchObject({
      ok: false,
      error: { code: "invalid_send_back" },
    });
    s = ok(
      run(s, tech, {
        type: "send_back",
        tokenId: token,
        toStepId: "enregistrement",
        reason: "Objet imprécis",
      }),
    ).state;
    expect(s.tokens.map((t) => t.stepId)).toEqual(["enregistrement"]);
  });

  it("lets the head reassign a task, after which only the new assignee may act", () => {
    let s = registration(started());
    const token = step(s, "controle");
    expect(run(s, tech, { type: "reassign", tokenId: token, toUserId: "u-other" })).toMatchObject({
      ok: false,
      error: { code: "not_allowed" },
    });
    s = ok(run(s, dir, { type: "reassign", tokenId: token, toUserId: "u-other", reason: "congé" })).state;
    expect(run(s, tech, { type: "complete", tokenId: token })).toMatchObject({
      ok: false,
      error: { code: "wrong_actor" },
    });
    const other: Actor = { userId: "u-other", actorCodes: [] };
    expect(ok(run(s, other, { type: "complete", tokenId: token })).state.tokens[0]?.stepId).toBe(
      "validation",
    );
  });

  it("lets the actor set the délai of a step whose délai is set when acting", () => {
    let s = registration(started());
    s = ok(run(s, tech, { type: "complete", tokenId: step(s, "controle") })).state;
    const token = step(s, "validation");
    expect(s.tokens[0]?.dueAt).toBeNull();
    expect(availableActions(def, s, dir).map((a) => a.type)).toContain("set_deadline");
    expect(
      run(s, dir, { type: "set_deadline", tokenId: token, dueAt: "2020-01-01T00:00:00Z" }),
    ).toMatchObject({
      ok: false,
      error: { code: "invalid_input", target: "dueAt" },
    });
    s = ok(
      run(s, dir, {
        type: "set_deadline",
        tokenId: token,
        dueAt: "2026-03-20T16:30:00Z",
        note: "200 dossiers",
      }),
    ).state;
    expect(s.tokens[0]?.dueAt).toBe("2026-03-20T16:30:00.000Z");
  });

  it("lets one holder of a queue's step take it, after which only they may act and nobody takes it again", () => {
    const s = started();
    const token = s.tokens[0]!.id;
    const other: Actor = { userId: "u-sec-2", actorCodes: ["SEC"] };
    const taken = ok(act(def, s, sec, { type: "take", tokenId: token }, s.version, ctx));
    expect(taken.state.tokens[0]?.assigneeUserId).toBe("u-sec");
    expect(taken.events).toEqual([
      { type: "taken", stepId: s.tokens[0]!.stepId, tokenId: token, byUserId: "u-sec" },
    ]);
    expect(availableActions(def, taken.state, other).map((a) => a.type)).toEqual(["comment"]);
    expect(
      act(def, taken.state, other, { type: "take", tokenId: token }, taken.state.version, ctx),
    ).toMatchObject({
      ok: false,
      error: { code: "wrong_actor" },
    });
    expect(
      act(def, taken.state, sec, { type: "take", tokenId: token }, taken.state.version, ctx),
    ).toMatchObject({
      ok: false,
      error: { code: "already_taken" },
    });
    expect(act(def, s, tech, { type: "take", tokenId: token }, s.version, ctx)).toMatchObject({ ok: false });
  });

  it("offers each person only what they may do now", () => {
    const s = started();
    expect(availableActions(def, s, sec).map((a) => a.type)).toEqual(["complete", "take", "comment"]);
    expect(availableActions(def, s, tech).map((a) => a.type)).toEqual(["comment"]);
    expect(availableActions(def, s, requester).map((a) => a.type)).toEqual(["comment", "cancel"]);
  });

  it("asks for the unit to impute to, except on an outcome that imputes to nobody", () => {
    const mail = procedureDefinition.parse({
      id: "courrier",
      title: "Courrier",
      organisation: "test",
      source: { document: "Fixture" },
      version: 1,
      status: "in_force",
      registry: "C-{seq}",
      actors: { DIR: { title: "Directeur" }, IMP: { title: "Chef imputé", relative: "imputed_unit_head" } },
      start: "imputation",
      steps: [
        {
          id: "imputation",
          title: "Imputation",
          actor: "DIR",
          imputation: { label: "Imputer à", notOn: ["classement"] },
          decision: {
            question: "Suite ?",
            outcomes: [
              { id: "transmission", label: "Transmission", next: "traitement" },
              { id: "classement", label: "Classement", end: "completed" },
            ],
          },
        },
        { id: "traitement", title: "Traitement", actor: "IMP", end: "completed" },
      ],
    });
    expect(validateDefinition(mail)).toEqual([]);
    const s = ok(startCase(mail, { requesterUserId: "u-req" }, ctx)).state;
    const token = s.tokens[0]!.id;
    const director: Actor = { userId: "u-dir", actorCodes: ["DIR"] };
    const run = (action: CaseAction) => act(mail, s, director, action, s.version, ctx);
    expect(run({ type: "complete", tokenId: token, outcome: "transmission" })).toMatchObject({
      ok: false,
      error: { code: "missing_imputation", target: "imputeTo" },
    });
    expect(
      ok(run({ type: "complete", tokenId: token, outcome: "transmission", imputeTo: "B1" })).state
        .imputedUnit,
    ).toBe("B1");
    const filed = ok(run({ type: "complete", tokenId: token, outcome: "classement" }));
    expect(filed.state.status).toBe("completed");
    expect(filed.state.imputedUnit).toBeNull();
  });

  it("clears the imputation when the case goes back to the step that imputed it, and says which unit it was", () => {
    const mail = procedureDefinition.parse({
      id: "courrier",
      title: "Courrier",
      organisation: "test",
      source: { document: "Fixture" },
      version: 1,
      status: "in_force",
      registry: "C-{seq}",
      actors: { DIR: { title: "Directeur" }, IMP: { title: "Chef imputé", relative: "imputed_unit_head" } },
      start: "imputation",
      steps: [
        {
          id: "imputation",
          title: "Imputation",
          actor: "DIR",
          imputation: { label: "Imputer à" },
          next: "traitement",
        },
        { id: "traitement", title: "Traitement", actor: "IMP", next: "signature" },
        { id: "signature", title: "Signature", actor: "DIR", end: "completed" },
      ],
    });
    const director: Actor = { userId: "u-dir", actorCodes: ["DIR"] };
    const chief: Actor = { userId: "u-chief", actorCodes: ["IMP"] };
    let s = ok(startCase(mail, { requesterUserId: "u-req" }, ctx)).state;
    s = ok(
      act(mail, s, director, { type: "complete", tokenId: s.tokens[0]!.id, imputeTo: "B1" }, s.version, ctx),
    ).state;
    s = ok(act(mail, s, chief, { type: "complete", tokenId: s.tokens[0]!.id }, s.version, ctx)).state;
    // Sent back from the signature to the treatment: still the same unit's work.
    const toTreatment = ok(
      act(
        mail,
        s,
        director,
        { type: "send_back", tokenId: s.tokens[0]!.id, toStepId: "traitement", reason: "Compléter" },
        s.version,
        ctx,
      ),
    );
    expect(toTreatment.state.imputedUnit).toBe("B1");
    // Sent back to the imputation: the case is nobody's until it is imputed again.
    const back = ok(
      act(
        mail,
        s,
        director,
        { type: "send_back", tokenId: s.tokens[0]!.id, toStepId: "imputation", reason: "Mauvais bureau" },
        s.version,
        ctx,
      ),
    );
    expect(back.state.imputedUnit).toBeNull();
    expect(back.events.at(-1)).toMatchObject({
      type: "step_entered",
      stepId: "imputation",
      imputationCleared: "B1",
    });
  });

  it("imputes only to the units the manual names, when it names them", () => {
    const mail = procedureDefinition.parse({
      id: "anomalie",
      title: "Anomalie",
      organisation: "test",
      source: { document: "Fixture" },
      version: 1,
      status: "in_force",
      registry: "A-{seq}",
      actors: {
        CBS: { title: "Chef du bureau support" },
        IMP: { title: "Chef imputé", relative: "imputed_unit_head" },
      },
      start: "orientation",
      steps: [
        {
          id: "orientation",
          title: "Transmission au bureau compétent",
          actor: "CBS",
          imputation: { label: "Bureau compétent", units: ["BIT", "BE"] },
          next: "correction",
        },
        { id: "correction", title: "Correction", actor: "IMP", end: "completed" },
      ],
    });
    const s = ok(startCase(mail, { requesterUserId: "u-req" }, ctx)).state;
    const token = s.tokens[0]!.id;
    const chief: Actor = { userId: "u-cbs", actorCodes: ["CBS"] };
    const offered = availableActions(mail, s, chief).find((a) => a.type === "complete");
    expect(offered).toMatchObject({ imputationUnits: ["BIT", "BE"], imputationNotOn: [] });
    expect(
      act(mail, s, chief, { type: "complete", tokenId: token, imputeTo: "BRT" }, s.version, ctx),
    ).toMatchObject({
      ok: false,
      error: { code: "invalid_input", target: "imputeTo" },
    });
    expect(
      ok(act(mail, s, chief, { type: "complete", tokenId: token, imputeTo: "BE" }, s.version, ctx)).state
        .imputedUnit,
    ).toBe("BE");
  });
});

describe("data given at a case's start", () => {
  it("refuses every key that is not a field of the first step's form, naming them", () => {
    const result = startCase(
      definition(),
      { requesterUserId: "u-req", data: { objet: "x", carte: 1, ref: 2 } },
      ctx,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("unknown_field");
    expect(result.error.message.en).toBe('unknown fields "carte", "ref"');
  });

  it("keeps the first step's fields, normalised, none required yet; a hand-off's copy passes as it is", () => {
    const started = startCase(
      definition(),
      { requesterUserId: "u-req", data: { ram_go: "8,5" }, copied: { reference: "R-1" } },
      ctx,
    );
    expect(started.ok && started.state.data).toEqual({ reference: "R-1", ram_go: 8.5 });
  });
});
