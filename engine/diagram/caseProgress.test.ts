import { describe, expect, it } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import type { CaseEvent } from "../case/events.js";
import { caseProgress } from "./caseProgress.js";

const backups = definitionFromCatalog("douanes-d-sauvegarde-serveurs");

const entered = (stepId: string, tokenId: string): CaseEvent => ({
  type: "step_entered",
  stepId,
  tokenId,
  dueAt: null,
});
const completed = (stepId: string, tokenId: string, outcome: string | null = null): CaseEvent => ({
  type: "step_completed",
  stepId,
  tokenId,
  form: {},
  outcome,
  documents: {},
  checklist: [],
  missingChecklist: [],
  imputedUnit: null,
});

describe("a case's progress replayed from its events", () => {
  it("marks completed steps done, the waiting step current, and each flow taken once, loops included", () => {
    const events: CaseEvent[] = [
      { type: "case_started", data: {} },
      entered("reception-plan", "t1"),
      completed("reception-plan", "t1"),
      entered("execution", "t2"),
      completed("execution", "t2"),
      entered("verification", "t3"),
      completed("verification", "t3", "non"),
      entered("execution", "t4"),
      completed("execution", "t4"),
      entered("verification", "t5"),
      completed("verification", "t5", "oui"),
      entered("recuperation-supports", "t6"),
    ];
    expect(caseProgress(backups, events)).toEqual({
      done: ["reception-plan", "execution", "verification"],
      current: ["recuperation-supports"],
      taken: [
        ["start", "reception-plan"],
        ["reception-plan", "execution"],
        ["execution", "verification"],
        ["verification", "execution"],
        ["verification", "recuperation-supports"],
      ],
    });
  });

  it("leaves nothing current once the case has ended, and draws the flow into the end", () => {
    const events: CaseEvent[] = [
      { type: "case_started", data: {} },
      entered("externalisation", "t1"),
      completed("externalisation", "t1"),
      entered("archivage", "t2"),
      completed("archivage", "t2"),
      { type: "case_ended", outcome: "completed" },
    ];
    const progress = caseProgress(backups, events);
    expect(progress.current).toEqual([]);
    expect(progress.taken).toContainEqual(["archivage", "end:completed"]);
  });

  it("stops showing a step as current once it is sent back, and a cancelled case as waiting nowhere", () => {
    const events: CaseEvent[] = [
      { type: "case_started", data: {} },
      entered("reception-plan", "t1"),
      completed("reception-plan", "t1"),
      entered("execution", "t2"),
      {
        type: "sent_back",
        stepId: "execution",
        tokenId: "t2",
        toStepId: "reception-plan",
        reason: "incomplet",
      },
      entered("reception-plan", "t3"),
    ];
    expect(caseProgress(backups, events).current).toEqual(["reception-plan"]);
    const cancelled = caseProgress(backups, [
      ...events,
      { type: "cancelled", reason: "doublon" },
      { type: "case_ended", outcome: "cancelled" },
    ]);
    expect(cancelled.current).toEqual([]);
  });
});
