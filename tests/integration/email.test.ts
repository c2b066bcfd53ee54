import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { jobs, notifications, users } from "../../server/db/schema.js";
import { jobHandlers, jobSchedules } from "../../server/jobs/registry.js";
import { JobRunner } from "../../server/jobs/runner.js";
import { takerOf } from "../support/people.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtpServer.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

/**
 * E-mail through a real SMTP server on loopback: what a notification becomes (text and HTML,
 * French or English, a Message-ID derived from it), each person's choice (at once, the daily
 * digest, nothing), and a server that refuses mail (retried, then dead).
 */
const BAS_AGENT = "DGD0021";

describe("notifications by e-mail", () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let runner: JobRunner;
  const saved = { ...process.env };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "Logigramme <no-reply@douanes.example.ci>";
    process.env.PUBLIC_URL = "https://logigramme.douanes.example.ci";
    t = await createTestApp();
    runner = new JobRunner({
      db: t.database.db,
      handlers: jobHandlers,
      schedules: jobSchedules,
      clock: t.clock.now,
    });
    // The schedules' first tick records their current period without firing.
    await runner.tick();
  });
  afterAll(async () => {
    await runner.stop();
    await t.close();
    await smtp.close();
    process.env = saved;
  });

  /** Starts a server backup request; returns the case and who can take its first task. */
  async function newTask(): Promise<{ view: CaseView; taker: string; takerId: string; email: string }> {
    // An agent of the Bureau Administration Système opens it for his chief, who is notified.
    const started = await t
      .as(BAS_AGENT)
      .post<CaseView>("/api/cases", { procedureId: "douanes-d-sauvegarde-serveurs" });
    expect(started.status).toBe(201);
    const taker = await takerOf(t.database, "douanes", started.body.tasks[0]!);
    const row = (await findUserByMatricule(t.database.db, taker))!;
    return { view: started.body, taker, takerId: row.id, email: row.email! };
  }

  const mailsTo = (email: string) =>
    smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.text.includes(email)));

  it("e-mails a new task at once, in French, with a text and an HTML part and a link to the case", async () => {
    const { view, takerId, email } = await newTask();
    const before = mailsTo(email).length;
    const report = await runner.runDueJobs(t.clock.now());
    expect(report.dead).toEqual([]);

    const [notification] = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, takerId), eq(notifications.caseId, view.id)));
    expect(notification?.kind).toBe("task_assigned");
    expect(notification?.emailedAt).toEqual(t.clock.now());

    const mails = mailsTo(email).slice(before);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.messageId).toBe(`<notification.${notification!.id}@douanes.example.ci>`);
    expect(mail.subject).toMatch(/^Nouvelle tâche : /);
    expect(mail.from?.text).toContain("no-reply@douanes.example.ci");
    expect(mail.text).toContain(view.registryNumber);
    expect(mail.text).toContain(`https://logigramme.douanes.example.ci/dossiers/${view.id}`);
    expect(mail.html).toContain(`href="https://logigramme.douanes.example.ci/dossiers/${view.id}"`);
    expect(mail.html).toContain("Ouvrir le dossier");
  });

  it("writes in English to someone who chose English", async () => {
    const { taker, email } = await newTask();
    await runner.runDueJobs(t.clock.now());
    const saved = await t
      .as(taker)
      .put("/api/notifications/preferences", { email: "immediate", language: "en" });
    expect(saved.body).toEqual({ email: "immediate", language: "en" });
    const before = mailsTo(email).length;
    await newTask();
    await runner.runDueJobs(t.clock.now());
    const mails = mailsTo(email).slice(before);
    expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/^New task: /)]);
    expect(mails[0]!.html).toContain("Open the case");
    await t.as(taker).put("/api/notifications/preferences", { email: "immediate", language: "fr" });
  });

  it("keeps the notifications of someone who chose the digest for one message at the start of the next working day", async () => {
    const first = await newTask();
    await runner.runDueJobs(t.clock.now());
    const chosen = await t
      .as(first.taker)
      .put("/api/notifications/preferences", { email: "digest", language: "fr" });
    expect(chosen.status).toBe(200);
    expect((await t.as(first.taker).get("/api/notifications/preferences")).body).toEqual({
      email: "digest",
      language: "fr",
    });
    const before = mailsTo(first.email).length;
    await newTask();
    await newTask();
    await runner.tick();
    expect(mailsTo(first.email).length).toBe(before);

    // Monday 09:00 UTC in Abidjan → Tuesday 07:30 is the first working half hour.
    t.clock.advanceHours(22);
    await runner.tick();
    expect(mailsTo(first.email).length).toBe(before);
    t.clock.advanceHours(0.5);
    await runner.tick();
    const digests = mailsTo(first.email).slice(before);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toMatch(/^Votre récapitulatif : \d+ notifications$/);
    expect(digests[0]!.messageId).toBe(`<digest.${first.takerId}.2026-03-03@douanes.example.ci>`);
    expect((digests[0]!.text ?? "").match(/Nouvelle tâche/g)?.length).toBeGreaterThanOrEqual(2);
    // Once a day: a later round the same day sends nothing more.
    t.clock.advanceHours(1);
    await runner.tick();
    expect(mailsTo(first.email).length).toBe(before + 1);
    await t.as(first.taker).put("/api/notifications/preferences", { email: "immediate", language: "fr" });
  });

  it("sends nothing to someone who chose no e-mail, and still shows the notification in the app", async () => {
    const first = await newTask();
    await runner.runDueJobs(t.clock.now());
    await t.as(first.taker).put("/api/notifications/preferences", { email: "none", language: "fr" });
    const before = mailsTo(first.email).length;
    const unread = (await t.as(first.taker).get<{ unread: number }>("/api/notifications/unread-count")).body
      .unread;
    await newTask();
    await runner.runDueJobs(t.clock.now());
    expect(mailsTo(first.email).length).toBe(before);
    expect(
      (await t.as(first.taker).get<{ unread: number }>("/api/notifications/unread-count")).body.unread,
    ).toBe(unread + 1);
    await t.as(first.taker).put("/api/notifications/preferences", { email: "immediate", language: "fr" });
  });

  it("retries a message the SMTP server refuses, then leaves it dead with the server's answer", async () => {
    smtp.refuse.on = true;
    try {
      const { view, takerId, email } = await newTask();
      const [notification] = await t.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, takerId), eq(notifications.caseId, view.id)));
      const key = `email:${notification!.id}`;
      const jobOf = async () => (await t.database.db.select().from(jobs).where(eq(jobs.key, key)))[0]!;
      const before = mailsTo(email).length;

      let attempts = 0;
      while ((await jobOf()).status === "queued" && attempts < 10) {
        const due = (await jobOf()).runAt;
        await runner.runDueJobs(due > t.clock.now() ? due : t.clock.now());
        attempts += 1;
      }
      const dead = await jobOf();
      expect(dead.status).toBe("dead");
      expect(dead.attempts).toBe(6);
      expect(dead.lastError).toMatch(/552/);
      expect(dead.organisation).toBe("douanes");
      // The organisation's administrator sees it among the dead jobs, with the server's answer.
      await t.database.db.update(users).set({ isAdmin: true }).where(eq(users.matricule, "DGD0003"));
      const listed = await t
        .as("DGD0003")
        .get<{ items: Array<{ id: string; name: string; lastError: string }> }>("/api/jobs?status=dead");
      expect(listed.body.items.find((j) => j.id === dead.id)).toMatchObject({
        name: "messages.send-email",
        lastError: expect.stringMatching(/552/),
      });
      expect(mailsTo(email).length).toBe(before);
      const [still] = await t.database.db
        .select()
        .from(notifications)
        .where(eq(notifications.id, notification!.id));
      expect(still?.emailedAt).toBeNull();
    } finally {
      smtp.refuse.on = false;
    }
  });

  it("gives no address nothing to send: a person without e-mail only has the in-app notification", async () => {
    const { taker, takerId } = await newTask();
    await t.database.db.update(users).set({ email: null }).where(eq(users.id, takerId));
    const count = smtp.received.length;
    await newTask();
    await runner.runDueJobs(t.clock.now());
    expect(smtp.received.length).toBe(count);
    expect(
      (await t.as(taker).get<{ unread: number }>("/api/notifications/unread-count")).body.unread,
    ).toBeGreaterThan(0);
  });
});
