import { describe, expect, it } from "vitest";
import { calendarFor } from "../calendar/index.js";
import { fromLocal } from "../calendar/timeZone.js";
import { type ProcedureDefinition, procedureDefinition } from "../definition/schema.js";
import { validateDefinition } from "../definition/validate.js";
import type { Actor } from "./state.js";
import { isExpired, latestOccurrence, revisionNotice, stepMilestones } from "./timing.js";
import { act, startCase } from "./transitions.js";

const abidjan = calendarFor("CI");
const rabat = calendarFor("MA");
/**
 * A wall-clock time in Rabat as an instant. Morocco's offset in 2027 is a forecast that tz
 * releases have changed (UTC+1 in 2025c, UTC+0 in 2026c): the plan is asserted in local time.
 */
const inRabat = (date: string, hhmm: string) =>
  fromLocal(
    { date, minutes: Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) },
    "Africa/Casablanca",
  ).toISOString();

function definition(overrides: Partial<ProcedureDefinition> = {}): ProcedureDefinition {
  return procedureDefinition.parse({
    id: "suivi",
    title: "Suivi d'une commande",
    organisation: "test",
    source: { document: "Fixture" },
    version: 1,
    status: "in_force",
    registry: "S-{YYYY}-{seq:4}",
    actors: { AG: { title: "Agent" }, CH: { title: "Chef" } },
    start: "saisie",
    steps: [
      {
        id: "saisie",
        title: "Saisie",
        actor: "AG",
        form: [
          { id: "livraison", label: "Date de livraison prévue", type: "date", required: true },
          { id: "courriel", label: "Courriel du fournisseur", type: "email" },
        ],
        next: "suivi",
      },
      {
        id: "suivi",
        title: "Suivi",
        actor: "AG",
        deadline: { fromField: "livraison" },
        reminders: [{ before: { businessDays: 1 } }],
        escalation: {
          after: { businessDays: 2 },
          to: "manager",
          message: { to: [{ field: "courriel" }], subject: "Relance", body: "Commande {{case.number}}" },
          times: 2,
          outcome: "annulee",
        },
        decision: {
          question: "Livrée ?",
          outcomes: [
            { id: "oui", label: "Oui", next: "attente" },
            { id: "annulee", label: "Annulée", end: "cancelled" },
          ],
        },
      },
      { id: "attente", title: "Attente", actor: "CH", wait: { businessDays: 1 }, next: "avis" },
      {
        id: "avis",
        title: "Avis",
        actor: "CH",
        notify: {
          to: [{ actor: "CH" }],
          cc: [{ address: "copie@example.org" }],
          subject: "Fin",
          body: "Fini",
        },
        end: "completed",
      },
    ],
    ...overrides,
  });
}

const person: Actor = { userId: "u1", actorCodes: ["AG", "CH"] };
const system: Actor = { userId: "system", actorCodes: [], system: true };

