import { join } from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/loadCatalog.js";
import { fromLocal } from "../../engine/calendar/timeZone.js";
import { type Database, openDatabase } from "../../server/db/database.js";
import { findUserByMatricule } from "../../server/db/queries/orgChart.js";
import { cases, events, jobs, notifications, tasks } from "../../server/db/schema.js";
import { jobHandlers, jobSchedules } from "../../server/jobs/registry.js";
import { JobRunner } from "../../server/jobs/runner.js";
import { proceduresFolder, projectRoot } from "../../server/paths.js";
import { starterOf } from "../support/people.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtpServer.js";
import { completeStep } from "../support/steps.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase.js";
import type { CaseView } from "../support/walker.js";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const FIXTURES = join(projectRoot(), "tests", "fixtures", "time");

/**
 * A wall-clock time in Rabat as an ISO instant. Morocco's offset in 2027 is a forecast that tz
 * releases have changed (UTC+1 in 2025c, UTC+0 in 2026c), so Rabat's moments are local times.
 */
const inRabat = (date: string, hhmm: string) =>
  fromLocal(
    { date, minutes: Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) },
    "Africa/Casablanca",
  ).toISOString();
/** The same instant a minute earlier. */
const minuteBefore = (iso: string) => new Date(new Date(iso).getTime() - 60_000).toISOString();
/** The working day's opening in each organisation, earliest first: 07:30 in Abidjan, 08:30 in Rabat. */
const openings = (date: string) =>
  [
    ["temps-ci", `${date}T07:30:00.000Z`],
    ["temps-ma", inRabat(date, "08:30")],
  ].sort((a, b) => a[1]!.localeCompare(b[1]!)) as Array<[string, string]>;

/**
 * The clock of issue 11, moved by the test (never slept on): reminders and escalations counted in
 * each organisation's working calendar, G's supplier reminded then the order cancelled by the
 * system, R started once per working day by two app servers and once after a restart, and the
 * revision started six months before a definition's revision date. One app, one clock moving
 * forward: each test works in its own stretch of 2027.
 */
