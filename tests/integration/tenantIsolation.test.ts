import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertJob } from "../../server/db/queries/jobs.js";
import { insertNotifications } from "../../server/db/queries/notifications.js";
import { listUnits } from "../../server/db/queries/orgChart.js";
import { rowsOf } from "../../server/db/rows.js";
import { users } from "../../server/db/schema.js";
import { proceduresFolder } from "../../server/paths.js";
import { takerOf } from "../support/people.js";
import { type RouteObjects, samples } from "../support/routeSamples.js";
import { type ApiRoute, apiRoutes, fillPath, isPublic } from "../support/routeTable.js";
import { type ApiClient, type ApiResponse, createTestApp, type TestApp } from "../support/testApp.js";
import { createTestDatabase } from "../support/testDatabase.js";
import type { CaseView } from "../support/walker.js";

/**
 * Organisations are tenants: generated from the route table like the permissions matrix, every
 * route is called by people of one organisation (an administrator and an agent) with the ids of
 * another organisation's objects — an organisation that has the same procedure ids, unit codes
 * and matricules. Nothing of the other is ever returned or changed, and its objects are answered
 * exactly as ids that exist nowhere (404 for the administrator): not even their existence shows.
 */

const THIS_FILE = "tests/integration/tenantIsolation.test.ts";
const OTHER = "autre";

/** The customs catalog again, under another organisation code: same ids, units and matricules. */
function twinCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), "logigramme-twin-"));
  cpSync(join(proceduresFolder(), "douanes"), dir, { recursive: true });
  const rewrite = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) rewrite(path);
      else if (entry.name.endsWith(".yaml")) {
        const text = readFileSync(path, "utf8")
          .replace(/^organisation: douanes$/m, `organisation: ${OTHER}`)
          .replace(/^name: .*$/m, (line) =>
            entry.name === "organisation.yaml" ? "name: Autre administration" : line,
          );
        writeFileSync(path, text);
      }
    }
  };
  rewrite(dir);
  return dir;
}

/** Path parameters that carry an object's id (the others — role codes, procedure ids — are names both share). */
const ID_PARAMS = [
  "caseId",
  "taskId",
  "attachmentId",
  "notificationId",
  "userId",
  "unitId",
  "tokenId",
  "delegationId",
  "jobId",
  "webhookId",
  "entryId",
];

/** Tables of tenant data, fingerprinted for one organisation: a change of any row shows. */
const FINGERPRINTS: Record<string, string> = {
  organisations: "select t::text as r from organisations t where code = $1",
  org_units: "select t::text as r from org_units t where organisation = $1",
  roles: "select t::text as r from roles t where organisation = $1",
  users: "select t::text as r from users t where organisation = $1",
  memberships:
    "select t::text as r from memberships t join users u on u.id = t.user_id where u.organisation = $1",
  delegations: "select t::text as r from delegations t where organisation = $1",
  procedure_definitions: "select t::text as r from procedure_definitions t where organisation = $1",
  procedure_overseers: "select t::text as r from procedure_overseers t where organisation = $1",
  cases: "select t::text as r from cases t where organisation = $1",
  tasks: "select t::text as r from tasks t join cases c on c.id = t.case_id where c.organisation = $1",
  events: "select t::text as r from events t where organisation = $1",
  attachments: "select t::text as r from attachments t where organisation = $1",
  comments: "select t::text as r from comments t where organisation = $1",
  notifications: "select t::text as r from notifications t where organisation = $1",
  api_tokens: "select t::text as r from api_tokens t where organisation = $1",
  jobs: "select t::text as r from jobs t where organisation = $1",
  register_entries: "select t::text as r from register_entries t where organisation = $1",
  step_timers: "select t::text as r from step_timers t where organisation = $1",
  issued_documents: "select t::text as r from issued_documents t where organisation = $1",
  webhook_subscriptions: "select t::text as r from webhook_subscriptions t where organisation = $1",
  sessions: "select t::text as r from sessions t join users u on u.id = t.user_id where u.organisation = $1",
  portal_messages: "select t::text as r from portal_messages t where organisation = $1",
  portal_ratings: "select t::text as r from portal_ratings t where organisation = $1",
};