describe("reminders and escalations in the working calendar", () => {
  // Monday 17 May 2027 is a holiday in both countries (Whit Monday; Eid al-Adha).
  const token = { id: "t", stepId: "suivi", enteredAt: "2027-05-10T09:00:00Z", assigneeUserId: null };
  const step = definition().steps[1]!;

  it("reminds the working day before a Friday due date and escalates on the Tuesday after a holiday Monday, in Abidjan", () => {
    const due = "2027-05-14T16:30:00.000Z";
    const plan = stepMilestones(abidjan, step, { ...token, dueAt: due });
    expect(plan.map((m) => [m.kind, m.at.toISOString()])).toEqual([
      ["reminder", "2027-05-13T07:30:00.000Z"],
      ["escalation", "2027-05-19T07:30:00.000Z"],
      ["escalation", "2027-05-21T07:30:00.000Z"],
      ["outcome", "2027-05-25T07:30:00.000Z"],
    ]);
  });

  it("counts Rabat's days and hours (08:30 local time; Eid al-Adha takes Monday and Tuesday)", () => {
    const plan = stepMilestones(rabat, step, { ...token, dueAt: inRabat("2027-05-14", "16:30") });
    expect(plan.map((m) => m.at.toISOString())).toEqual([
      inRabat("2027-05-13", "08:30"),
      inRabat("2027-05-20", "08:30"),
      inRabat("2027-05-24", "08:30"),
      inRabat("2027-05-26", "08:30"),
    ]);
  });

  it("counts Easter Monday in Abidjan but not in Rabat", () => {
    const once = procedureDefinition.parse({
      ...definition(),
      steps: definition().steps.map((s) =>
        s.id === "suivi" ? { ...s, escalation: { after: { businessDays: 1 }, to: "manager" } } : s,
      ),
    }).steps[1]!;
    const friday = { ...token, enteredAt: "2026-03-30T09:00:00Z" };
    expect(stepMilestones(abidjan, once, { ...friday, dueAt: "2026-04-03T16:30:00Z" }).at(-1)?.at).toEqual(
      new Date("2026-04-07T07:30:00Z"),
    );
    expect(stepMilestones(rabat, once, { ...friday, dueAt: "2026-04-03T15:30:00Z" }).at(-1)?.at).toEqual(
      new Date("2026-04-06T07:30:00Z"),
    );
  });

  it("drops a reminder that would fall before the step was entered", () => {
    const late = { ...token, enteredAt: "2027-05-13T10:00:00Z", dueAt: "2027-05-14T16:30:00Z" };
    expect(stepMilestones(abidjan, step, late)[0]?.kind).toBe("escalation");
  });
});

describe("time in the engine's transitions", () => {
  const ctx = (now: string) => ({ now: new Date(now), calendar: abidjan });

  it("takes a délai from a date entered earlier, and only the system reminds, escalates and takes the final outcome", () => {
    const def = definition();
    const started = startCase(def, { requesterUserId: "u1" }, ctx("2027-05-10T09:00:00Z"));
    if (!started.ok) throw new Error("start");
    const filled = act(
      def,
      started.state,
      person,
      { type: "complete", tokenId: started.state.tokens[0]!.id, form: { livraison: "2027-05-14" } },
      1,
      ctx("2027-05-10T10:00:00Z"),
    );
    if (!filled.ok) throw new Error(JSON.stringify(filled.error));
    const waiting = filled.state.tokens[0]!;
    expect(waiting.dueAt).toBe("2027-05-14T16:30:00.000Z");

    const byPerson = act(
      def,
      filled.state,
      person,
      { type: "remind", tokenId: waiting.id, index: 0 },
      2,
      ctx("2027-05-13T07:30:00Z"),
    );
    expect(byPerson.ok).toBe(false);

    const escalated = act(
      def,
      filled.state,
      system,
      { type: "escalate", tokenId: waiting.id, round: 1, toUserId: "chef", message: null },
      2,
      ctx("2027-05-19T07:30:00Z"),
    );
    if (!escalated.ok) throw new Error("escalate");
    expect(escalated.state.tokens[0]!.assigneeUserId).toBe("chef");
    expect(escalated.events.map((e) => e.type)).toEqual(["escalated", "reassigned"]);

    const cancelled = act(
      def,
      escalated.state,
      system,
      { type: "complete", tokenId: waiting.id, outcome: "annulee" },
      3,
      ctx("2027-05-25T07:30:00Z"),
    );
    if (!cancelled.ok) throw new Error("outcome");
    expect(cancelled.state.status).toBe("cancelled");
  });

  it("lets nobody but the system do a timer or a message step", () => {
    const def = definition({ start: "attente" });
    const started = startCase(def, { requesterUserId: "u1" }, ctx("2027-05-10T09:00:00Z"));
    if (!started.ok) throw new Error("start");
    const timer = started.state.tokens[0]!;
    expect(timer.dueAt).toBe("2027-05-11T16:30:00.000Z");
    const tokenId = timer.id;
    expect(
      act(def, started.state, person, { type: "complete", tokenId }, 1, ctx("2027-05-12T09:00:00Z")).ok,
    ).toBe(false);
    const woken = act(
      def,
      started.state,
      system,
      { type: "run_system_step", tokenId, message: null },
      1,
      ctx("2027-05-12T09:00:00Z"),
    );
    if (!woken.ok) throw new Error("wake");
    const notice = woken.state.tokens[0]!;
    expect(notice.stepId).toBe("avis");
    const sent = act(
      def,
      woken.state,
      system,
      {
        type: "run_system_step",
        tokenId: notice.id,
        message: { to: ["Chef"], cc: ["copie@example.org"], subject: "Fin" },
      },
      2,
      ctx("2027-05-12T09:01:00Z"),
    );
    if (!sent.ok) throw new Error("send");
    expect(sent.events.map((e) => e.type)).toEqual(["message_sent", "step_completed", "case_ended"]);
  });
});

