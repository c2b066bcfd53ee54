import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { notifications, users } from "../../server/db/schema.js";
import { jobHandlers } from "../../server/jobs/registry.js";
import { JobRunner } from "../../server/jobs/runner.js";
import { WEBHOOK_ATTEMPTS } from "../../server/messages/messageJobs.js";
import { FAILURES_BEFORE_DISABLE } from "../../server/messages/webhookDelivery.js";
import { anyUserOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback: /ok answers 204, /fail answers 500. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.statusCode = req.url === "/fail" ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, server };
}

/**
 * The reference library checks the timestamp against the machine's clock: it is set to the test
 * clock's time for the check only.
 */
function verifyAt(at: Date, secret: string, r: Received): unknown {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at);
  try {
    return new Webhook(secret).verify(r.body, {
      "webhook-id": String(r.headers["webhook-id"]),
      "webhook-timestamp": String(r.headers["webhook-timestamp"]),
      "webhook-signature": String(r.headers["webhook-signature"]),
    });
  } finally {
    vi.useRealTimers();
  }
}

describe("webhooks", () => {
  let t: TestApp;
  let runner: JobRunner;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const ADMIN = "DGD0003";

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp();
    await t.database.db.update(users).set({ isAdmin: true }).where(eq(users.matricule, ADMIN));
    runner = new JobRunner({ db: t.database.db, handlers: jobHandlers, clock: t.clock.now });
  });
  afterAll(async () => {
    await runner.stop();
    await t.close();
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
  });

  const startCase = async () => {
    const requester = await anyUserOf(t.database, "douanes", "BAS");
    const started = await t
      .as(requester)
      .post<CaseView>("/api/cases", { procedureId: "douanes-d-sauvegarde-serveurs" });
    expect(started.status).toBe(201);
    return started.body;
  };

  it("signs each delivery so that the Standard Webhooks reference library verifies it", async () => {
    const created = await t.as(ADMIN).post<{ webhook: { id: string }; secret: string }>("/api/webhooks", {
      url: `${receiver.url}/ok`,
      description: "Tableau de bord de la DSI",
      eventTypes: ["case.created", "task.opened"],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const listed = await t.as(ADMIN).get<{ items: Array<Record<string, unknown>> }>("/api/webhooks");
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret.slice(6));

    const view = await startCase();
    await runner.runDueJobs(t.clock.now());
    const mine = receiver.received.filter((r) => r.path === "/ok");
    expect(mine).toHaveLength(2);
    const payloads = mine.map((r) => verifyAt(t.clock.now(), created.body.secret, r)) as Array<{
      type: string;
      data: { caseId: string; registryNumber: string };
    }>;
    expect(payloads.map((p) => p.type).sort()).toEqual(["case.created", "task.opened"]);
    for (const p of payloads)
      expect(p.data).toMatchObject({ caseId: view.id, registryNumber: view.registryNumber });
    expect(mine[0]!.headers["webhook-signature"]).toMatch(/^v1,/);
    expect(mine[0]!.headers["webhook-timestamp"]).toBe(String(Math.floor(t.clock.now().getTime() / 1000)));

    // Another secret, or a body changed on the way, does not verify.
    expect(() =>
      verifyAt(t.clock.now(), "whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=", mine[0]!),
    ).toThrow();
    expect(() =>
      verifyAt(t.clock.now(), created.body.secret, { ...mine[0]!, body: `${mine[0]!.body} ` }),
    ).toThrow();

    const log = await t
      .as(ADMIN)
      .get<{ items: Array<{ status: string; attempts: number; lastStatusCode: number }> }>(
        `/api/webhooks/${created.body.webhook.id}/deliveries`,
      );
    expect(log.body.items.map((d) => [d.status, d.attempts, d.lastStatusCode])).toEqual([
      ["delivered", 1, 204],
      ["delivered", 1, 204],
    ]);
  });

  it("retries a failing receiver with the same webhook-id, then disables the subscription and tells its owner", async () => {
    const created = await t.as(ADMIN).post<{ webhook: { id: string } }>("/api/webhooks", {
      url: `${receiver.url}/fail`,
      eventTypes: ["case.created"],
    });
    expect(created.status).toBe(201);
    const id = created.body.webhook.id;
    for (let i = 0; i < FAILURES_BEFORE_DISABLE; i++) await startCase();

    // Backoff: 1 min, 4 min, 16 min, 64 min, then 4 h: a day covers every attempt.
    for (let hour = 0; hour < 24; hour++) {
      await runner.runDueJobs(t.clock.now());
      t.clock.advanceHours(1);
    }
    const failing = receiver.received.filter((r) => r.path === "/fail");
    expect(failing).toHaveLength(FAILURES_BEFORE_DISABLE * WEBHOOK_ATTEMPTS);
    const ids = new Set(failing.map((r) => r.headers["webhook-id"]));
    expect(ids.size).toBe(FAILURES_BEFORE_DISABLE);
    const times = failing
      .filter((r) => r.headers["webhook-id"] === failing[0]!.headers["webhook-id"])
      .map((r) => Number(r.headers["webhook-timestamp"]));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const log = await t
      .as(ADMIN)
      .get<{ items: Array<{ status: string; attempts: number; lastStatusCode: number }> }>(
        `/api/webhooks/${id}/deliveries`,
      );
    expect(log.body.items.map((d) => [d.status, d.attempts, d.lastStatusCode])).toEqual(
      Array(FAILURES_BEFORE_DISABLE).fill(["failed", WEBHOOK_ATTEMPTS, 500]),
    );
    const webhooks = await t
      .as(ADMIN)
      .get<{ items: Array<{ id: string; active: boolean; disabledAt: string | null }> }>("/api/webhooks");
    const disabled = webhooks.body.items.find((w) => w.id === id)!;
    expect(disabled.active).toBe(false);
    expect(disabled.disabledAt).not.toBeNull();

    const admin = (await t.database.db.select().from(users).where(eq(users.matricule, ADMIN)))[0]!;
    const told = await t.database.db.select().from(notifications).where(eq(notifications.userId, admin.id));
    expect(told.filter((n) => n.kind === "webhook_disabled")).toHaveLength(1);

    // Disabled: nothing more is sent to it; turned back on, it receives again.
    await startCase();
    await runner.runDueJobs(t.clock.now());
    expect(receiver.received.filter((r) => r.path === "/fail")).toHaveLength(failing.length);
    const again = await t
      .as(ADMIN)
      .patch<{ webhook: { active: boolean; consecutiveFailures: number } }>(`/api/webhooks/${id}`, {
        active: true,
      });
    expect(again.body.webhook).toMatchObject({ active: true, consecutiveFailures: 0 });
    await startCase();
    await runner.runDueJobs(t.clock.now());
    expect(receiver.received.filter((r) => r.path === "/fail")).toHaveLength(failing.length + 1);
  });

  it("refuses a subscription to an unknown event or a URL that is not http(s), and hides other organisations' ones", async () => {
    const bad = await t
      .as(ADMIN)
      .post("/api/webhooks", { url: "ftp://example.org/x", eventTypes: ["case.created"] });
    expect(bad.status).toBe(422);
    const unknown = await t
      .as(ADMIN)
      .post("/api/webhooks", { url: `${receiver.url}/ok`, eventTypes: ["case.exploded"] });
    expect(unknown.status).toBe(422);
    const created = await t.as(ADMIN).post<{ webhook: { id: string } }>("/api/webhooks", {
      url: `${receiver.url}/ok`,
      eventTypes: ["case.closed"],
    });
    await t.database.db.update(users).set({ isAdmin: true }).where(eq(users.matricule, "MFFE0099"));
    const other = await t.as("MFFE0099").get(`/api/webhooks/${created.body.webhook.id}/deliveries`);
    expect(other.status).toBe(404);
    const deleted = await t.as("MFFE0099").delete(`/api/webhooks/${created.body.webhook.id}`);
    expect(deleted.status).toBe(404);
  });
});
