import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/testApp.js";

type Refusal = {
  error: { code: string; message: { fr: string; en: string } };
  problems?: Array<{ code: string; line: number | null }>;
};

const ADMIN = "DGD0099";
const importYaml = (t: TestApp, content: string) =>
  t.as(ADMIN).post<Refusal>("/api/procedures/import", { format: "yaml", content });

describe("imports parse with limits, off the event loop", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // Signed in before the measured calls: the import's answer then waits only for its parsing.
    await t.as(ADMIN).get("/api/session");
  });
  afterAll(async () => {
    await t.close();
  });

  it("refuses a 1 MB document of 60,000 keys with a 422, while /health keeps answering", async () => {
    let content = "id: enorme\norganisation: douanes\nextra:\n";
    for (let i = 0; i < 60_000; i++) content += `  k${i}: ${i}\n`;
    expect(content.length).toBeLessThanOrEqual(1_000_000);

    const order: string[] = [];
    const imported = importYaml(t, content).then((res) => {
      order.push("import");
      return res;
    });
    const health = await t.anonymous.get("/health");
    order.push("health");
    const res = await imported;

    expect(health.status).toBe(200);
    expect(order).toEqual(["health", "import"]);
    expect(res.status).toBe(422);
    expect(res.body.problems?.[0]?.code).toBe("yaml_limits");
    expect(res.body.problems?.length).toBe(1);
  });

  it("answers an alias bomb with a 422, not a 500", async () => {
    const bomb = [
      `a: &a ["x","x","x","x","x","x","x","x","x"]`,
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
      "",
    ].join("\n");
    const res = await importYaml(t, bomb);
    expect(res.status).toBe(422);
    expect(res.body.problems?.[0]?.code).toBe("yaml_limits");
  });

  it("refuses nesting deeper than the limit with a 422", async () => {
    const res = await importYaml(t, `a: ${"[".repeat(5_000)}${"]".repeat(5_000)}\n`);
    expect(res.status).toBe(422);
  });

  it("reports a duplicate key on its line", async () => {
    const res = await importYaml(t, "id: x\norganisation: douanes\nid: y\n");
    expect(res.status).toBe(422);
    expect(res.body.problems?.[0]).toMatchObject({ code: "yaml_syntax", line: 3 });
  });

  it("refuses a CSV of the org chart that is not CSV, with a 4xx", async () => {
    const res = await t
      .as(ADMIN)
      .upload<Refusal>("/api/org-chart/import?kind=units", Buffer.from('"unterminated\n'), "text/csv");
    expect(res.status).toBe(422);
  });
});
