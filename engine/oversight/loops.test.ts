import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { proceduresFolder } from "../../server/paths.js";
import { loopOutcomes } from "./loops.js";

const catalog = loadCatalog([proceduresFolder()]);
const definition = (id: string) => catalog.definitions.find((d) => d.definition.id === id)!.definition;

describe("the NON loops of a logigramme", () => {
  it("finds the outcomes that send the case back to a step already passed, and only those", () => {
    expect(loopOutcomes(definition("mffe-courrier-interne"))).toEqual([
      { stepId: "appreciation-directeur", outcomeId: "non", to: "redaction" },
      { stepId: "appreciation-cabinet", outcomeId: "non", to: "redaction" },
    ]);
  });

  it("finds none in a procedure whose decisions only go forward", () => {
    expect(loopOutcomes(definition("douanes-e-compte-mail"))).toEqual([]);
  });
});
