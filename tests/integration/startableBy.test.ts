import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/testApp.js";

type Procedures = { items: Array<{ id: string; mayStart: boolean }> };
type ErrorBody = { error: { code: string } };

const SHUTDOWN = "douanes-s-arret-sydam";
const ANOMALY = "douanes-m-gestion-anomalies";
/** A customs usager (a declarant), and an agent of the Section Suivi des Applications. */
const USAGER = "USG0001";
const SSA_AGENT = "DGD0046";

/** Issue 16: the catalog's procedures declare who may start them, from the manuals. */
describe("who may start the catalog's procedures", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("refuses the SYDAM shutdown to a customs usager, and does not offer it to him", async () => {
    const list = await t.as(USAGER).get<Procedures>("/api/procedures?limit=200");
    expect(list.body.items.find((p) => p.id === SHUTDOWN)?.mayStart).toBe(false);
    const res = await t.as(USAGER).post<ErrorBody>("/api/cases", { procedureId: SHUTDOWN });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("not_allowed");
  });

  it("lets the usager report an anomaly, a request anyone in the organisation makes", async () => {
    const list = await t.as(USAGER).get<Procedures>("/api/procedures?limit=200");
    expect(list.body.items.find((p) => p.id === ANOMALY)?.mayStart).toBe(true);
    const res = await t.as(USAGER).post("/api/cases", { procedureId: ANOMALY });
    expect(res.status).toBe(201);
  });

  it("lets an agent of the Section Suivi des Applications ask for the shutdown", async () => {
    const list = await t.as(SSA_AGENT).get<Procedures>("/api/procedures?limit=200");
    expect(list.body.items.find((p) => p.id === SHUTDOWN)?.mayStart).toBe(true);
    const res = await t.as(SSA_AGENT).post("/api/cases", { procedureId: SHUTDOWN });
    expect(res.status).toBe(201);
  });
});
