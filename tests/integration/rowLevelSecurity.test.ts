import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inOperation, type OperationContext } from "../../server/context/operationContext.js";
import { rowsOf } from "../../server/db/rows.js";
import { createTestApp, type TestApp } from "../support/testApp.js";
import type { CaseView } from "../support/walker.js";

/**
 * Row-level security, the second wall: inside an operation bound to one organisation, even a
 * query that names no organisation at all sees and writes only that organisation's rows.
 */
describe("row-level security behind the query layer", () => {
  let t: TestApp;
  let customsCase: string;
  let ministryCase: string;
  beforeAll(async () => {
    t = await createTestApp();
    const customs = await t
      .as("DGD0002")
      .post<CaseView>("/api/cases", { procedureId: "douanes-m-gestion-anomalies" });
    const ministry = await t
      .as("MFFE0020")
      .post<CaseView>("/api/cases", { procedureId: "mffe-courrier-externe" });
    expect([customs.status, ministry.status], JSON.stringify([customs.body, ministry.body])).toEqual([
      201, 201,
    ]);
    customsCase = customs.body.id;
    ministryCase = ministry.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const inside = <T>(organisation: string, work: (ctx: OperationContext) => Promise<T>) =>
    inOperation(
      t.database.db,
      { organisation, caller: { kind: "system", job: "test", jobId: "0" }, now: t.clock.now() },
      work,
    );
  const ids = async (ctx: OperationContext, query: string) =>
    rowsOf<{ id: string }>(await ctx.tx.execute(sql.raw(query))).map((r) => r.id);

  it("shows an unscoped query only the bound organisation's cases, events, tasks and people", async () => {
    await inside("douanes", async (ctx) => {
      const cases = await ids(ctx, "select id from cases");
      expect(cases).toContain(customsCase);
      expect(cases).not.toContain(ministryCase);
      const organisations = async (table: string) =>
        rowsOf<{ organisation: string }>(
          await ctx.tx.execute(sql.raw(`select distinct organisation from ${table}`)),
        ).map((r) => r.organisation);
      for (const table of ["events", "tasks", "users", "org_units", "procedure_definitions"]) {
        expect(await organisations(table), table).toEqual(["douanes"]);
      }
    });
    await inside("mffe", async (ctx) => {
      expect(await ids(ctx, `select id from cases where id = '${customsCase}'`)).toEqual([]);
      expect(await ids(ctx, `select id from cases where id = '${ministryCase}'`)).toEqual([ministryCase]);
    });
  });

  it("changes nothing of another organisation, and refuses to write a row in its name", async () => {
    await inside("mffe", async (ctx) => {
      const touched = rowsOf<{ id: string }>(
        await ctx.tx.execute(
          sql`update cases set updated_at = updated_at where id = ${customsCase} returning id`,
        ),
      );
      expect(touched).toEqual([]);
    });
    const intrusion = await inside("mffe", (ctx) =>
      ctx.tx.execute(
        sql`insert into comments (organisation, case_id, author_id, body, created_at)
            values ('douanes', ${customsCase}, null, 'intrusion', now())`,
      ),
    ).then(
      () => null,
      (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
    );
    expect(intrusion).toMatch(/row-level security/);
    // Outside any operation the owner sees both: the wall is the operation's, not the data's.
    const both = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`select id from cases where id in (${customsCase}, ${ministryCase})`),
    );
    expect(both).toHaveLength(2);
  });

  it("ends with the operation: the next transaction on the same connection is unbound", async () => {
    await inside("mffe", async () => undefined);
    const role = rowsOf<{ role: string; organisation: string | null }>(
      await t.database.db.execute(
        sql`select current_user as role, nullif(current_setting('logigramme.organisation', true), '') as organisation`,
      ),
    )[0]!;
    expect(role.role).not.toBe("logigramme_tenant");
    expect(role.organisation).toBeNull();
  });
});
