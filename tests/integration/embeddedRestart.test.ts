import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prepareDatabase } from "../../server/bootstrap.js";
import { startCase } from "../../server/commands/caseStarter.js";
import { inOperation } from "../../server/context/operationContext.js";
import { findCase } from "../../server/db/queries/cases.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { anyUserOf } from "../support/people.js";
import { MONDAY_MORNING } from "../support/testApp.js";

describe("the embedded database", () => {
  const dir = mkdtempSync(join(tmpdir(), "logigramme-restart-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps cases across a restart, and a second start migrates and loads nothing twice", async () => {
    const first = await prepareDatabase({ kind: "pglite", dataDir: dir });
    const matricule = await anyUserOf(first, "douanes");
    const user = (await findUserByMatricule(first.db, matricule))!;
    const created = await inOperation(
      first.db,
      {
        organisation: "douanes",
        caller: { kind: "system", job: "test", jobId: "restart" },
        now: MONDAY_MORNING,
      },
      (ctx) =>
        startCase(ctx, { procedureId: "douanes-d-sauvegarde-serveurs", requester: { userId: user.id } }),
    );
    await first.close();

    const second = await prepareDatabase({ kind: "pglite", dataDir: dir });
    const found = await findCase(second.db, created.id);
    expect(found?.registryNumber).toBe(created.registryNumber);
    expect(found?.headHash).toBe(created.headHash);
    await second.close();
  });
});
