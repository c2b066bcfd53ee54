import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../server/db/database.js";
import { upsertOrganisation } from "../../server/db/queries/organisations.js";
import { jobs, securityEvents } from "../../server/db/schema.js";
import { JobRunner, type TickReport } from "../../server/jobs/runner.js";
import type { Schedule } from "../../server/jobs/schedules.js";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase.js";
import { cronEffectJob, testJobHandlers } from "../support/testJobs.js";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe("cron schedules", () => {
  let store: TestDatabase;
  /** A second app server: its own connection pool to the same PostgreSQL (the same embedded database otherwise). */
  let second: Database;

  beforeAll(async () => {
    store = await createTestDatabase();
    second = onPostgres
      ? await openDatabase({ kind: "postgres", url: store.env.DATABASE_URL!, poolSize: 4 })
      : store.database;
    // An organisation on Morocco's calendar (Africa/Casablanca, UTC+1 in June) beside the two of
    // the catalog (Africa/Abidjan, UTC+0).
    await upsertOrganisation(store.database.db, {
      code: "test-maroc",
      name: "Organisation de test (Maroc)",
      calendar: "MA",
      securityOfficerRole: null,
    });
  });
  afterAll(async () => {
    if (second !== store.database) await second.close();
    await store.drop();
  });

  const runners = (schedules: Schedule[]) =>
    [store.database, second].map(
      (database, i) =>
        new JobRunner({ db: database.db, handlers: testJobHandlers, schedules, workerId: `server-${i + 1}` }),
    );
  /** Both app servers tick at the same moment; what they enqueued and ran, together. */
  const tickBoth = async (both: JobRunner[], at: string): Promise<TickReport> => {
    const reports = await Promise.all(both.map((r) => r.tick(new Date(at))));
    return {
      scheduled: reports.flatMap((r) => r.scheduled),
      done: reports.flatMap((r) => r.done),
      lost: reports.flatMap((r) => r.lost),
      retried: reports.flatMap((r) => r.retried),
      dead: reports.flatMap((r) => r.dead),
    };
  };
  const organisationsOf = async (ids: string[]) => {
    const rows = await Promise.all(
      ids.map(
        async (id) => (await store.database.db.select().from(jobs).where(eq(jobs.id, id)))[0]!.organisation,
      ),
    );
    return rows.sort();
  };
  const firedIn = async (organisation: string) =>
    (
      await store.database.db
        .select({
          type: securityEvents.type,
          actor: securityEvents.actorUserId,
          payload: securityEvents.payload,
        })
        .from(securityEvents)
        .where(eq(securityEvents.organisation, organisation))
    ).filter((e) => e.type === "test_cron_fired");

  it("fires once per period in each organisation's time zone, with two app servers ticking together", async () => {
    const both = runners([
      { name: "test.nightly", cron: "0 2 * * *", job: cronEffectJob, scope: "organisation", catchUp: "once" },
    ]);
    // First sighting: the current periods are recorded, nothing fires.
    expect((await tickBoth(both, "2026-06-10T00:30:00Z")).scheduled).toEqual([]);

    // 02:00 in Rabat.
    const rabat = await tickBoth(both, "2026-06-10T01:00:05Z");
    expect(await organisationsOf(rabat.scheduled)).toEqual(["test-maroc"]);
    expect(rabat.done).toEqual(rabat.scheduled);
    // 02:00 in Abidjan.
    const abidjan = await tickBoth(both, "2026-06-10T02:00:05Z");
    expect(await organisationsOf(abidjan.scheduled)).toEqual(["douanes", "mffe"]);
    expect(abidjan.done.sort()).toEqual(abidjan.scheduled.sort());
    expect((await tickBoth(both, "2026-06-10T02:00:05Z")).scheduled).toEqual([]);
    expect((await tickBoth(both, "2026-06-10T12:00:00Z")).scheduled).toEqual([]);
    // The next night, again once in each.
    expect(await organisationsOf((await tickBoth(both, "2026-06-11T02:00:10Z")).scheduled)).toEqual([
      "douanes",
      "mffe",
      "test-maroc",
    ]);

    const fired = await firedIn("douanes");
    expect(fired).toHaveLength(2);
    for (const e of fired) {
      expect(e.actor).toBeNull();
      expect(e.payload).toMatchObject({ system: { job: "test.cron-effect" } });
    }
    expect(await firedIn("test-maroc")).toHaveLength(2);
  });

  it("after a restart that spanned its time, runs a `once` schedule once and lets a `skip` one wait", async () => {
    const both = runners([
      { name: "test.once", cron: "0 3 * * *", job: cronEffectJob, scope: "system", catchUp: "once" },
      { name: "test.skip", cron: "0 3 * * *", job: cronEffectJob, scope: "system", catchUp: "skip" },
    ]);
    const keysOf = async (schedule: string) =>
      (
        await store.database.db
          .select({ key: jobs.key, status: jobs.status })
          .from(jobs)
          .where(like(jobs.key, `schedule:${schedule}:%`))
      ).map((j) => `${j.key} ${j.status}`);

    await tickBoth(both, "2026-07-01T12:00:00Z");
    // Nobody ran for three nights.
    await tickBoth(both, "2026-07-04T12:00:00Z");
    expect(await keysOf("test.once")).toEqual(["schedule:test.once::2026-07-04T03:00:00.000Z done"]);
    expect(await keysOf("test.skip")).toEqual([]);
    // The next night is on time for both.
    await tickBoth(both, "2026-07-05T03:00:30Z");
    expect((await keysOf("test.once")).sort()).toEqual([
      "schedule:test.once::2026-07-04T03:00:00.000Z done",
      "schedule:test.once::2026-07-05T03:00:00.000Z done",
    ]);
    expect(await keysOf("test.skip")).toEqual(["schedule:test.skip::2026-07-05T03:00:00.000Z done"]);
  });
});
