import type { RouteOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes, pathParams } from "../support/routeTable.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

/**
 * Malformed input on every route of the route table (issue 17 item 8): ids, query strings,
 * cursors and bodies built from each route's schemas, sent by a signed-in administrator (so that
 * the input reaches the handlers) and by an anonymous caller. Any 5xx fails. Deterministic: a
 * fixed seed, a bounded number of requests per route.
 */
const SEED = 0x17_2026;
const PER_ROUTE = 14;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64url");
const deep = (n: number): unknown => (n === 0 ? "x" : { a: deep(n - 1) });
const deepArray = (n: number): unknown => (n === 0 ? 1 : [deepArray(n - 1)]);

/** Values no schema should let through to the database as they are. */
const HOSTILE_STRINGS = [
  "\u0000",
  "abc\u0000def",
  "\ud800",
  "x\udfffy",
  "x".repeat(20_000),
  "2147483648",
  "99999999999999999999",
  "-1",
  "1e400",
  "NaN",
  "0x10",
  "",
  " ",
  "'; select pg_sleep(1); --",
  "../../etc/passwd",
  "00000000-0000-0000-0000-000000000000",
];
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  2 ** 31,
  2 ** 53 + 1,
  -(2 ** 31) - 1,
  1.5,
  -0,
  1e308,
  true,
  null,
  [],
  {},
  ["\u0000"],
  { "\u0000": 1 },
  deep(60),
  deepArray(200),
];
const HOSTILE_CURSORS = [
  cursorOf(["pas une date", "x"]),
  cursorOf(["2026-13-45T99:00:00Z", "00000000-0000-0000-0000-000000000000"]),
  cursorOf([1e308, 2 ** 31, "x"]),
  cursorOf([null, null, null]),
  cursorOf(["\u0000", "\u0000"]),
  cursorOf([-1]),
  cursorOf(["x"]),
  cursorOf([true, false]),
  cursorOf(["2026-03-02T09:00:00Z", "pas-un-uuid", "x"]),
  cursorOf(["\ud800", 1]),
  "%%%",
  "A".repeat(5000),
];
/** What a careless client sends for a lone surrogate: its 3 bytes of CESU-8, not UTF-8. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value
      .replace(/[\ud800-\udfff]/g, "\u0001")
      .split("\u0001")
      .map(encodeURIComponent)
      .join("%ED%A0%80");
  }
}

/** Path segments: encoded as a client would, plus raw encodings no client should send. */
const HOSTILE_SEGMENTS = [
  ...HOSTILE_STRINGS.filter((s) => s !== "").map((s) => encode(s.slice(0, 3000))),
  "%00",
  "%ED%A0%80",
  "%FF",
  "%",
];

