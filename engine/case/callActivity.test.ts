import { describe, expect, it } from "vitest";
import { calendarFor } from "../calendar/index.js";
import { type ProcedureDefinition, procedureDefinition } from "../definition/schema.js";
import { validateDefinition } from "../definition/validate.js";
import { checkForm } from "./formData.js";
import type { Actor, CaseState } from "./state.js";
import { act, startCase } from "./transitions.js";

const ctx = { now: new Date("2026-03-02T09:00:00Z"), calendar: calendarFor("CI") };
const SYSTEM: Actor = { userId: "system", actorCodes: [], system: true };

/** A project (I) whose step asks for an integration (Q) and waits for its end. */
function caller(call: Record<string, unknown> = {}, decide = true): ProcedureDefinition {
  return procedureDefinition.parse({
    id: "projet",
    title: "Projet",
    organisation: "test",
    source: { document: "Fixture" },
    version: 1,
    status: "in_force",
    registry: "P-{YYYY}-{seq:4}",
    actors: {
      EP: { title: "Équipe projet", role: "EP" },
      CB: { title: "CB BPDA", role: "CB", unit: "BPDA" },
      MS: { title: "Maître de stage", person: { field: "maitre" } },
    },
    start: "cadrage",
    steps: [
      {
        id: "cadrage",
        title: "Cadrage",
        actor: "EP",
        form: [{ id: "maitre", label: "Maître de stage", type: "person" }],
        next: "integration",
      },
      decide
        ? {
            id: "integration",
            title: "Demander l'intégration",
            actor: "CB",
            call: { procedure: "integration", copy: ["maitre"], ...call },
            decision: {
              question: "Intégration faite ?",
              outcomes: [
                { id: "faite", label: "OUI", next: "recette" },
                { id: "refusee", label: "NON", end: "rejected" },
              ],
            },
          }
        : {
            id: "integration",
            title: "Demander l'intégration",
            actor: "CB",
            call: { procedure: "integration", ...call },
            next: "recette",
          },
      { id: "recette", title: "Recette", actor: "MS", end: "completed" },
    ],
  });
}

const OUTCOMES = { completed: "faite", rejected: "refusee", cancelled: "refusee" };

function started(def: ProcedureDefinition): CaseState {
  const start = startCase(def, { requesterUserId: "demandeur" }, ctx);
  if (!start.ok) throw new Error(start.error.message.en);
  return start.state;
}

function completeFirst(def: ProcedureDefinition, state: CaseState) {
  const token = state.tokens[0]!;
  const actor: Actor = { userId: "agent-ep", actorCodes: ["EP"] };
  const done = act(
    def,
    state,
    actor,
    { type: "complete", tokenId: token.id, form: { maitre: "MS001" } },
    state.version,
    ctx,
  );
  if (!done.ok) throw new Error(done.error.message.en);
  return done;
}

describe("call activities", () => {
  it("starts the called procedure when the step is entered, names its actor as the asker, and waits", () => {
    const def = caller({ outcomes: OUTCOMES });
    const done = completeFirst(def, started(def));
    const call = done.events.find((e) => e.type === "call_started");
    expect(call).toMatchObject({
      procedureId: "integration",
      actorCode: "CB",
      wait: true,
      data: { maitre: "MS001" },
    });
    expect(done.state.tokens.map((t) => t.stepId)).toEqual(["integration"]);
    expect(done.state.actedBy).toEqual({ EP: "agent-ep" });
  });

  it("takes the called case's end as the step's outcome, through the mapping", () => {
    const def = caller({ outcomes: OUTCOMES });
    const waiting = completeFirst(def, started(def)).state;
    const token = waiting.tokens[0]!.id;
    const back = (outcome: "completed" | "rejected") =>
      act(
        def,
        waiting,
        SYSTEM,
        { type: "return_from_call", tokenId: token, calledCaseId: "q", outcome },
        waiting.version,
        ctx,
      );
    const ok = back("completed");
    expect(ok.ok && ok.state.tokens.map((t) => t.stepId)).toEqual(["recette"]);
    expect(ok.ok && ok.events.find((e) => e.type === "step_completed")).toMatchObject({ outcome: "faite" });
    const refused = back("rejected");
    expect(refused.ok && refused.state.status).toBe("rejected");
  });

  it("lets nobody but the system complete a step that waits for a called case", () => {
    const def = caller({ outcomes: OUTCOMES });
    const waiting = completeFirst(def, started(def)).state;
    const cb: Actor = { userId: "cb", actorCodes: ["CB"] };
    const res = act(
      def,
      waiting,
      cb,
      { type: "complete", tokenId: waiting.tokens[0]!.id, outcome: "faite" },
      waiting.version,
      ctx,
    );
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.code).toBe("wrong_actor");
  });

  it("moves on at once when the step does not wait", () => {
    const def = caller({ wait: false }, false);
    const done = completeFirst(def, started(def));
    expect(done.events.find((e) => e.type === "call_started")).toMatchObject({ wait: false });
    expect(done.state.tokens.map((t) => t.stepId)).toEqual(["recette"]);
  });

  it("lets the system cancel a called case whose caller ended", () => {
    const def = caller({ outcomes: OUTCOMES });
    const state = started(def);
    const res = act(
      def,
      state,
      SYSTEM,
      { type: "cancel", reason: "Dossier appelant annulé" },
      state.version,
      ctx,
    );
    expect(res.ok && res.state.status).toBe("cancelled");
  });

  it("refuses a waiting call whose decision has no outcome for an end of the called case", () => {
    const def = caller({ outcomes: { completed: "faite" } });
    const problems = validateDefinition(def);
    expect(problems.map((p) => p.path.join("."))).toEqual([
      "steps.1.call.outcomes.rejected",
      "steps.1.call.outcomes.cancelled",
    ]);
  });

  it("refuses a call that does not wait and has no next step, and a call on the first step", () => {
    const def = caller({ wait: false, outcomes: OUTCOMES });
    expect(validateDefinition(def).some((p) => p.path.join(".") === "steps.1.call.wait")).toBe(true);
    const first = { ...def, start: "integration" };
    expect(validateDefinition(first).some((p) => p.path.join(".") === "steps.1.call")).toBe(true);
  });
});

describe("actors bound to the case", () => {
  it("accepts a matricule in a person field and refuses anything else", () => {
    const field = { id: "maitre", label: "Maître de stage", type: "person" as const, required: true };
    expect(checkForm([field], { maitre: " MS001 " })).toEqual({ ok: true, values: { maitre: "MS001" } });
    const wrong = checkForm([field], { maitre: "Jean Dupont <jd>" });
    expect(!wrong.ok && wrong.error.code).toBe("invalid_field");
  });

  it("refuses an actor bound to a field that is not a person field, and a first step for a person not named yet", () => {
    const def = caller({ outcomes: OUTCOMES });
    const text = structuredClone(def);
    text.steps[0]!.form![0]!.type = "text";
    expect(validateDefinition(text).map((p) => p.path.join("."))).toContain("actors.MS.person.field");
    const first = structuredClone(def);
    first.steps[0]!.actor = "MS";
    expect(validateDefinition(first).map((p) => p.path.join("."))).toContain("steps.0.actor");
  });
});
