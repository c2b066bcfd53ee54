import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/passwords.js";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import { setPassword } from "../../server/db/queries/accounts.js";
import { insertJob } from "../../server/db/queries/jobs.js";
import { insertNotifications } from "../../server/db/queries/notifications.js";
import { listUnits, upsertUser } from "../../server/db/queries/orgChart.js";
import {
  apiTokens,
  attachments,
  cases,
  comments,
  delegations,
  events,
  jobs,
  memberships,
  notifications,
  registerEntries,
  registerEntryEvents,
  stockMovements,
  tasks,
  users,
  webhookSubscriptions,
} from "../../server/db/schema.js";
import { problem } from "../../shared/api/problem.js";
import { takerOf } from "../support/people.js";
import { type RouteObjects as Objects, samples } from "../support/routeSamples.js";
import { type ApiRoute, apiRoutes, fillPath, isPublic, PUBLIC_ROUTES } from "../support/routeTable.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

/**
 * The permissions matrix, generated from the route table: every route under /api/ that Fastify
 * registers (public ones excepted, see PUBLIC_ROUTES) is called anonymously and as a signed-in
 * person with no role and no part in anything. A new route is in the matrix the moment it exists;
 * if the test cannot call it (a path parameter or a request body it does not know), it fails and
 * says what to add here.
 */

const THIS_FILE = "tests/integration/routePermissions.test.ts";

/**
 * GET routes any signed-in person of the organisation may read, with why. The person with no role
 * gets a 200 here, but still never another person's data (checked below like everywhere else).
 */
const OPEN_TO_MEMBERS: Array<{ url: RegExp; why: string }> = [
  {
    // Listing versions and overseers is catalog administration, for administrators.
    url: /^\/api\/procedures(\/[^/]+(\/diagram\.(svg|mmd)|\/versions\/:version)?)?$/,
    why: "the catalog of one's own organisation is public inside it",
  },
  { url: /^\/api\/units(\/tree)?$/, why: "the org chart of one's own organisation is public inside it" },
  { url: /^\/api\/roles$/, why: "the roles and their titles, as the org chart" },
  { url: /^\/api\/users$/, why: "names of colleagues (to name a deputy), without their contact details" },
  { url: /^\/api\/delegations$/, why: "one's own delegations (none for someone with no role)" },
  { url: /^\/api\/tasks$/, why: "one's own inbox (empty for someone with no role)" },
  { url: /^\/api\/tasks\/counts$/, why: "the counts of one's own inbox" },
  {
    url: /^\/api\/oversight\/dashboard$/,
    why: "one's own work (nothing for someone with no role); wider scopes follow the org chart",
  },
  {
    url: /^\/api\/cases(\/export)?$/,
    why: "search and register list only the cases one may read (the read policy as SQL)",
  },
  { url: /^\/api\/session$/, why: "one's own session" },
  { url: /^\/api\/notifications$/, why: "one's own notifications" },
  { url: /^\/api\/registers$/, why: "only the registers one's roles read (none for someone with no role)" },
  { url: /^\/api\/notifications\/unread-count$/, why: "the count of one's own unread notifications" },
  { url: /^\/api\/notifications\/preferences$/, why: "one's own e-mail preferences" },
];

/**
 * State-changing routes that only act on the caller's own session or account: the person with no
 * role may succeed, and still sees no one else's data and changes none of the rows counted below.
 */
const OWN_ACCOUNT: Array<{ method: string; url: RegExp; why: string }> = [
  { method: "DELETE", url: /^\/api\/session$/, why: "signing out" },
  { method: "POST", url: /^\/api\/session\/logout-everywhere$/, why: "ending one's own sessions" },
  {
    method: "POST",
    url: /^\/api\/session\/second-factor\/enrolment$/,
    why: "anyone may start enrolling their own authenticator app",
  },
  { method: "POST", url: /^\/api\/notifications\/read-all$/, why: "marking one's own notifications read" },
  { method: "PUT", url: /^\/api\/notifications\/preferences$/, why: "one's own e-mail preferences" },
];

/** Methods that carry a request body, so need a sample that passes the route's schema. */
const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);
/**
 * What the person with no role may get: refused, not found, a request the handler refuses, or one
 * the state of their own account refuses (409: no second-factor code is pending).
 */
const REFUSALS = [401, 403, 404, 409, 422];

