import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseView } from "../../shared/api/cases.js";
import { anyUserOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

const MAIL = "douanes-e-compte-mail";
type ErrorBody = { error: { code: string; message: { fr: string; en: string }; target?: string } };

/** Issue 17 item 10: data given at a case's start is checked against the first step's form. */
describe("data given when a case starts", () => {
  let t: TestApp;
  let requester: string;
  beforeAll(async () => {
    t = await createTestApp();
    requester = await anyUserOf(t.database, "douanes", "BAS");
  });
  afterAll(async () => {
    await t.close();
  });

  it("refuses fields of later steps and unknown keys with a 422 naming each of them", async () => {
    const res = await t.as(requester).post<ErrorBody>("/api/cases", {
      procedureId: MAIL,
      data: { nom: "BAMBA", adresse_mail: "aya@douanes.example.ci", carte_acces: true },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("unknown_field");
    expect(res.body.error.message.en).toContain('"adresse_mail"');
    expect(res.body.error.message.en).toContain('"carte_acces"');
    expect(res.body.error.message.fr).toContain("« carte_acces »");
  });

  it("refuses a first-step field of the wrong type", async () => {
    const res = await t.as(requester).post<ErrorBody>("/api/cases", { procedureId: MAIL, data: { nom: 42 } });
    expect(res.status).toBe(422);
    expect(res.body.error.target).toBe("nom");
  });

  it("keeps the first step's fields given in advance, none of them required yet", async () => {
    const res = await t.as(requester).post<CaseView>("/api/cases", {
      procedureId: MAIL,
      data: { nom: "  BAMBA " },
    });
    expect(res.status).toBe(201);
    const read = await t.as(requester).get<{ data: Record<string, unknown> }>(`/api/cases/${res.body.id}`);
    expect(read.body.data).toEqual({ nom: "BAMBA" });
  });
});
