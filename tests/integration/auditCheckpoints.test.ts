import { createPublicKey } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { exportAuditCheckpoints } from "../../cli/commands/auditCheckpoints.js";
import { coveragePaths } from "../../engine/definition/coveragePaths.js";
import { loadCheckpointKey } from "../../server/audit/checkpointKey.js";
import {
  type SignedCheckpoint,
  takeAuditCheckpoint,
  verifyCheckpoints,
} from "../../server/audit/checkpoints.js";
import { verifyAudit } from "../../server/audit/verifyAudit.js";
import { listAuditCheckpoints } from "../../server/db/queries/auditCheckpoints.js";
import { rowsOf } from "../../server/db/rows.js";
import { jobSchedules } from "../../server/jobs/registry.js";
import { proceduresFolder } from "../../server/paths.js";
import { rewriteCaseChain } from "../support/chainRewrite.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { walkPath } from "../support/walker.js";

const def = loadCatalog([proceduresFolder()]).definitions.find(
  (e) => e.definition.id === "douanes-d-sauvegarde-serveurs",
)!.definition;

describe("signed checkpoints of the audit chains", () => {
  let t: TestApp;
  let keyDir: string;
  const saved = process.env.AUDIT_SIGNING_KEY_FILE;
  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), "logigramme-key-"));
    process.env.AUDIT_SIGNING_KEY_FILE = join(keyDir, "audit-signing-key.pem");
    t = await createTestApp();
    await walkPath(t, def, coveragePaths(def)[0]!);
  });
  afterAll(async () => {
    await t.close();
    if (saved === undefined) delete process.env.AUDIT_SIGNING_KEY_FILE;
    else process.env.AUDIT_SIGNING_KEY_FILE = saved;
    rmSync(keyDir, { recursive: true, force: true });
  });

  it("refuses TRUNCATE on every append-only audit table", async () => {
    for (const table of ["security_events", "events", "register_entry_events", "audit_checkpoints"]) {
      // The driver's error wraps the database's, which names the refusal.
      await expect(t.database.db.execute(sql.raw(`truncate ${table} cascade`))).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/append-only \(TRUNCATE refused\)/) },
      });
    }
    const left = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from security_events`),
    );
    expect(left[0]!.n).toBeGreaterThan(0);
  });

  it("takes a checkpoint every hour in each organisation", () => {
    expect(jobSchedules.find((s) => s.job.name === "audit.checkpoint")).toMatchObject({
      scope: "organisation",
      cron: "15 * * * *",
    });
  });

  it("detects a case chain rewritten and recomputed end to end, from an export kept outside", async () => {
    const db = t.database.db;
    const key = loadCheckpointKey();
    await takeAuditCheckpoint(db, "douanes", t.clock.now(), key);
    t.clock.advanceHours(1);
    await takeAuditCheckpoint(db, "douanes", t.clock.now(), key);
    // The auditor's copy, written to a file and read back elsewhere.
    const exported = JSON.parse(JSON.stringify(await exportAuditCheckpoints(db, "douanes"))) as {
      publicKey: string;
      checkpoints: SignedCheckpoint[];
    };
    const offlineKey = createPublicKey(exported.publicKey);
    expect((await verifyCheckpoints(db, exported.checkpoints, offlineKey)).problems).toEqual([]);

    // An attacker with write access to the database rewrites a case's history and recomputes
    // every hash after it, and the head kept on the case row.
    const [victim] = rowsOf<{ case_id: string }>(
      await db.execute(sql`select case_id from events where organisation = 'douanes' and seq = 3 limit 1`),
    );
    const caseId = victim!.case_id;
    await rewriteCaseChain(db, caseId, 2);

    // The chain alone cannot tell: it was recomputed.
    expect((await verifyAudit(db, "douanes")).broken).toEqual([]);
    // The signed checkpoints can, the database's own and the exported copy alike.
    const offline = await verifyCheckpoints(db, exported.checkpoints, offlineKey);
    expect(offline.problems).toContainEqual(
      expect.objectContaining({ reason: "case_rewritten", chainId: caseId, organisation: "douanes" }),
    );
    const stored = (await listAuditCheckpoints(db, "douanes")).map((row) => ({
      id: row.id,
      organisation: row.organisation,
      takenAt: row.takenAt.toISOString(),
      heads: row.heads as unknown as SignedCheckpoint["heads"],
      keyId: row.keyId,
      signature: row.signature,
    }));
    expect((await verifyCheckpoints(db, stored, key.publicKey)).problems.map((p) => p.reason)).toContain(
      "case_rewritten",
    );
  });

  it("refuses a checkpoint forged without the key, or whose heads were edited", async () => {
    const db = t.database.db;
    const key = loadCheckpointKey();
    const [genuine] = (await exportAuditCheckpoints(db, "douanes")).checkpoints;
    const edited: SignedCheckpoint = {
      ...genuine!,
      heads: { ...genuine!.heads, cases: [] },
    };
    const result = await verifyCheckpoints(db, [edited], key.publicKey);
    expect(result.problems.map((p) => p.reason)).toEqual(["bad_signature"]);
    const otherKey = loadCheckpointKey({ AUDIT_SIGNING_KEY_FILE: join(keyDir, "attacker.pem") });
    const byAttacker = await takeAuditCheckpoint(db, "douanes", t.clock.now(), otherKey);
    expect((await verifyCheckpoints(db, [byAttacker], key.publicKey)).problems.map((p) => p.reason)).toEqual([
      "unknown_key",
    ]);
  });
});
