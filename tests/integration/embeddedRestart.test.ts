import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prepareDatabase } from "../../server/bootstrap.js";
import { startCase } from "../../server/commands/caseStarter.js";
import { findCase } from "../../server/db/queries/cases.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { anyUserOf } from "../support/people.js";

describe("the embedded database", () => {
  const dir = mkdtempSync(join(tmpdir(), "logigramme-restart-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps cases across a restart, and a second start migrates and loads nothing twice", async () => {
    const first = await prepareDatabase({ kind: "pglite", dataDir: dir });
    const matricule = await anyUserOf(first, "douanes");
    const user = (await findUserByMatricule(first.db, matricule))!;
    const created = await startCase(
      first.db,
      { procedureId: "douanes-d-sauvegarde-serveurs", requesterId: user.id },
      new Date("2026-03-02T09:00:00Z"),
    );
    await first.close();

    const second = await prepareDatabase({ kind: "pglite", dataDir: dir });
    const found = await findCase(second.db, created.id);
    expect(found?.registryNumber).toBe(created.registryNumber);
    expect(found?.headHash).toBe(created.headHash);
    await second.close();
  });
});