/** The keys of a zod object schema as Fastify holds it (zod 4: `shape`), or none. */
function keysOf(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === "object" ? Object.keys(shape) : [];
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

interface Probe {
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

function probesFor(route: RouteOptions, method: string, random: () => number): Probe[] {
  const schema = (route.schema ?? {}) as { body?: unknown; querystring?: unknown };
  const queryKeys = keysOf(schema.querystring);
  const bodyKeys = keysOf(schema.body);
  const params = pathParams(route.url);
  const withBody = method !== "GET" && method !== "DELETE";
  const probes: Probe[] = [];
  for (let i = 0; i < PER_ROUTE; i++) {
    let url = route.url.replace(/:([A-Za-z0-9_]+)/g, () => pick(random, HOSTILE_SEGMENTS));
    if (params.length === 0 && i % 4 === 0) url = route.url;
    const query: string[] = [];
    for (const key of queryKeys) {
      if (random() < 0.5) continue;
      const value = key === "cursor" ? pick(random, HOSTILE_CURSORS) : String(pick(random, HOSTILE_STRINGS));
      query.push(`${key}=${encode(value.slice(0, 5000))}`);
    }
    if (i === 1 && queryKeys.includes("cursor")) query.push(`cursor=${pick(random, HOSTILE_CURSORS)}`);
    const probe: Probe = { method, url: query.length ? `${url}?${query.join("&")}` : url };
    if (withBody) {
      const kind = random();
      if (kind < 0.1) {
        probe.body = JSON.stringify(pick(random, [deep(80), deepArray(500), [], "texte", 42, null]));
      } else if (kind < 0.15) {
        probe.body = '{"a":"\\u0000","b":"\\ud800"}';
      } else {
        const body: Record<string, unknown> = {};
        for (const key of bodyKeys) body[key] = pick(random, HOSTILE_VALUES);
        if (random() < 0.3) body[pick(random, ["\u0000", "inconnu", "__proto__", "x".repeat(300)])] = 1;
        probe.body = JSON.stringify(body);
      }
      probe.contentType = "application/json";
    }
    probes.push(probe);
  }
  return probes;
}

describe("fuzzing every route with malformed input", () => {
  let t: TestApp;
  let session: { cookie: string; csrf: string };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = "DGD0099";
    expect((await t.as(admin).get("/api/session")).status).toBe(200);
    // A session of its own, so that the fuzzing can send raw requests with it.
    const signIn = await t.app.inject({
      method: "POST",
      url: "/api/session",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ matricule: admin, password: "Essai-des-tests-2026" }),
    });
    const cookie = [signIn.headers["set-cookie"]].flat().find((c) => c?.startsWith("lg_session="))!;
    session = { cookie: cookie.split(";")[0]!, csrf: signIn.json().csrfToken };
    t.clock.advanceSeconds(60);
    const code = t.totpCode(t.totpSecrets.get(admin)!);
    const given = await t.app.inject({
      method: "POST",
      url: "/api/session/second-factor",
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "content-type": "application/json" },
      payload: JSON.stringify({ code }),
    });
    expect(given.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  async function send(probe: Probe, signedIn: boolean) {
    const headers: Record<string, string> = {};
    if (signedIn) {
      headers.cookie = session.cookie;
      headers["x-csrf-token"] = session.csrf;
    }
    if (probe.contentType) headers["content-type"] = probe.contentType;
    const res = await t.app.inject({
      method: probe.method as "GET",
      url: probe.url,
      headers,
      ...(probe.body !== undefined ? { payload: probe.body } : {}),
    });
    return res;
  }

  it("answers every malformed request to every route with a 4xx in the error shape, never a 5xx", {
    timeout: 300_000,
  }, async () => {
    const random = prng(SEED);
    const byKey = new Map(t.routes.map((r) => [`${[r.method].flat().join(",")} ${r.url}`, r]));
    const routes = apiRoutes(t.routes).filter((r) => !r.url.startsWith("/api/docs"));
    expect(routes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    let sent = 0;
    for (const api of routes) {
      const route = [...byKey.values()].find(
        (r) => r.url === api.url && [r.method].flat().includes(api.method as "GET"),
      )!;
      for (const [i, probe] of probesFor(route, api.method, random).entries()) {
        // Logging out ends the fuzzing session: it is sent anonymously.
        const signedIn = i % 5 !== 4 && !/\/api\/session(\/logout-everywhere)?$/.test(api.url);
        const res = await send(probe, signedIn || api.method === "GET");
        sent++;
        if (res.statusCode >= 500) {
          failures.push(
            `${res.statusCode} ${probe.method} ${probe.url.slice(0, 200)} ${probe.body?.slice(0, 200) ?? ""}`,
          );
        } else if (res.statusCode >= 400 && res.headers["content-type"]?.toString().includes("json")) {
          const body = res.json() as { error?: { code?: string } };
          if (!body.error?.code)
            failures.push(`no error shape: ${res.statusCode} ${probe.method} ${probe.url.slice(0, 200)}`);
        }
      }
    }
    // Unauthenticated sign-in with NUL bytes and lone surrogates: the tester's first 500s.
    for (const matricule of ["DGD\u00000001", "\ud800", "x".repeat(10_000)]) {
      const res = await send(
        {
          method: "POST",
          url: "/api/session",
          contentType: "application/json",
          body: JSON.stringify({ matricule, password: "x\u0000" }),
        },
        false,
      );
      sent++;
      if (res.statusCode >= 500)
        failures.push(`${res.statusCode} POST /api/session ${JSON.stringify(matricule).slice(0, 40)}`);
    }
    if (failures.length > 0)
      console.error(`${failures.length} of ${sent} requests failed:\n${failures.join("\n")}`);
    expect(sent).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  });
});
