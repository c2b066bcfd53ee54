import { describe, expect, it } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { matrixLines, stepsByRole } from "./roleMatrix.js";

describe("the role matrix", () => {
  const def = definitionFromCatalog("douanes-e-compte-mail");

  it("gives each step the role and unit of its actor", () => {
    const steps = stepsByRole([def]);
    expect(steps).toHaveLength(def.steps.length);
    expect(steps).toContainEqual(
      expect.objectContaining({ procedureId: def.id, roleCode: "CB", unitCode: "BAS", relative: null }),
    );
  });

  it("lists, per role and step, the active holders in the step's unit only", () => {
    const lines = matrixLines({
      roles: [{ code: "CB", title: "Chef de Bureau", privileged: true }],
      steps: stepsByRole([def]).filter((s) => s.roleCode === "CB"),
      holders: [
        {
          roleCode: "CB",
          userId: crypto.randomUUID(),
          matricule: "DGD0020",
          name: "A",
          unitCode: "BAS",
          active: true,
        },
        {
          roleCode: "CB",
          userId: crypto.randomUUID(),
          matricule: "DGD0012",
          name: "B",
          unitCode: "BIT",
          active: true,
        },
        {
          roleCode: "CB",
          userId: crypto.randomUUID(),
          matricule: "DGD0098",
          name: "C",
          unitCode: "BAS",
          active: false,
        },
      ],
    });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.slice(0, 3)).toEqual(["CB", "Chef de Bureau", "true"]);
      expect(line.at(-1)).toBe("DGD0020");
    }
  });
});
