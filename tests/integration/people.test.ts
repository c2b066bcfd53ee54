import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySecurityTrail } from "../../server/audit/securityTrail.js";
import { listSecurityEvents } from "../../server/db/queries/securityEvents.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type ErrorBody = { error: { code: string; message: { fr: string; en: string }; target?: string } };
type Unit = { id: string; code: string; name: string; parentId: string | null; headRole: string | null };
type TreeNode = Unit & { children: TreeNode[] };
type Page<T> = { items: T[]; nextCursor: string | null };
type User = {
  id: string;
  matricule: string;
  name: string;
  active: boolean;
  unitId: string | null;
  memberships: Array<{ roleCode: string; unitCode: string }>;
  mustChangePassword: boolean;
};

// The demo administrators of each organisation (organisation.yaml: `admin: true`).
const ADMIN = "DGD0099";
const OTHER_ADMIN = "MFFE0099";
const AGENT = "DGD0005";

describe("org chart, people and administrators", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function unitByCode(code: string): Promise<Unit> {
    const all: Unit[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: Page<Unit> } = await t
        .as(ADMIN)
        .get<Page<Unit>>(`/api/units?limit=20${cursor ? `&cursor=${cursor}` : ""}`);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const unit = all.find((u) => u.code === code);
    if (!unit) throw new Error(`no unit ${code}`);
    return unit;
  }

  it("refuses every administration write to a non-administrator, with a bilingual 403", async () => {
    const dsi = await unitByCode("DSI");
    const api = t.as(AGENT);
    // One after the other: the first call signs in (and replaces the default password).
    const attempts = [
      () => api.post<ErrorBody>("/api/units", { code: "X1", name: "X", kind: "bureau", parentId: dsi.id }),
      () => api.patch<ErrorBody>(`/api/units/${dsi.id}`, { name: "Renommée" }),
      () => api.post<ErrorBody>("/api/roles", { code: "XR", title: "X" }),
      () => api.patch<ErrorBody>("/api/roles/AGENT", { privileged: true }),
      () => api.post<ErrorBody>("/api/users", { matricule: "DGD7777", name: "X", unitId: dsi.id }),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
      expect(res.body.error.message.fr).toContain("administrateurs");
      expect(res.body.error.message.en).toContain("administrators");
    }
  });

  it("shows the units as a tree and as pages of a flat list", async () => {
    const tree = await t.as(AGENT).get<{ units: TreeNode[] }>("/api/units/tree");
    expect(tree.status).toBe(200);
    const dgd = tree.body.units.find((u) => u.code === "DGD");
    expect(dgd?.children.map((c) => c.code)).toContain("DSI");

    const first = await t.as(AGENT).get<Page<Unit>>("/api/units?limit=5");
    expect(first.body.items).toHaveLength(5);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await t.as(AGENT).get<Page<Unit>>(`/api/units?limit=5&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0]!.code > first.body.items[4]!.code).toBe(true);
  });

  it("creates, renames, moves and sets the head of a unit, refusing a move under its own sub-unit", async () => {
    const dsi = await unitByCode("DSI");
    const created = await t.as(ADMIN).post<Unit>("/api/units", {
      code: "BQUAL",
      name: "Bureau Qualité",
      kind: "bureau",
      parentId: dsi.id,
      headRole: "CB",
    });
    expect(created.status).toBe(201);
    const section = await t.as(ADMIN).post<Unit>("/api/units", {
      code: "SQUAL",
      name: "Section Audit",
      kind: "section",
      parentId: created.body.id,
    });
    expect(section.status).toBe(201);

    const renamed = await t.as(ADMIN).patch<Unit>(`/api/units/${created.body.id}`, {
      name: "Bureau de la Qualité",
      headRole: "CS",
    });
    expect(renamed.body).toMatchObject({ name: "Bureau de la Qualité", headRole: "CS", parentId: dsi.id });

    const cycle = await t.as(ADMIN).patch<ErrorBody>(`/api/units/${created.body.id}`, {
      parentId: section.body.id,
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error.code).toBe("unit_cycle");
    const self = await t
      .as(ADMIN)
      .patch<ErrorBody>(`/api/units/${created.body.id}`, { parentId: created.body.id });
    expect(self.body.error.code).toBe("unit_cycle");

    const moved = await t.as(ADMIN).patch<Unit>(`/api/units/${section.body.id}`, { parentId: dsi.id });
    expect(moved.body.parentId).toBe(dsi.id);

    const badRole = await t.as(ADMIN).patch<ErrorBody>(`/api/units/${created.body.id}`, { headRole: "NOPE" });
    expect(badRole.status).toBe(422);
    expect(badRole.body.error.code).toBe("unknown_role");
    const duplicate = await t
      .as(ADMIN)
      .post<ErrorBody>("/api/units", { code: "BQUAL", name: "Doublon", kind: "bureau", parentId: dsi.id });
    expect(duplicate.status).toBe(409);
  });

  it("manages only its own organisation: another organisation's unit is not found", async () => {
    const dsi = await unitByCode("DSI");
    const res = await t.as(OTHER_ADMIN).patch<ErrorBody>(`/api/units/${dsi.id}`, { name: "Piratée" });
    expect(res.status).toBe(404);
    const roles = await t.as(OTHER_ADMIN).get<Page<{ code: string }>>("/api/roles?limit=200");
    expect(roles.body.items.map((r) => r.code)).not.toContain("RDS");
  });

  it("lists roles with their full titles, creates one and marks it privileged", async () => {
    const roles = await t.as(AGENT).get<Page<{ code: string; title: string }>>("/api/roles?limit=200");
    expect(roles.body.items.find((r) => r.code === "RSSI")?.title).toBe(
      "Responsable Sécurité du Système d'Information",
    );
    const created = await t.as(ADMIN).post("/api/roles", { code: "AUDIT", title: "Auditeur interne" });
    expect(created.status).toBe(201);
    const marked = await t.as(ADMIN).patch<{ privileged: boolean; title: string }>("/api/roles/AUDIT", {
      privileged: true,
      title: "Auditeur",
    });
    expect(marked.body).toMatchObject({ privileged: true, title: "Auditeur" });
  });

  it("creates an account with a default password that must be changed at first sign-in", async () => {
    const bit = await unitByCode("BIT");
    const created = await t.as(ADMIN).post<{ user: User; defaultPassword: string }>("/api/users", {
      matricule: "DGD0500",
      name: "Nouvel AGENT",
      email: "nouvel.agent@douanes.example.ci",
      unitId: bit.id,
    });
    expect(created.status).toBe(201);
    expect(created.body.user.mustChangePassword).toBe(true);
    expect(created.body.defaultPassword.length).toBeGreaterThanOrEqual(10);

    const login = await t.anonymous.post<{ mustChangePassword: boolean }>("/api/session", {
      matricule: "DGD0500",
      password: created.body.defaultPassword,
    });
    expect(login.status).toBe(200);
    expect(login.body.mustChangePassword).toBe(true);

    const again = await t
      .as(ADMIN)
      .post<ErrorBody>("/api/users", { matricule: "DGD0500", name: "Doublon", unitId: bit.id });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("user_exists");
  });

  it("gives and takes roles in units, checking that both exist", async () => {
    const bit = await unitByCode("BIT");
    const user = (await t.as(ADMIN).get<Page<User>>("/api/users?q=Nouvel")).body.items[0]!;
    const granted = await t
      .as(ADMIN)
      .post<{ memberships: Array<{ roleCode: string; unitCode: string }> }>(
        `/api/users/${user.id}/memberships`,
        {
          roleCode: "AGENT",
          unitId: bit.id,
        },
      );
    expect(granted.status).toBe(201);
    expect(granted.body.memberships).toEqual([
      expect.objectContaining({ roleCode: "AGENT", unitCode: "BIT" }),
    ]);

    const unknownRole = await t
      .as(ADMIN)
      .post<ErrorBody>(`/api/users/${user.id}/memberships`, { roleCode: "NOPE", unitId: bit.id });
    expect(unknownRole.status).toBe(422);
    expect(unknownRole.body.error.target).toBe("roleCode");
    const mffeUnit = (await t.as(OTHER_ADMIN).get<Page<Unit>>("/api/units?limit=1")).body.items[0]!;
    const foreignUnit = await t
      .as(ADMIN)
      .post<ErrorBody>(`/api/users/${user.id}/memberships`, { roleCode: "AGENT", unitId: mffeUnit.id });
    expect(foreignUnit.status).toBe(422);
    expect(foreignUnit.body.error.code).toBe("unknown_unit");

    const byRole = await t.as(ADMIN).get<Page<User>>(`/api/users?role=AGENT&unitId=${bit.id}`);
    expect(byRole.body.items.map((u) => u.matricule)).toContain("DGD0500");

    const removed = await t
      .as(ADMIN)
      .delete<{ memberships: unknown[] }>(`/api/users/${user.id}/memberships/AGENT/${bit.id}`);
    expect(removed.body.memberships).toEqual([]);
    const one = await t.as(ADMIN).get<User>(`/api/users/${user.id}`);
    expect(one.body.memberships).toEqual([]);
  });

  it("edits, deactivates and reactivates an account, and resets its password to a new default", async () => {
    const sml = await unitByCode("SML");
    const user = (await t.as(ADMIN).get<Page<User>>("/api/users?q=DGD0500")).body.items[0]!;
    const edited = await t.as(ADMIN).patch<User>(`/api/users/${user.id}`, {
      name: "Nouvel AGENT-KOFFI",
      phone: "+225 07 00 00 00",
      unitId: sml.id,
    });
    expect(edited.body).toMatchObject({ name: "Nouvel AGENT-KOFFI", unitId: sml.id });

    const off = await t.as(ADMIN).patch<User>(`/api/users/${user.id}`, { active: false });
    expect(off.body.active).toBe(false);
    const inactive = await t.as(ADMIN).get<Page<User>>("/api/users?active=false");
    expect(inactive.body.items.map((u) => u.matricule)).toEqual(["DGD0500"]);
    const on = await t.as(ADMIN).patch<User>(`/api/users/${user.id}`, { active: true });
    expect(on.body.active).toBe(true);

    const reset = await t.as(ADMIN).post<{ defaultPassword: string }>(`/api/users/${user.id}/password-reset`);
    expect(reset.status).toBe(200);
    const login = await t.anonymous.post<{ mustChangePassword: boolean }>("/api/session", {
      matricule: "DGD0500",
      password: reset.body.defaultPassword,
    });
    expect(login.body.mustChangePassword).toBe(true);

    const selfOff = await t.as(ADMIN).get<{ user: { id: string } }>("/api/session");
    const refused = await t
      .as(ADMIN)
      .patch<ErrorBody>(`/api/users/${selfOff.body.user.id}`, { active: false });
    expect(refused.body.error.code).toBe("self_deactivation");
  });

  it("lets a person read their own account but not another's", async () => {
    const me = await t.as(AGENT).get<{ user: { id: string } }>("/api/session");
    const mine = await t.as(AGENT).get<User>(`/api/users/${me.body.user.id}`);
    expect(mine.status).toBe(200);
    const admin = await t.as(ADMIN).get<{ user: { id: string } }>("/api/session");
    const theirs = await t.as(AGENT).get<ErrorBody>(`/api/users/${admin.body.user.id}`);
    expect(theirs.status).toBe(403);
  });

  it("records every administration change in the organisation's chained security trail", async () => {
    const trail = await listSecurityEvents(t.database.db, "douanes");
    const admin = await t.as(ADMIN).get<{ user: { id: string } }>("/api/session");
    const byAdmin = trail.filter((e) => e.actorUserId === admin.body.user.id).map((e) => e.type);
    expect(byAdmin).toEqual(
      expect.arrayContaining([
        "unit_created",
        "unit_changed",
        "role_created",
        "role_privilege_changed",
        "user_created",
        "role_granted",
        "role_revoked",
        "user_changed",
        "user_deactivated",
        "user_activated",
        "password_reset",
      ]),
    );
    const verified = await verifySecurityTrail(t.database.db);
    expect(verified.broken).toEqual([]);
  });
});
