import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, RouteOptions } from "fastify";
import { type AppOptions, buildApp } from "../../server/app.js";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import type { Database } from "../../server/db/database.js";
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
  /**
   * Calls the API as the person with this matricule, through a real session: the first call signs
   * in with their password (the demo default unless given) and replaces a default password.
   */
  as: (matricule: string, options?: { password?: string }) => ApiClient;
  /** Calls the API with no session at all. */
  anonymous: ApiClient;
  /** Every route the app registered, as Fastify's onRoute hook saw it (HEAD twins included). */
  routes: RouteOptions[];
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  /** The raw bytes of the response (downloads). */
  bytes: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface ApiClient {
  /** `headers`: extra request headers (If-None-Match…). */
  get: <T = Record<string, unknown>>(
    url: string,
    headers?: Record<string, string>,
  ) => Promise<ApiResponse<T>>;
  post: <T = Record<string, unknown>>(url: string, body?: unknown) => Promise<ApiResponse<T>>;
  put: <T = Record<string, unknown>>(url: string, body?: unknown) => Promise<ApiResponse<T>>;
  patch: <T = Record<string, unknown>>(url: string, body?: unknown) => Promise<ApiResponse<T>>;
  delete: <T = Record<string, unknown>>(url: string) => Promise<ApiResponse<T>>;
  upload: <T = Record<string, unknown>>(
    url: string,
    bytes: Buffer,
    mediaType: string,
  ) => Promise<ApiResponse<T>>;
}

// A Monday, 09:00 in Abidjan (UTC+0), inside working hours.
export const MONDAY_MORNING = new Date("2026-03-02T09:00:00Z");

/** What demo accounts choose when the first login asks them to replace the default password. */
export const TEST_PASSWORD = "Essai-des-tests-2026";

interface SignedIn {
  cookie: string;
  csrfToken: string;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a call sends besides its method and URL. */
interface Payload {
  json?: unknown;
  bytes?: Buffer;
  mediaType?: string;
  headers?: Record<string, string>;
}

export async function createTestApp(
  options: {
    start?: Date;
    database?: TestDatabase;
    /** Sign-in sources (directory, identity provider) the app is configured with. */
    sources?: Pick<AppOptions, "directory" | "oidc">;
  } = {},
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
    ...options.sources,
  });
  await app.ready();

  const send = async (
    method: Method,
    url: string,
    payload: Payload,
    session: SignedIn | null,
  ): Promise<ApiResponse<unknown>> => {
    const headers: Record<string, string> = { ...payload.headers };
    if (session) {
      headers.cookie = session.cookie;
      headers["x-csrf-token"] = session.csrfToken;
    }
    let body: string | Buffer | undefined;
    if (payload.bytes) {
      headers["content-type"] = payload.mediaType ?? "application/octet-stream";
      body = payload.bytes;
    } else if (payload.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(payload.json);
    }
    const res = await app.inject({ method, url, headers, ...(body !== undefined ? { payload: body } : {}) });
    const text = res.body;
    return {
      status: res.statusCode,
      body: text === "" ? undefined : safeJson(text),
      bytes: res.rawPayload,
      headers: Object.fromEntries(
        Object.entries(res.headers).map(([k, v]) => [k, typeof v === "number" ? String(v) : v]),
      ),
    };
  };

  // Passwords as they are now (the demo default is replaced at first sign-in) and open sessions.
  const passwords = new Map<string, string>();
  const sessions = new Map<string, SignedIn>();

  const signIn = async (matricule: string, password: string): Promise<SignedIn> => {
    const login = await send("POST", "/api/session", { json: { matricule, password } }, null);
    if (login.status !== 200) {
      throw new Error(`sign-in of ${matricule} refused: ${login.status} ${JSON.stringify(login.body)}`);
    }
    const body = login.body as { csrfToken: string; mustChangePassword: boolean };
    const setCookie = [login.headers["set-cookie"]].flat().find((c) => c?.startsWith("lg_session="));
    if (!setCookie) throw new Error(`sign-in of ${matricule} set no session cookie`);
    const session = { cookie: setCookie.split(";")[0]!, csrfToken: body.csrfToken };
    if (body.mustChangePassword) {
      const changed = await send(
        "POST",
        "/api/session/password",
        { json: { currentPassword: password, newPassword: TEST_PASSWORD } },
        session,
      );
      if (changed.status !== 200) {
        throw new Error(`password change of ${matricule} refused: ${JSON.stringify(changed.body)}`);
      }
      passwords.set(matricule, TEST_PASSWORD);
    } else {
      passwords.set(matricule, password);
    }
    return session;
  };

  const as = (matricule: string, options: { password?: string } = {}): ApiClient => {
    const call = async (method: Method, url: string, payload: Payload) => {
      let session = sessions.get(matricule);
      if (!session) {
        session = await signIn(matricule, options.password ?? passwords.get(matricule) ?? DEMO_PASSWORD);
        sessions.set(matricule, session);
      }
      const res = await send(method, url, payload, session);
      // The test clock may have moved past the session's expiry: sign in again, as a person would.
      if (
        res.status === 401 &&
        (res.body as { error?: { code?: string } })?.error?.code === "unauthenticated"
      ) {
        sessions.delete(matricule);
        session = await signIn(matricule, passwords.get(matricule) ?? DEMO_PASSWORD);
        sessions.set(matricule, session);
        return send(method, url, payload, session);
      }
      return res;
    };
    return client(call);
  };

  const anonymous = client((method, url, payload) => send(method, url, payload, null));

  return {
    app,
    database,
    clock,
    as,
    anonymous,
    routes,
    close: async () => {
      await app.close();
      await drop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

function client(
  call: (method: Method, url: string, payload: Payload) => Promise<ApiResponse<unknown>>,
): ApiClient {
  // Tests name the body type they expect; the assertions check it.
  const typed = <T>(response: Promise<ApiResponse<unknown>>) => response as Promise<ApiResponse<T>>;
  return {
    get: (url, headers) => typed(call("GET", url, { headers })),
    post: (url, body) => typed(call("POST", url, { json: body ?? {} })),
    put: (url, body) => typed(call("PUT", url, { json: body ?? {} })),
    patch: (url, body) => typed(call("PATCH", url, { json: body ?? {} })),
    delete: (url) => typed(call("DELETE", url, {})),
    upload: (url, bytes, mediaType) => typed(call("POST", url, { bytes, mediaType })),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
