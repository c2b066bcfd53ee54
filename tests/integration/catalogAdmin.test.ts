import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportBpmn } from "../../engine/bpmn/export.js";
import { parseDefinition } from "../../engine/definition/parse.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

type Problem = {
  code: string;
  message: { fr: string; en: string };
  line: number | null;
  column: number | null;
  element: string | null;
};
type Refusal = { error: { code: string; message: { fr: string; en: string } }; problems: Problem[] };
type ErrorBody = { error: { code: string; message: { fr: string; en: string } } };
type Version = { version: number; status: string; loadedAt: string };

const ADMIN = "DGD0099";
/** An agent of the Bureau Administration Système, whom the procedure lets open a case. */
const REQUESTER = "DGD0021";
const PROCEDURE = "douanes-e-compte-mail";
const ORIGINAL = readFileSync("procedures/douanes/e-compte-mail.yaml", "utf8");
/** The procedure under another version number, with the history line every version must have. */
/** The catalog's version of the procedure, in force when the tests begin; NEXT, the one they import. */
const LOADED = Number(/^version: (\d+)$/m.exec(ORIGINAL)?.[1]);
const NEXT = LOADED + 1;
const withVersion = (version: number, text = ORIGINAL) =>
  `${text.replace(/^version: \d+$/m, `version: ${version}`)}  - { version: "2", definitionVersion: ${version}, description: Version ${version} des essais }\n`;

