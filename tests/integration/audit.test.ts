import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { coveragePaths } from "../../engine/definition/coveragePaths.js";
import { verifySecurityTrail } from "../../server/audit/securityTrail.js";
import { verifyAudit } from "../../server/audit/verifyAudit.js";
import { rowsOf } from "../../server/db/rows.js";
import { proceduresFolder } from "../../server/paths.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { walkPath } from "../support/walker.js";

const def = loadCatalog([proceduresFolder()]).definitions.find(
  (e) => e.definition.id === "douanes-d-sauvegarde-serveurs",
)!.definition;

describe("the audit trail", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    for (const path of coveragePaths(def)) await walkPath(t, def, path);
  });
  afterAll(async () => {
    await t.close();
  });

  it("verifies intact chains", async () => {
    const report = await verifyAudit(t.database.db);
    expect(report.casesChecked).toBeGreaterThanOrEqual(2);
    expect(report.eventsChecked).toBeGreaterThan(10);
    expect(report.broken).toEqual([]);
  });

  it("refuses to update or delete an event through the application's connection", async () => {
    await expect(t.database.db.execute(sql`update events set type = 'x' where seq = 1`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from events where seq = 1`)).rejects.toThrow();
  });

  it("names the first broken link when a stored event is edited behind the trigger's back", async () => {
    const db = t.database.db;
    await db.execute(sql`alter table events disable trigger events_append_only`);
    try {
      const target = rowsOf<{ case_id: string }>(
        await db.execute(sql`select case_id, seq from events where seq = 3 order by id limit 1`),
      );
      const caseId = target[0]!.case_id;
      await db.execute(
        sql`update events set payload = jsonb_set(payload, '{form}', '{"perimetre":"falsifié"}') where case_id = ${caseId} and seq = 3`,
      );
      const report = await verifyAudit(db);
      expect(report.broken).toEqual([expect.objectContaining({ caseId, seq: 3, reason: "hash_mismatch" })]);

      // Deleting the tail is caught by the head kept on the case row.
      await db.execute(sql`delete from events where case_id = ${caseId} and seq = 3`);
      await db.execute(
        sql`delete from events where case_id = (select case_id from events where case_id <> ${caseId} order by id limit 1)
            and seq = (select max(seq) from events e where e.case_id = events.case_id)`,
      );
      const after = await verifyAudit(db);
      expect(after.broken.map((b) => b.reason).sort()).toEqual(["sequence_gap", "tail_mismatch"]);
    } finally {
      await db.execute(sql`alter table events enable trigger events_append_only`);
    }
  });

  it("chains the security trail and names the first edited event of an organisation", async () => {
    const db = t.database.db;
    await t.anonymous.post("/api/session", { matricule: "DGD0012", password: "pas-le-bon" });
    await t.anonymous.post("/api/session", { matricule: "PERSONNE", password: "pas-le-bon" });
    const intact = await verifySecurityTrail(db);
    expect(intact.checked).toBeGreaterThan(3);
    expect(intact.broken).toEqual([]);

    await expect(db.execute(sql`delete from security_events`)).rejects.toThrow();
    await db.execute(sql`alter table security_events disable trigger security_events_append_only`);
    try {
      const target = rowsOf<{ id: number }>(
        await db.execute(
          sql`select id from security_events where organisation = 'douanes' and type = 'login_failed' order by id limit 1`,
        ),
      );
      await db.execute(
        sql`update security_events set payload = '{"reason":"rien"}' where id = ${target[0]!.id}`,
      );
      const report = await verifySecurityTrail(db);
      expect(report.broken).toEqual([
        { organisation: "douanes", id: Number(target[0]!.id), reason: "hash_mismatch" },
      ]);
    } finally {
      await db.execute(sql`alter table security_events enable trigger security_events_append_only`);
    }
  });
});
