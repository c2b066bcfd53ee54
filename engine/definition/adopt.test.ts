import { describe, expect, it } from "vitest";
import { adoptDefinition, adoptedId } from "./adopt.js";
import { procedureDefinition } from "./schema.js";

const adoption = { organisation: "sante", from: "mffe", on: "2026-12-02" };

const source = procedureDefinition.parse({
  id: "mffe-courrier-externe",
  title: "Courrier externe",
  organisation: "mffe",
  source: { document: "Manuel" },
  version: 3,
  status: "in_force",
  registry: "CE-{YYYY}-{seq:5}",
  actors: { SEC: { title: "Secrétaire", role: "SECRETAIRE" } },
  start: "reception",
  revision: { procedure: "mffe-revision-diffusion", owner: "SEC" },
  steps: [
    {
      id: "reception",
      title: "Réception",
      actor: "SEC",
      handoff: { procedure: "mffe-courrier-interne" },
      next: "fin",
    },
    { id: "fin", title: "Classement", actor: "SEC", end: "completed" },
  ],
  history: [{ version: "02", description: "Deuxième révision" }],
  documentTemplates: [{ document: "accuse", step: "reception", template: "accuse-reception" }],
});

describe("adopting another organisation's procedure", () => {
  it("renames the source organisation's prefix and leaves other ids alone", () => {
    expect(adoptedId("mffe-courrier-externe", adoption)).toBe("sante-courrier-externe");
    expect(adoptedId("courrier-externe", adoption)).toBe("courrier-externe");
    expect(adoptedId("mffetest", adoption)).toBe("mffetest");
  });

  it("makes a first draft of the adopting organisation, its hand-offs and revision pointing at the adopted copies", () => {
    const draft = adoptDefinition(source, adoption);
    expect(draft).toMatchObject({
      id: "sante-courrier-externe",
      organisation: "sante",
      version: 1,
      status: "draft",
      revision: { procedure: "sante-revision-diffusion", owner: "SEC" },
    });
    expect(draft.steps[0]!.handoff?.procedure).toBe("sante-courrier-interne");
    expect(draft.history).toEqual([
      {
        version: "00",
        definitionVersion: 1,
        date: "2026-12-02",
        description: "Reprise de « mffe-courrier-externe » version 3 de l'organisation mffe",
      },
    ]);
    // Templates are the source organisation's files.
    expect(draft.documentTemplates).toBeUndefined();
    // Still a valid definition.
    expect(procedureDefinition.safeParse(draft).success).toBe(true);
  });
});