describe("checks of the timing in a definition", () => {
  it("refuses an outcome the step does not have, a délai from a field that is not a date, and a recipient field that is not an e-mail", () => {
    const def = definition();
    const broken = procedureDefinition.parse({
      ...def,
      steps: def.steps.map((s) =>
        s.id === "suivi"
          ? {
              ...s,
              deadline: { fromField: "courriel" },
              escalation: {
                ...s.escalation,
                outcome: "nulle",
                message: { ...s.escalation!.message, to: [{ field: "livraison" }] },
              },
            }
          : s,
      ),
    });
    const paths = validateDefinition(broken)
      .filter((p) => p.code === "timing")
      .map((p) => p.path.join("."));
    expect(paths).toEqual([
      "steps.1.deadline",
      "steps.1.escalation.message.to.0.field",
      "steps.1.escalation.outcome",
    ]);
    expect(validateDefinition(def)).toEqual([]);
  });
});

describe("recurrences", () => {
  it("runs every working day at 20:00 and skips the holiday", () => {
    const rec = { every: "working_day" as const, at: "20:00", catchUp: "once" as const };
    // Monday 17 May 2027, 21:00 in Abidjan: a holiday, so the last run was Friday's.
    expect(latestOccurrence(rec, abidjan, new Date("2027-05-17T21:00:00Z"))).toEqual(
      new Date("2027-05-14T20:00:00Z"),
    );
    expect(latestOccurrence(rec, abidjan, new Date("2027-05-18T20:00:00Z"))).toEqual(
      new Date("2027-05-18T20:00:00Z"),
    );
  });

  it("runs on the first working day of January, and on dates of the year moved to the next working day", () => {
    const january = {
      every: "first_working_day_of_month" as const,
      months: [1],
      at: "08:00",
      catchUp: "once" as const,
    };
    // 1 January is a holiday and 2–3 January 2027 a weekend: Monday the 4th.
    expect(latestOccurrence(january, abidjan, new Date("2027-06-01T00:00:00Z"))).toEqual(
      new Date("2027-01-04T08:00:00Z"),
    );
    const dates = { dates: ["06-30", "12-31"], at: "18:00", catchUp: "skip" as const };
    expect(latestOccurrence(dates, abidjan, new Date("2027-03-01T00:00:00Z"))).toEqual(
      new Date("2026-12-31T18:00:00Z"),
    );
  });
});

describe("the manual's lifecycle", () => {
  it("gives notice six months before the revision date, and is « expirée » after it", () => {
    const def = definition({
      actors: { AG: { title: "Agent" }, CH: { title: "Chef" } },
      revisionDate: "2027-11-15",
      revision: { procedure: "revision", owner: "CH", noticeMonths: 6 },
    });
    expect(revisionNotice(def, abidjan)).toEqual(new Date("2027-05-18T07:30:00Z"));
    expect(isExpired(def, "2027-11-15")).toBe(false);
    expect(isExpired(def, "2027-11-16")).toBe(true);
  });
});
