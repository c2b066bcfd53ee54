import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, RouteOptions } from "fastify";
import { buildApp } from "../../server/app.js";
import type { Database } from "../../server/db/database.js";
import { USER_HEADER } from "../../server/identity.js";
import { createTestDatabase, type TestDatabase } from "./testDatabase.js";

/** A clock tests move by hand: due dates and durations are then exact. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  advanceHours(hours: number): void {
    this.current = new Date(this.current.getTime() + hours * 3_600_000);
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: TestClock;
  close: () => Promise<void>;
  /** Every route the app registered, as Fastify's onRoute hook saw it (HEAD twins included). */
  routes: RouteOptions[];
  /** Calls the API as the person with this matricule. */
  as: (matricule: string) => ApiClient;
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** A response read as text (drawings, files), with its headers. */
export interface TextResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}

export interface ApiClient {
  get: <T = Record<string, unknown>>(url: string) => Promise<ApiResponse<T>>;
  post: <T = Record<string, unknown>>(url: string, body: unknown) => Promise<ApiResponse<T>>;
  put: <T = Record<string, unknown>>(url: string, body: unknown) => Promise<ApiResponse<T>>;
  patch: <T = Record<string, unknown>>(url: string, body: unknown) => Promise<ApiResponse<T>>;
  delete: <T = Record<string, unknown>>(url: string) => Promise<ApiResponse<T>>;
  /** A GET whose answer is not JSON (an SVG, a file), with extra request headers (If-None-Match…). */
  getText: (url: string, headers?: Record<string, string>) => Promise<TextResponse>;
  upload: <T = Record<string, unknown>>(
    url: string,
    bytes: Buffer,
    mediaType: string,
  ) => Promise<ApiResponse<T>>;
}

// A Monday, 09:00 in Abidjan (UTC+0), inside working hours.
export const MONDAY_MORNING = new Date("2026-03-02T09:00:00Z");

export async function createTestApp(
  options: { start?: Date; database?: TestDatabase } = {},
): Promise<TestApp> {
  const start = options.start ?? MONDAY_MORNING;
  const { database, drop } = options.database ?? (await createTestDatabase());
  const clock = new TestClock(start);
  const filesDir = mkdtempSync(join(tmpdir(), "logigramme-files-"));
  const routes: RouteOptions[] = [];
  const app = await buildApp({
    database,
    version: "test",
    clock: clock.now,
    filesDir,
    onRoute: (route) => routes.push(route),
  });
  await app.ready();
  // Bodies are JSON except a file or drawing served back (then the raw text).
  const read = (res: { statusCode: number; body: string; headers: Record<string, unknown> }) => ({
    status: res.statusCode,
    body: String(res.headers["content-type"] ?? "").startsWith("application/json")
      ? JSON.parse(res.body)
      : res.body,
  });
  const as = (matricule: string): ApiClient => {
    const send = async (method: "POST" | "PUT" | "PATCH", url: string, body: unknown) =>
      read(
        await app.inject({
          method,
          url,
          headers: { [USER_HEADER]: matricule, "content-type": "application/json" },
          payload: JSON.stringify(body),
        }),
      );
    return {
      get: async (url) =>
        read(await app.inject({ method: "GET", url, headers: { [USER_HEADER]: matricule } })),
      post: (url, body) => send("POST", url, body),
      put: (url, body) => send("PUT", url, body),
      patch: (url, body) => send("PATCH", url, body),
      delete: async (url) =>
        read(await app.inject({ method: "DELETE", url, headers: { [USER_HEADER]: matricule } })),
      getText: async (url, headers = {}) => {
        const res = await app.inject({
          method: "GET",
          url,
          headers: { ...headers, [USER_HEADER]: matricule },
        });
        return { status: res.statusCode, headers: res.headers, text: res.body };
      },
      upload: async (url, bytes, mediaType) => {
        const res = await app.inject({
          method: "POST",
          url,
          headers: { [USER_HEADER]: matricule, "content-type": mediaType },
          payload: bytes,
        });
        return read(res);
      },
    };
  };
  return {
    app,
    database,
    clock,
    routes,
    as,
    close: async () => {
      await app.close();
      await drop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
