import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anyUserOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

/** A letter's sender has no account: the secretary opens the case for them, and the register names them. */
describe("a requester without an account", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("is kept on the case and shown in the register and its export", async () => {
    const secretary = await anyUserOf(t.database, "douanes", "BAS");
    const started = await t.as(secretary).post<{
      id: string;
      registryNumber: string;
      requester: { id: string | null; name: string; external: { company?: string } | null };
    }>("/api/cases", {
      procedureId: "douanes-e-compte-mail",
      externalRequester: {
        name: "Aya N'GUESSAN",
        email: "aya@exemple.ci",
        company: "Transit Lagunaire SARL",
      },
    });
    expect(started.status).toBe(201);
    expect(started.body.requester).toMatchObject({
      id: null,
      name: "Aya N'GUESSAN",
      external: { company: "Transit Lagunaire SARL" },
    });

    const listed = await t
      .as(secretary)
      .get<{ items: Array<{ id: string; requesterName: string }> }>(
        `/api/cases?registryNumber=${encodeURIComponent(started.body.registryNumber)}`,
      );
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: started.body.id,
        requesterName: "Aya N'GUESSAN (Transit Lagunaire SARL)",
      }),
    ]);

    const exported = await t
      .as(secretary)
      .get(`/api/cases/export?format=csv&registryNumber=${encodeURIComponent(started.body.registryNumber)}`);
    expect(exported.status).toBe(200);
    expect(exported.bytes.toString("utf8")).toContain("Aya N'GUESSAN (Transit Lagunaire SARL)");
  });

  it("refuses a sender without a name", async () => {
    const secretary = await anyUserOf(t.database, "douanes", "BAS");
    const refused = await t.as(secretary).post("/api/cases", {
      procedureId: "douanes-e-compte-mail",
      externalRequester: { name: " ", email: "aya@exemple.ci" },
    });
    expect(refused.status).toBe(422);
  });
});