// Each test moves the clock through days of ticks by two app servers: minutes on a loaded machine.
describe("time: reminders, escalations, recurring procedures and revisions", { timeout: 240_000 }, () => {
  let store: TestDatabase;
  let t: TestApp;
  let smtp: TestSmtpServer;
  /** A second app server's connection pool (the same embedded database on PGlite). */
  let second: Database;
  let runners: JobRunner[];
  const saved = { ...process.env };
  const requests = new Map<string, CaseView>();

  const newRunners = () =>
    [store.database, second].map(
      (database, i) =>
        new JobRunner({
          db: database.db,
          handlers: jobHandlers,
          schedules: jobSchedules,
          clock: t.clock.now,
          workerId: `server-${i + 1}`,
        }),
    );

  /** Moves the clock to `iso` and lets both app servers tick there at the same moment. */
  const tickAt = async (iso: string) => {
    t.clock.advanceSeconds((new Date(iso).getTime() - t.clock.now().getTime()) / 1000);
    const reports = await Promise.all(runners.map((r) => r.tick(t.clock.now())));
    expect(reports.flatMap((r) => r.dead)).toEqual([]);
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "Logigramme <no-reply@douanes.example.ci>";
    store = await createTestDatabase({ catalogPaths: [proceduresFolder(), FIXTURES] });
    second = onPostgres
      ? await openDatabase({ kind: "postgres", url: store.env.DATABASE_URL!, poolSize: 4 })
      : store.database;
    // Monday 10 May 2027, 09:00 in Abidjan (UTC+0), after the opening in Rabat too.
    t = await createTestApp({ start: new Date("2027-05-10T09:00:00Z"), database: store });
    runners = newRunners();
    // The schedules' first tick records their current periods without firing.
    await tickAt("2027-05-10T09:00:00Z");
    // One request in each organisation, on Monday: 4 working days, so due on Friday 14 May.
    for (const organisation of ["temps-ci", "temps-ma"]) {
      const started = await t
        .as("D001", { organisation })
        .post<CaseView>("/api/cases", { procedureId: "suivi-delai" });
      expect(started.status).toBe(201);
      requests.set(organisation, started.body);
    }
    // The whole catalog and the fixtures are loaded: slow on a loaded machine.
  }, 300_000);
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    if (second !== store.database) await second.close();
    await t.close();
    await smtp.close();
    process.env = saved;
  });

  const userId = async (organisation: string, matricule: string) =>
    (await findUserByMatricule(t.database.db, matricule, organisation))!.id;
  const notificationsOf = async (id: string, kind: string) =>
    t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, id), eq(notifications.kind, kind)));

  // Monday 17 May 2027 is Whit Monday in Abidjan; Eid al-Adha takes Monday and Tuesday in Rabat.
  it("reminds a task due on Friday at the start of Thursday, in Abidjan and in Rabat", async () => {
    for (const [organisation, due] of [
      // 16:30 in Abidjan and in Rabat.
      ["temps-ci", "2027-05-14T16:30:00.000Z"],
      ["temps-ma", inRabat("2027-05-14", "16:30")],
    ] as const) {
      const [task] = await t.database.db
        .select()
        .from(tasks)
        .where(eq(tasks.caseId, requests.get(organisation)!.id));
      expect(task!.dueAt?.toISOString()).toBe(due);
    }
    const agentOf = async (organisation: string) => userId(organisation, "A001");
    const thursday = openings("2027-05-13");
    await tickAt(minuteBefore(thursday[0]![1]));
    for (const [organisation] of thursday) {
      expect(await notificationsOf(await agentOf(organisation), "task_reminder")).toHaveLength(0);
    }
    // Each organisation's agent is reminded at its own opening, not before.
    for (const [organisation, opening] of thursday) {
      if (t.clock.now().toISOString() < minuteBefore(opening)) {
        await tickAt(minuteBefore(opening));
        expect(await notificationsOf(await agentOf(organisation), "task_reminder")).toHaveLength(0);
      }
      await tickAt(opening);
      const reminders = await notificationsOf(await agentOf(organisation), "task_reminder");
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.caseId).toBe(requests.get(organisation)!.id);
    }
  });

  it("escalates to the N+1 on the first working day after the holidays (Tuesday in Abidjan, Wednesday in Rabat), into their inbox, signed « Système »", async () => {
    const chief = { ci: await userId("temps-ci", "C001"), ma: await userId("temps-ma", "C001") };
    const escalationsOf = async (id: string) => (await notificationsOf(id, "escalation")).length;
    await tickAt("2027-05-14T18:00:00Z");
    await tickAt("2027-05-17T07:30:00Z");
    await tickAt("2027-05-17T18:00:00Z");
    await tickAt("2027-05-18T07:29:00Z");
    expect([await escalationsOf(chief.ci), await escalationsOf(chief.ma)]).toEqual([0, 0]);
    await tickAt("2027-05-18T07:30:00Z");
    expect([await escalationsOf(chief.ci), await escalationsOf(chief.ma)]).toEqual([1, 0]);
    await tickAt(minuteBefore(inRabat("2027-05-19", "08:30")));
    expect(await escalationsOf(chief.ma)).toBe(0);
    await tickAt(inRabat("2027-05-19", "08:30"));
    expect(await escalationsOf(chief.ma)).toBe(1);

    for (const organisation of ["temps-ci", "temps-ma"]) {
      const view = requests.get(organisation)!;
      const inbox = await t
        .as("C001", { organisation })
        .get<{ items: Array<{ caseId: string }> }>("/api/tasks");
      const shown = await t
        .as("D001", { organisation })
        .get<CaseView & { history: Array<{ system: unknown; actorUserId: string | null }> }>(
          `/api/cases/${view.id}`,
        );
      const escalated = shown.body.history.find((e) => e.type === "escalated")!;
      expect(escalated).toMatchObject({
        actorUserId: null,
        system: { job: "time.step-milestone" },
        payload: { round: 1, toUserId: await userId(organisation, "C001") },
      });
      expect(shown.body.history.find((e) => e.type === "reassigned")).toMatchObject({
        system: { job: "time.step-milestone" },
      });
      // Tuesday's second round in Abidjan has already moved it on to the director.
      if (organisation === "temps-ma") expect(inbox.body.items.map((i) => i.caseId)).toContain(view.id);
    }
  });

  it("escalates a second time to the N+1 of the N+1, then leaves the task alone", async () => {
    await tickAt(openings("2027-05-20").at(-1)![1]);
    for (const organisation of ["temps-ci", "temps-ma"]) {
      const view = requests.get(organisation)!;
      expect(await notificationsOf(await userId(organisation, "D001"), "escalation")).toHaveLength(1);
      const inbox = await t
        .as("D001", { organisation })
        .get<{ items: Array<{ caseId: string }> }>("/api/tasks");
      expect(inbox.body.items.map((i) => i.caseId)).toContain(view.id);
    }
    await tickAt("2027-05-25T12:00:00Z");
    for (const organisation of ["temps-ci", "temps-ma"]) {
      const escalated = await t.database.db
        .select()
        .from(events)
        .where(and(eq(events.caseId, requests.get(organisation)!.id), eq(events.type, "escalated")));
      expect(escalated).toHaveLength(2);
    }
  });

  it("G: reminds the supplier twice after the prescribed date, then cancels the order and tells them so", async () => {
    await tickAt("2027-06-01T09:00:00Z");
    const def = loadCatalog([proceduresFolder()]).definitions.find(
      (e) => e.definition.id === "douanes-g-commande-reception-materiel",
    )!.definition;
    const requester = await starterOf(t.database, def);
    let view = (
      await t
        .as(requester)
        .post<CaseView>("/api/cases", { procedureId: "douanes-g-commande-reception-materiel" })
    ).body;
    const next = async (stepId: string, options: Parameters<typeof completeStep>[4] = {}) => {
      const done = await completeStep(t, def, view, stepId, options);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      view = done.body;
    };
    await next("fiche-besoins");
    await next("validation", { outcome: "oui" });
    await next("emission-bon-commande", {
      form: {
        fournisseur: "Bureautique Plus",
        email_fournisseur: "commandes@bureautique-plus.example.ci",
        designation: "Dix imprimantes laser",
        montant: 2500000,
        article: "Imprimante laser A4",
        categorie: "imprimante",
        quantite_commandee: 10,
      },
    });
    await next("signature-bon-commande");
    // The prescribed date: Friday 4 June 2027.
    await next("transmission", { form: { date_limite_livraison: "2027-06-04" } });
    expect(view.tasks.find((x) => x.stepId === "execution" && x.status === "open")).toBeDefined();

    const toSupplier = () =>
      smtp.received.filter((m) =>
        (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.text.includes("bureautique-plus.example.ci")),
      );
    const status = async () =>
      (await t.database.db.select({ status: cases.status }).from(cases).where(eq(cases.id, view.id)))[0]!
        .status;

    // Two working days after the date: Tuesday 8 June; two more: Thursday 10; two more: Monday 14.
    await tickAt("2027-06-08T07:29:00Z");
    expect(toSupplier()).toHaveLength(0);
    await tickAt("2027-06-08T07:30:00Z");
    expect(toSupplier()).toHaveLength(1);
    expect(toSupplier()[0]!.subject).toBe(`Relance : bon de commande ${view.registryNumber} non exécuté`);
    expect(toSupplier()[0]!.text).toContain("2027-06-04");
    await tickAt("2027-06-10T07:30:00Z");
    expect(toSupplier()).toHaveLength(2);
    await tickAt("2027-06-14T07:29:00Z");
    expect(await status()).toBe("active");

    await tickAt("2027-06-14T07:30:00Z");
    await tickAt("2027-06-14T07:31:00Z");
    expect(await status()).toBe("cancelled");
    const mails = toSupplier();
    expect(mails).toHaveLength(3);
    expect(mails[2]!.subject).toBe(`Annulation du bon de commande ${view.registryNumber}`);
    // Each message is its own, once: three Message-IDs.
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(3);
    const trail = await t.database.db
      .select({ type: events.type, payload: events.payload })
      .from(events)
      .where(eq(events.caseId, view.id))
      .orderBy(events.seq);
    const types = trail.map((e) => e.type);
    expect(types.filter((x) => x === "escalated")).toHaveLength(2);
    // The order is cancelled only after the last reminder.
    expect(types.lastIndexOf("escalated")).toBeLessThan(
      trail.findIndex((e) => e.type === "step_completed" && e.payload.outcome === "annulee"),
    );
    expect(trail.find((e) => e.type === "message_sent")?.payload).toMatchObject({
      to: ["commandes@bureautique-plus.example.ci"],
      system: { job: "time.step-milestone" },
    });
  });

  it("R: starts once per working day at 20:00 with two app servers, and once after a restart that spanned its hour", async () => {
    const R = "douanes-r-sauvegarde-base-sydam";
    const runs = async () =>
      (
        await t.database.db
          .select({ id: cases.id })
          .from(cases)
          .where(and(eq(cases.organisation, "douanes"), eq(cases.procedureId, R)))
      ).length;
    // Monday 21 June 2027, before 20:00: whatever was missed since is caught up now.
    await tickAt("2027-06-21T19:59:00Z");
    const before = await runs();
    await tickAt("2027-06-21T20:00:00Z");
    expect(await runs()).toBe(before + 1);
    await tickAt("2027-06-21T20:01:00Z");
    await tickAt("2027-06-21T23:00:00Z");
    expect(await runs()).toBe(before + 1);
    await tickAt("2027-06-22T20:00:00Z");
    expect(await runs()).toBe(before + 2);

    // Both servers stop on Tuesday night and start again on Friday morning: Wednesday's and
    // Thursday's 20:00 passed while nobody ran; the declared policy (once) starts one case for them.
    await Promise.all(runners.map((r) => r.stop()));
    runners = newRunners();
    await tickAt("2027-06-25T08:00:00Z");
    expect(await runs()).toBe(before + 3);
    await tickAt("2027-06-25T08:01:00Z");
    expect(await runs()).toBe(before + 3);
    // No run on Saturday.
    await tickAt("2027-06-25T20:00:00Z");
    await tickAt("2027-06-26T20:00:00Z");
    expect(await runs()).toBe(before + 4);

    const [latest] = await t.database.db
      .select({ id: cases.id, title: cases.title })
      .from(cases)
      .where(and(eq(cases.procedureId, R)))
      .orderBy(sql`${cases.createdAt} desc`)
      .limit(1);
    expect(latest!.title).toContain("2027-06-25");
    const [first] = await t.database.db
      .select({ payload: events.payload, actor: events.actorUserId })
      .from(events)
      .where(and(eq(events.caseId, latest!.id), eq(events.type, "case_started")));
    expect(first).toMatchObject({ actor: null, payload: { system: { job: "time.start-scheduled-case" } } });
    const startJobs = await t.database.db
      .select({ key: jobs.key })
      .from(jobs)
      .where(eq(jobs.name, "time.start-scheduled-case"));
    expect(new Set(startJobs.map((j) => j.key)).size).toBe(startJobs.length);
  });

  it("starts the revision procedure six months before a definition's revision date and tells its owner", async () => {
    // suivi-delai is to be revised on 10 January 2028: notice on Saturday 10 July 2027, so on
    // Monday 12 July at the start of the working day.
    const revisions = async () =>
      t.database.db
        .select({ organisation: cases.organisation, data: cases.state })
        .from(cases)
        .where(eq(cases.procedureId, "revision-document"));
    const monday = openings("2027-07-12");
    await tickAt(minuteBefore(monday[0]![1]));
    expect(await revisions()).toHaveLength(0);
    await tickAt(monday.at(-1)![1]);
    const started = await revisions();
    expect(started.map((c) => c.organisation).sort()).toEqual(["temps-ci", "temps-ma"]);
    expect(started[0]!.data.data).toMatchObject({
      document: "Suivi d'un délai",
      date_expiration: "2028-01-10",
    });
    const owner = await userId("temps-ci", "D001");
    expect(await notificationsOf(owner, "revision_due")).toHaveLength(1);
    await tickAt(openings("2027-07-13").at(-1)![1]);
    expect(await revisions()).toHaveLength(2);
    const startJobs = await t.database.db
      .select()
      .from(jobs)
      .where(inArray(jobs.name, ["time.start-revision"]));
    expect(startJobs).toHaveLength(2);
  });

  it("shows a definition past its revision date as « expirée » in the catalog, still usable", async () => {
    const api = t.as("D001", { organisation: "temps-ci" });
    type Listed = { items: Array<{ id: string; expired: boolean; revisionDate: string | null }> };
    const before = await api.get<Listed>("/api/procedures");
    expect(before.body.items.find((p) => p.id === "suivi-delai")).toMatchObject({
      expired: false,
      revisionDate: "2028-01-10",
    });
    await tickAt("2028-01-11T09:00:00Z");
    const after = await api.get<Listed>("/api/procedures");
    expect(after.body.items.find((p) => p.id === "suivi-delai")?.expired).toBe(true);
    expect(after.body.items.find((p) => p.id === "revision-document")?.expired).toBe(false);
    expect((await api.get<{ expired: boolean }>("/api/procedures/suivi-delai")).body.expired).toBe(true);
    const started = await api.post<CaseView>("/api/cases", { procedureId: "suivi-delai" });
    expect(started.status).toBe(201);
  });
});
