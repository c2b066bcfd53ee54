import { describe, expect, it } from "vitest";
import type { ProcedureDefinition } from "./schema.js";
import { mayStart, type Starter, startRuleOf } from "./startRule.js";

function definition(
  overrides: Partial<ProcedureDefinition>,
  firstActor: ProcedureDefinition["actors"][string],
) {
  return {
    id: "p",
    title: "P",
    organisation: "o",
    source: { document: "Manuel" },
    version: 1,
    status: "in_force",
    reconstructed: false,
    registry: "P-{seq}",
    actors: { FIRST: firstActor },
    start: "s1",
    steps: [{ id: "s1", title: "Faire", actor: "FIRST", end: "completed" }],
    ...overrides,
  } as ProcedureDefinition;
}

function starter(roles: Array<[string, string | null]>, units: string[] = [], isAdmin = false): Starter {
  return { isAdmin, roles: roles.map(([role, unit]) => ({ role, unit })), unitsAndAbove: new Set(units) };
}

describe("who may open a case", () => {
  it("lets anyone holding a role open an undeclared procedure, not someone without one", () => {
    const rule = startRuleOf(definition({}, { title: "Administrateur système", role: "ASYS", unit: "SDI" }));
    expect(mayStart(rule, starter([["USAGER", "X"]]))).toBe(true);
    expect(mayStart(rule, starter([]))).toBe(false);
  });

  it("admits the holders of a declared role in its unit, and the alternatives of a list", () => {
    const rule = startRuleOf(
      definition(
        { startableBy: { roles: [{ role: "ASYS", unit: "SDI" }, { role: "CS" }] } },
        { title: "Administrateur système", role: "ASYS", unit: "SDI" },
      ),
    );
    expect(mayStart(rule, starter([["ASYS", "SDI"]]))).toBe(true);
    expect(mayStart(rule, starter([["ASYS", "AUTRE"]]))).toBe(false);
    expect(mayStart(rule, starter([["CS", "B1"]]))).toBe(true);
    expect(mayStart(rule, starter([["USAGER", "SDI"]]))).toBe(false);
  });

  it("follows a declared rule over the first actor: a unit admits the units below it", () => {
    const rule = startRuleOf(
      definition({ startableBy: { units: ["DSI"] } }, { title: "Demandeur", relative: "requester" }),
    );
    expect(mayStart(rule, starter([["AGENT", "BUREAU"]], ["BUREAU", "SD", "DSI"]))).toBe(true);
    expect(mayStart(rule, starter([["AGENT", "DRH"]], ["DRH"]))).toBe(false);
  });

  it("lets an administrator open any procedure, and a public-only one no one else", () => {
    const rule = startRuleOf(
      definition(
        {
          startableBy: {
            public: { emailVerification: false, stepTitles: true, documentTypes: ["pdf"], maxDocumentMB: 5 },
          },
        },
        { title: "Secrétaire", role: "SEC" },
      ),
    );
    expect(rule.public).toBe(true);
    expect(mayStart(rule, starter([["SEC", "X"]]))).toBe(false);
    expect(mayStart(rule, starter([], [], true))).toBe(true);
  });
});