describe("organisations as tenants", () => {
  let t: TestApp;
  let catalogDir: string;
  let routes: ApiRoute[];
  let theirs: RouteObjects;
  let params: Record<string, string>;
  let secrets: string[];

  const fingerprint = async (organisation: string) => {
    const result: Record<string, string> = {};
    for (const [table, query] of Object.entries(FINGERPRINTS)) {
      const select = sql.raw(query.replace("$1", `'${organisation}'`));
      const rows = rowsOf<{ r: string }>(await t.database.db.execute(select)).map((x) => x.r);
      result[table] = rows.sort().join("\n");
    }
    return result;
  };

  beforeAll(async () => {
    catalogDir = twinCatalog();
    t = await createTestApp({
      database: await createTestDatabase({ catalogPaths: [proceduresFolder(), catalogDir] }),
    });
    routes = apiRoutes(t.routes).filter((r) => !isPublic(r));

    // The other organisation's real objects, made by its own people (same matricules as ours).
    const inOther = (matricule: string) => t.as(matricule, { organisation: OTHER });
    // An agent of the Bureau Administration Système (the start rule), not the chief who takes it.
    const requester = "DGD0021";
    const started = await inOther(requester).post<CaseView>("/api/cases", {
      procedureId: "douanes-d-sauvegarde-serveurs",
      title: "Sauvegarde secrète b41c",
    });
    expect(started.status).toBe(201);
    const task = started.body.tasks[0]!;
    const taker = await takerOf(t.database, OTHER, task);
    const uploaded = await inOther(taker).upload<{ id: string; sha256: string }>(
      `/api/cases/${started.body.id}/attachments?fileName=plan-secret-b41c.pdf&documentId=plan-sauvegarde`,
      Buffer.from("%PDF-1.4 Plan secret de l'autre organisation b41c"),
      "application/pdf",
    );
    expect(uploaded.status).toBe(201);
    const commented = await inOther(requester).post<CaseView>(`/api/cases/${started.body.id}/actions`, {
      type: "comment",
      expectedVersion: started.body.version,
      text: "Commentaire secret b41c",
    });
    expect(commented.status).toBe(200);
    const people = await t.database.db.select().from(users).where(eq(users.organisation, OTHER));
    const requesterRow = people.find((u) => u.matricule === requester)!;
    const takerRow = people.find((u) => u.matricule === taker)!;
    const unit = (await listUnits(t.database.db, OTHER))[0]!;
    await insertNotifications(t.database.db, [
      {
        organisation: OTHER,
        userId: requesterRow.id,
        kind: "test",
        subject: { fr: "Notification secrète b41c", en: "Secret notification b41c" },
        body: { fr: "Notification secrète b41c", en: "Secret notification b41c" },
        caseId: started.body.id,
      },
    ]);
    const [notification] = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`select id from notifications where organisation = ${OTHER}`),
    );
    const otherAdmin = "DGD0003";
    await t.database.db
      .update(users)
      .set({ isAdmin: true })
      .where(and(eq(users.matricule, otherAdmin), eq(users.organisation, OTHER)));
    const issued = await inOther(otherAdmin).post<{ token: { id: string; prefix: string } }>("/api/tokens", {
      name: "Jeton secret b41c",
      userId: requesterRow.id,
      scopes: ["cases:read"],
    });
    expect(issued.status).toBe(201);
    const delegated = await inOther(requester).post<{ id: string }>("/api/delegations", {
      deputyId: takerRow.id,
      fromDate: "2026-03-02",
      toDate: "2026-03-06",
      reason: "Congé secret b41c",
    });
    expect(delegated.status).toBe(201);

    const webhook = await inOther(otherAdmin).post<{ webhook: { id: string } }>("/api/webhooks", {
      url: "https://secret-b41c.example/hook",
      eventTypes: ["case.created"],
    });
    expect(webhook.status).toBe(201);
    const entry = await inOther("DGD0018").post<{ id: string }>("/api/registers/materiel/entries", {
      values: { numero_serie: "SN-SECRET-b41c", categorie: "portable" },
    });
    expect(entry.status).toBe(201);
    const jobId = (await insertJob(t.database.db, {
      organisation: OTHER,
      name: "audit.verify-chains",
      payload: {},
      status: "dead",
      attempts: 3,
      maxAttempts: 3,
      runAt: t.clock.now(),
      lastError: "Erreur secrète b41c",
    }))!;

    theirs = {
      caseId: started.body.id,
      caseVersion: commented.body.version,
      taskId: task.id,
      attachmentId: uploaded.body.id,
      notificationId: notification!.id,
      requesterId: requesterRow.id,
      unitId: unit.id,
      tokenId: issued.body.token.id,
      procedureId: "douanes-d-sauvegarde-serveurs",
      webhookId: webhook.body.webhook.id,
      entryId: entry.body.id,
    };
    params = {
      caseId: theirs.caseId,
      taskId: theirs.taskId,
      attachmentId: theirs.attachmentId,
      notificationId: theirs.notificationId,
      userId: theirs.requesterId,
      unitId: theirs.unitId,
      tokenId: theirs.tokenId,
      delegationId: delegated.body.id,
      jobId,
      webhookId: theirs.webhookId,
      documentId: "plan-sauvegarde",
      registerId: "materiel",
      entryId: theirs.entryId,
      roleCode: "RSSI",
      procedureId: "douanes-d-sauvegarde-serveurs",
      version: "2",
    };
    secrets = [
      theirs.caseId,
      theirs.taskId,
      theirs.attachmentId,
      theirs.requesterId,
      takerRow.id,
      unit.id,
      delegated.body.id,
      "Sauvegarde secrète b41c",
      "Commentaire secret b41c",
      "plan-secret-b41c",
      "Notification secrète b41c",
      "Secret notification b41c",
      "Jeton secret b41c",
      "Congé secret b41c",
      "Erreur secrète b41c",
      "secret-b41c.example",
      "SN-SECRET-b41c",
      entry.body.id,
      jobId,
      "Autre administration",
      issued.body.token.prefix,
      uploaded.body.sha256,
    ];
  });
  afterAll(async () => {
    await t.close();
    rmSync(catalogDir, { recursive: true, force: true });
  });

  async function call(api: ApiClient, route: ApiRoute, values: Record<string, string>, o: RouteObjects) {
    // Signing out is on the route table too: each sign-in again needs a fresh authenticator code.
    t.clock.advanceSeconds(61);
    const sample = samples(o)[`${route.method} ${route.url}`];
    const path = fillPath(route.url, values, THIS_FILE);
    const url = sample?.query ? `${path}?${sample.query}` : path;
    if (route.method === "GET") return api.get(url);
    if (sample?.mediaType) return api.upload(url, sample.body as Buffer, sample.mediaType);
    if (route.method === "POST") return api.post(url, sample?.body ?? {});
    if (route.method === "PUT") return api.put(url, sample?.body ?? {});
    if (route.method === "PATCH") return api.patch(url, sample?.body ?? {});
    return api.delete(url);
  }

  const leaks = (res: ApiResponse) => {
    const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body ?? null);
    return secrets.filter((s) => text.includes(s) || res.bytes.includes(s));
  };

  /** Ids that exist nowhere, in the places of the other organisation's. */
  const nowhere = (): { values: Record<string, string>; objects: RouteObjects } => {
    const values = { ...params };
    for (const name of ID_PARAMS) values[name] = randomUUID();
    return {
      values,
      objects: {
        ...theirs,
        caseId: values.caseId!,
        taskId: values.taskId!,
        attachmentId: values.attachmentId!,
        notificationId: values.notificationId!,
        requesterId: values.userId!,
        unitId: values.unitId!,
        tokenId: values.tokenId!,
        webhookId: values.webhookId!,
        entryId: values.entryId!,
      },
    };
  };

  for (const who of [
    { label: "an administrator", matricule: "DGD0003", admin: true },
    { label: "an agent", matricule: "DGD0003", admin: false },
  ]) {
    it(`lets ${who.label} of one organisation neither see nor change anything of another on any route`, async () => {
      await t.database.db
        .update(users)
        .set({ isAdmin: who.admin })
        .where(and(eq(users.matricule, who.matricule), eq(users.organisation, "douanes")));
      const api = t.as(who.matricule, { organisation: "douanes" });
      expect((await api.get("/api/session")).status).toBe(200);
      const before = await fingerprint(OTHER);
      const violations: string[] = [];
      for (const route of routes) {
        const name = `${route.method} ${route.url}`;
        const res = await call(api, route, params, theirs);
        const leaked = leaks(res);
        if (leaked.length > 0) violations.push(`${name}: ${res.status} showing ${leaked.join(", ")}`);
        if (res.status >= 500) violations.push(`${name}: ${res.status}`);
        if (!ID_PARAMS.some((p) => route.url.includes(`:${p}`))) continue;
        // An object of the other organisation is answered as one that exists nowhere.
        const unknown = nowhere();
        const control = await call(api, route, unknown.values, unknown.objects);
        if (res.status !== control.status) {
          violations.push(
            `${name}: ${res.status} for the other organisation's object, ${control.status} for none`,
          );
        }
        // An administrator passes every organisation-wide check: what is left is the object, not found
        // (unless a check that does not depend on it refuses first, as it does for an id of nothing).
        if (who.admin && res.status !== 404 && res.status !== 401 && control.status === 404) {
          violations.push(`${name}: ${res.status}, expected 404 for an administrator`);
        }
      }
      expect(violations).toEqual([]);
      expect(await fingerprint(OTHER)).toEqual(before);
    });
  }

  it("lets the public portal of one organisation show nothing of another, and a tracking code of one open nothing of the other", async () => {
    const before = await fingerprint(OTHER);
    const violations: string[] = [];
    const publicRoutes = apiRoutes(t.routes).filter((r) => r.url.startsWith("/api/portal/"));
    expect(publicRoutes.length).toBeGreaterThanOrEqual(10);
    // A code of the right shape that opens nothing, and the other organisation's ids.
    const forged = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23";
    const bodies: Record<string, unknown> = {
      "POST /api/portal/:organisation/email-codes": {
        procedureId: "douanes-d-sauvegarde-serveurs",
        email: "x@exemple.ci",
      },
      "POST /api/portal/:organisation/requests": {
        procedureId: "douanes-d-sauvegarde-serveurs",
        requester: { name: "Intrus" },
        consent: true,
        altcha: "e30=",
      },
      "POST /api/portal/tracking": { code: forged },
      "POST /api/portal/tracking/messages": { code: forged, text: "intrus" },
      "POST /api/portal/tracking/documents": {
        code: forged,
        file: { fileName: "x.pdf", mediaType: "application/pdf", contentBase64: "JVBERi0=" },
      },
      "POST /api/portal/tracking/file": { code: forged, attachmentId: theirs.attachmentId },
      "POST /api/portal/tracking/rating": { code: forged, rating: 5 },
      "POST /api/portal/tracking/reopen": { code: forged, reason: "intrus" },
    };
    for (const route of publicRoutes) {
      const name = `${route.method} ${route.url}`;
      const url = fillPath(route.url, { organisation: "douanes" }, THIS_FILE);
      const res =
        route.method === "GET" ? await t.anonymous.get(url) : await t.anonymous.post(url, bodies[name] ?? {});
      const leaked = leaks(res);
      if (leaked.length > 0) violations.push(`${name}: ${res.status} showing ${leaked.join(", ")}`);
      if (res.status >= 500) violations.push(`${name}: ${res.status}`);
      if (route.method === "POST" && res.status < 400)
        violations.push(`${name}: ${res.status}, expected a refusal`);
    }
    expect(violations).toEqual([]);
    expect(await fingerprint(OTHER)).toEqual(before);
  });
});