describe("catalog administration", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const versions = async () =>
    (await t.as(ADMIN).get<{ versions: Version[] }>(`/api/procedures/${PROCEDURE}/versions`)).body.versions;

  it("is for administrators only", async () => {
    const res = await t
      .as(REQUESTER)
      .post<ErrorBody>("/api/procedures/import", { format: "yaml", content: withVersion(NEXT) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    const list = await t.as(REQUESTER).get<ErrorBody>(`/api/procedures/${PROCEDURE}/versions`);
    expect(list.status).toBe(403);
  });

  it("reports every problem of a wrong definition with its line and column, in French and English", async () => {
    const broken = withVersion(NEXT)
      .replace("next: verification-references", "next: etape-inexistante")
      .replace("role: CB\n    unit: BAS", "role: CB\n    unit: UNITE_INCONNUE");
    const res = await t
      .as(ADMIN)
      .post<Refusal>("/api/procedures/import", { format: "yaml", content: broken });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("invalid_definition");
    const target = res.body.problems.find((p) => p.code === "missing_target");
    const line = ORIGINAL.split("\n").findIndex((l) => l.includes("next: verification-references")) + 1;
    expect(target?.line).toBe(line);
    expect(target?.column).toBeGreaterThan(0);
    expect(target?.message.fr).toContain("etape-inexistante");
    expect(target?.message.en).toContain("etape-inexistante");

    const unknownUnit = await t.as(ADMIN).post<Refusal>("/api/procedures/import", {
      format: "yaml",
      content: withVersion(NEXT).replace("role: CB\n    unit: BAS", "role: CB\n    unit: UNITE_INCONNUE"),
    });
    expect(unknownUnit.status).toBe(422);
    expect(unknownUnit.body.problems.map((p) => p.code)).toContain("unknown_unit");
    expect(unknownUnit.body.problems[0]!.line).not.toBeNull();

    const syntax = await t
      .as(ADMIN)
      .post<Refusal>("/api/procedures/import", { format: "yaml", content: "id: [x" });
    expect(syntax.body.problems[0]!.code).toBe("yaml_syntax");
  });

  it("refuses a changed content under an existing version number, and a version below the latest", async () => {
    const same = await t
      .as(ADMIN)
      .post<ErrorBody>("/api/procedures/import", { format: "yaml", content: ORIGINAL });
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe("version_exists");
    const changed = await t.as(ADMIN).post<ErrorBody>("/api/procedures/import", {
      format: "yaml",
      content: ORIGINAL.replace("purpose: Cette procédure", "purpose: Désormais, cette procédure"),
    });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe("definition_changed");
    expect(changed.body.error.message.fr).toContain("nouveau numéro de version");
  });

  it("refuses a procedure of another organisation", async () => {
    const res = await t
      .as("MFFE0099")
      .post<Refusal>("/api/procedures/import", { format: "yaml", content: withVersion(NEXT) });
    expect(res.status).toBe(422);
    expect(res.body.problems[0]!.message.en).toContain('not "douanes"');
  });

  it("stores a new version as a draft; putting it in force retires the old one, running cases keep theirs", async () => {
    const before = await t.as(REQUESTER).post<CaseView & { procedure: { version: number } }>("/api/cases", {
      procedureId: PROCEDURE,
    });
    expect(before.body.procedure.version).toBe(LOADED);

    const imported = await t
      .as(ADMIN)
      .post<{ version: Version }>("/api/procedures/import", { format: "yaml", content: withVersion(NEXT) });
    expect(imported.status).toBe(201);
    expect(imported.body.version).toMatchObject({ version: NEXT, status: "draft" });
    expect((await versions()).map((v) => [v.version, v.status])).toEqual([
      [NEXT, "draft"],
      [LOADED, "in_force"],
    ]);
    const stillOne = await t
      .as(REQUESTER)
      .post<{ procedure: { version: number } }>("/api/cases", { procedureId: PROCEDURE });
    expect(stillOne.body.procedure.version).toBe(LOADED);

    const activated = await t
      .as(ADMIN)
      .post<{ versions: Version[] }>(`/api/procedures/${PROCEDURE}/versions/${NEXT}/activate`);
    expect(activated.status).toBe(200);
    expect(activated.body.versions.map((v) => [v.version, v.status])).toEqual([
      [NEXT, "in_force"],
      [LOADED, "expired"],
    ]);
    const again = await t.as(ADMIN).post<ErrorBody>(`/api/procedures/${PROCEDURE}/versions/${NEXT}/activate`);
    expect(again.body.error.code).toBe("already_in_force");

    const after = await t
      .as(REQUESTER)
      .post<{ procedure: { version: number } }>("/api/cases", { procedureId: PROCEDURE });
    expect(after.body.procedure.version).toBe(NEXT);
    const running = await t
      .as(REQUESTER)
      .get<{ procedure: { version: number } }>(`/api/cases/${before.body.id}`);
    expect(running.body.procedure.version).toBe(LOADED);

    const lower = await t.as(ADMIN).post<ErrorBody>("/api/procedures/import", {
      format: "yaml",
      // Versions above the one just imported, whatever the catalog's own number is.
      content: withVersion(NEXT + 2).replace("purpose: Cette", "purpose: Version cinq. Cette"),
    });
    expect(lower.status).toBe(201);
    const four = await t.as(ADMIN).post<ErrorBody>("/api/procedures/import", {
      format: "yaml",
      content: withVersion(NEXT + 1).replace("purpose: Cette", "purpose: Version quatre. Cette"),
    });
    expect(four.status).toBe(422);
    expect(four.body.error.code).toBe("version_too_low");
  });

  it("imports a BPMN file through the same checks, naming unsupported elements", async () => {
    const unsupported = readFileSync("tests/fixtures/bpmn/elements-non-pris-en-charge.bpmn", "utf8");
    const refused = await t.as(ADMIN).post<Refusal>("/api/procedures/import", {
      format: "bpmn",
      content: unsupported,
      id: "douanes-essai-bpmn",
    });
    expect(refused.status).toBe(422);
    expect(refused.body.problems.some((p) => p.element !== null)).toBe(true);

    const parsed = parseDefinition("e.yaml", withVersion(NEXT + 3));
    if (!parsed.ok) throw new Error("fixture");
    const bpmn = await exportBpmn(parsed.definition);
    const imported = await t
      .as(ADMIN)
      .post<{ version: Version }>("/api/procedures/import", { format: "bpmn", content: bpmn });
    expect(imported.status).toBe(201);
    expect(imported.body.version).toMatchObject({ version: NEXT + 3, status: "draft" });
  });

  it("lets an administrator name the roles that oversee a procedure", async () => {
    const added = await t
      .as(ADMIN)
      .post<{ overseers: Array<{ roleCode: string; title: string }> }>(
        `/api/procedures/${PROCEDURE}/overseers`,
        {
          roleCode: "RSSI",
        },
      );
    expect(added.status).toBe(201);
    expect(added.body.overseers).toEqual([
      { roleCode: "RSSI", title: "Responsable Sécurité du Système d'Information" },
    ]);
    const unknown = await t
      .as(ADMIN)
      .post<ErrorBody>(`/api/procedures/${PROCEDURE}/overseers`, { roleCode: "NOPE" });
    expect(unknown.status).toBe(422);
    const foreign = await t
      .as("MFFE0099")
      .post<ErrorBody>(`/api/procedures/${PROCEDURE}/overseers`, { roleCode: "CSSI" });
    expect(foreign.status).toBe(404);
    const removed = await t
      .as(ADMIN)
      .delete<{ overseers: unknown[] }>(`/api/procedures/${PROCEDURE}/overseers/RSSI`);
    expect(removed.body.overseers).toEqual([]);
    const listed = await t.as(ADMIN).get<{ overseers: unknown[] }>(`/api/procedures/${PROCEDURE}/overseers`);
    expect(listed.body.overseers).toEqual([]);
  });

  it("gives administrators and oversight roles the role matrix and the privileged accounts", async () => {
    const refused = await t.as(REQUESTER).get<ErrorBody>("/api/role-matrix");
    expect(refused.status).toBe(403);

    type Matrix = {
      steps: Array<{
        procedureId: string;
        version: number;
        stepId: string;
        roleCode: string | null;
        unitCode: string | null;
      }>;
      holders: Array<{ roleCode: string; matricule: string; unitCode: string }>;
    };
    // The RSSI is the customs security officer: an oversight role.
    const matrix = await t.as("DGD0008").get<Matrix>("/api/role-matrix");
    expect(matrix.status).toBe(200);
    expect(matrix.body.steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ procedureId: PROCEDURE, version: NEXT, roleCode: "CB", unitCode: "BAS" }),
      ]),
    );
    expect(matrix.body.holders).toEqual(
      expect.arrayContaining([
        {
          roleCode: "CB",
          matricule: "DGD0020",
          unitCode: "BAS",
          name: expect.any(String),
          userId: expect.any(String),
          active: true,
        },
      ]),
    );

    const csv = await t.as(ADMIN).get("/api/role-matrix/export?format=csv");
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.bytes.toString("utf8").split("\n");
    expect(lines[0]).toBe(
      "role_code,role_title,privileged,procedure_id,version,step_id,step_title,unit_code,holders",
    );
    expect(
      lines.some((l) => l.startsWith("CB,") && l.includes(PROCEDURE) && l.endsWith(",BAS,DGD0020")),
    ).toBe(true);

    await t.as(ADMIN).patch("/api/roles/RSSI", { privileged: true });
    const privileged = await t.as(ADMIN).get<{
      items: Array<{
        matricule: string;
        isAdmin: boolean;
        privilegedRoles: string[];
        secondFactorEnabled: boolean;
      }>;
    }>("/api/users/privileged");
    expect(privileged.status).toBe(200);
    expect(privileged.body.items).toEqual([
      expect.objectContaining({
        matricule: "DGD0008",
        isAdmin: false,
        privilegedRoles: ["RSSI"],
        secondFactorEnabled: false,
      }),
      expect.objectContaining({ matricule: "DGD0099", isAdmin: true, privilegedRoles: [] }),
    ]);
  });
});