describe("the permissions matrix of every API route", () => {
  let t: TestApp;
  let routes: ApiRoute[];
  let objects: Objects;
  let params: Record<string, string>;
  /** Data of the real objects that a refused caller must never see. */
  let secrets: string[];
  const NOBODY = "SANSROLE01";

  const tables = {
    cases,
    events,
    tasks,
    users,
    memberships,
    delegations,
    apiTokens,
    attachments,
    comments,
    notifications,
    jobs,
    webhookSubscriptions,
    registerEntries,
    registerEntryEvents,
    stockMovements,
  };
  const countRows = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(tables).map(
          async ([name, table]) => [name, await t.database.db.$count(table)] as const,
        ),
      ),
    );

  beforeAll(async () => {
    t = await createTestApp();
    routes = apiRoutes(t.routes).filter((r) => !isPublic(r));

    // Real objects, made by people who take part: a case with a task, a document and a comment.
    // An agent of the Bureau Administration Système (the start rule), not the chief who takes it.
    const requester = "DGD0021";
    const started = await t
      .as(requester)
      .post<CaseView>("/api/cases", { procedureId: "douanes-d-sauvegarde-serveurs" });
    const task = started.body.tasks[0]!;
    const taker = await takerOf(t.database, "douanes", task);
    const uploaded = await t
      .as(taker)
      .upload<{ id: string; sha256: string }>(
        `/api/cases/${started.body.id}/attachments?fileName=plan-confidentiel-7f3a.pdf&documentId=plan-sauvegarde`,
        Buffer.from("%PDF-1.4 Plan de sauvegarde confidentiel 7f3a"),
        "application/pdf",
      );
    expect(uploaded.status).toBe(201);
    const commented = await t.as(requester).post<CaseView>(`/api/cases/${started.body.id}/actions`, {
      type: "comment",
      expectedVersion: started.body.version,
      text: "Commentaire confidentiel 7f3a",
    });
    expect(commented.status).toBe(200);
    const requesterRow = (await t.database.db.select().from(users)).find((u) => u.matricule === requester)!;
    const unit = (await listUnits(t.database.db, "douanes"))[0]!;

    await insertNotifications(t.database.db, [
      {
        organisation: "douanes",
        userId: requesterRow.id,
        kind: "test",
        subject: { fr: "Notification confidentielle 7f3a", en: "Confidential notification 7f3a" },
        body: { fr: "Notification confidentielle 7f3a", en: "Confidential notification 7f3a" },
        caseId: started.body.id,
      },
    ]);
    const [notification] = await t.database.db.select().from(notifications);

    // An API token, issued by an administrator of the organisation.
    const admin = "DGD0003";
    await t.database.db.update(users).set({ isAdmin: true }).where(eq(users.matricule, admin));
    const issued = await t.as(admin).post<{ token: { id: string; prefix: string } }>("/api/tokens", {
      name: "Jeton confidentiel 7f3a",
      userId: requesterRow.id,
      scopes: ["cases:read"],
    });
    expect(issued.status).toBe(201);

    // The person with no role: active, in the organisation, no membership, not an administrator,
    // with the demo password (changed at the first sign-in, as anyone's).
    const nobodyId = await upsertUser(t.database.db, {
      organisation: "douanes",
      matricule: NOBODY,
      name: "Personne SANS RÔLE",
      email: null,
      phone: null,
      unitId: unit.id,
    });
    await setPassword(t.database.db, nobodyId, await hashPassword(DEMO_PASSWORD), true, t.clock.now());

    // A delegation the requester arranged for themselves.
    const delegated = await t.as(requester).post<{ id: string }>("/api/delegations", {
      deputyId: (await t.database.db.select().from(users)).find((u) => u.matricule === taker)!.id,
      fromDate: "2026-03-02",
      toDate: "2026-03-06",
      reason: "Congé annuel",
    });
    expect(delegated.status).toBe(201);

    const webhook = await t.as(admin).post<{ webhook: { id: string } }>("/api/webhooks", {
      url: "https://confidentiel-7f3a.example/hook",
      eventTypes: ["case.created"],
    });
    expect(webhook.status).toBe(201);

    // An entry of the equipment register, made by the stock manager.
    const entry = await t.as("DGD0018").post<{ id: string }>("/api/registers/materiel/entries", {
      values: { numero_serie: "SN-CONFIDENTIEL-7f3a", categorie: "portable" },
    });
    expect(entry.status).toBe(201);

    // A dead background job of the organisation.
    const jobId = (await insertJob(t.database.db, {
      organisation: "douanes",
      name: "audit.verify-chains",
      payload: {},
      status: "dead",
      attempts: 3,
      maxAttempts: 3,
      runAt: t.clock.now(),
      lastError: "Erreur confidentielle 7f3a",
    }))!;

    objects = {
      caseId: started.body.id,
      caseVersion: commented.body.version,
      taskId: task.id,
      attachmentId: uploaded.body.id,
      notificationId: notification!.id,
      requesterId: requesterRow.id,
      unitId: unit.id,
      tokenId: issued.body.token.id,
      webhookId: webhook.body.webhook.id,
      entryId: entry.body.id,
    };
    // Path parameter name → the id of a real object. A route with another name fails until added.
    params = {
      caseId: objects.caseId,
      taskId: objects.taskId,
      attachmentId: objects.attachmentId,
      notificationId: objects.notificationId,
      userId: objects.requesterId,
      unitId: objects.unitId,
      tokenId: objects.tokenId,
      delegationId: delegated.body.id,
      jobId,
      webhookId: objects.webhookId,
      documentId: "plan-sauvegarde",
      registerId: "materiel",
      entryId: objects.entryId,
      roleCode: "RSSI",
      procedureId: "douanes-d-sauvegarde-serveurs",
      version: "2",
    };
    secrets = [
      started.body.registryNumber,
      "Commentaire confidentiel 7f3a",
      "plan-confidentiel-7f3a",
      "Plan de sauvegarde confidentiel 7f3a",
      "Confidential notification 7f3a",
      "Notification confidentielle 7f3a",
      "Jeton confidentiel 7f3a",
      "Erreur confidentielle 7f3a",
      "confidentiel-7f3a.example",
      "SN-CONFIDENTIEL-7f3a",
      issued.body.token.prefix,
      uploaded.body.sha256,
      ...(requesterRow.email ? [requesterRow.email] : []),
    ];
  });
  afterAll(async () => {
    await t.close();
  });

  function requestFor(route: ApiRoute) {
    const url = fillPath(route.url, params, THIS_FILE);
    const sample = samples(objects)[`${route.method} ${route.url}`];
    if (WITH_BODY.has(route.method) && !sample) {
      throw new Error(
        `${route.method} ${route.url}: no sample request. Add one to samples() in ${THIS_FILE} that the route's schema accepts, so that the call reaches its permission check.`,
      );
    }
    return { url: sample?.query ? `${url}?${sample.query}` : url, sample };
  }

  const leaks = (body: unknown) => {
    const text = typeof body === "string" ? body : JSON.stringify(body ?? null);
    return secrets.filter((s) => text.includes(s));
  };

  const reachedTheHandler = (route: ApiRoute, body: unknown) => {
    const code = (body as { error?: { code?: string } } | null)?.error?.code;
    expect(
      code,
      `${route.method} ${route.url}: the sample request does not pass the route's schema; fix it in samples() in ${THIS_FILE}`,
    ).not.toBe("invalid_request");
  };

  it("knows the routes: the route table is not empty and the public list is short", () => {
    expect(routes.length).toBeGreaterThan(5);
    // The API description (2), signing in (2), the public check of an official document (1) and
    // the public portal (2: reading, and what a submission or a tracking code allows).
    expect(PUBLIC_ROUTES.length).toBeLessThanOrEqual(7);
  });

  it("refuses every non-public route to an anonymous caller with a 401 and no data, and changes nothing", async () => {
    const before = await countRows();
    for (const route of routes) {
      const { url, sample } = requestFor(route);
      const res = await t.app.inject({
        method: route.method as "GET",
        url,
        ...(sample?.body === undefined
          ? {}
          : {
              headers: { "content-type": sample.mediaType ?? "application/json" },
              payload: Buffer.isBuffer(sample.body) ? sample.body : JSON.stringify(sample.body),
            }),
      });
      const body = res.headers["content-type"]?.toString().startsWith("application/json")
        ? res.json()
        : res.body;
      reachedTheHandler(route, body);
      expect(res.statusCode, `${route.method} ${route.url} anonymously`).toBe(401);
      expect(problem.safeParse(body).success, `${route.method} ${route.url}: the error shape`).toBe(true);
      expect(leaks(body), `${route.method} ${route.url} anonymously`).toEqual([]);
    }
    expect(await countRows()).toEqual(before);
  });

  it("gives a person with no role no success on any state-changing call, and no one else's data on any read", async () => {
    const api = t.as(NOBODY);
    expect((await api.get("/api/session")).status).toBe(200); // signed in before counting
    const before = await countRows();
    // Every violation is collected, so that one run shows the whole matrix.
    const violations: string[] = [];
    for (const route of routes) {
      const { url, sample } = requestFor(route);
      const name = `${route.method} ${route.url}`;
      const res =
        route.method === "GET"
          ? await api.get(url)
          : sample?.mediaType
            ? await api.upload(url, sample.body as Buffer, sample.mediaType)
            : route.method === "POST"
              ? await api.post(url, sample?.body ?? {})
              : route.method === "PUT"
                ? await api.put(url, sample?.body ?? {})
                : route.method === "PATCH"
                  ? await api.patch(url, sample?.body ?? {})
                  : await api.delete(url);
      reachedTheHandler(route, res.body);
      const leaked = leaks(res.body);
      if (leaked.length > 0) violations.push(`${name}: ${res.status} showing ${leaked.join(", ")}`);
      const openToMembers = route.method === "GET" && OPEN_TO_MEMBERS.some((o) => o.url.test(route.url));
      const ownAccount = OWN_ACCOUNT.some((o) => o.method === route.method && o.url.test(route.url));
      if (openToMembers) {
        if (res.status !== 200) violations.push(`${name}: ${res.status}, expected 200 (open to members)`);
      } else if (ownAccount) {
        if (res.status >= 300)
          violations.push(`${name}: ${res.status}, expected a success on one's own account`);
      } else if (!REFUSALS.includes(res.status)) {
        violations.push(`${name}: ${res.status}, expected one of ${REFUSALS.join(", ")}`);
      } else if (!problem.safeParse(res.body).success) {
        violations.push(`${name}: ${res.status} without the error shape`);
      }
    }
    expect(violations).toEqual([]);
    expect(await countRows()).toEqual(before);
  });

  it("gives the public portal's routes, called with no account and a code that opens nothing, none of the organisation's data and no change", async () => {
    const before = await countRows();
    const forged = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23";
    const portal = apiRoutes(t.routes).filter((r) => r.url.startsWith("/api/portal/"));
    // Every one of them is listed as public, with why.
    expect(portal.every(isPublic)).toBe(true);
    const violations: string[] = [];
    for (const route of portal) {
      const url = fillPath(route.url, { organisation: "douanes" }, THIS_FILE);
      const body = route.url.includes("tracking")
        ? {
            code: forged,
            text: "x",
            rating: 5,
            reason: "x",
            attachmentId: objects.attachmentId,
            file: { fileName: "x.pdf", mediaType: "application/pdf", contentBase64: "JVBERi0=" },
          }
        : { procedureId: "douanes-d-sauvegarde-serveurs", email: "x@exemple.ci" };
      const res = await t.app.inject({
        method: route.method as "GET",
        url,
        ...(route.method === "GET"
          ? {}
          : { headers: { "content-type": "application/json" }, payload: JSON.stringify(body) }),
      });
      const parsed = res.headers["content-type"]?.toString().startsWith("application/json")
        ? res.json()
        : res.body;
      const leaked = leaks(parsed);
      const name = `${route.method} ${route.url}`;
      if (leaked.length > 0) violations.push(`${name}: ${res.statusCode} showing ${leaked.join(", ")}`);
      if (res.statusCode >= 500) violations.push(`${name}: ${res.statusCode}`);
      if (route.method === "POST" && res.statusCode < 400)
        violations.push(`${name}: ${res.statusCode}, expected a refusal`);
    }
    expect(violations).toEqual([]);
    expect(await countRows()).toEqual(before);
  });

  it("refuses to fill a path parameter it does not know, telling the developer what to add", () => {
    expect(() => fillPath("/api/widgets/:widgetId", params, THIS_FILE)).toThrow(
      /no value for the path parameter "widgetId".*routePermissions\.test\.ts/,
    );
  });
});
