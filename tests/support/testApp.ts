import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, RouteOptions } from "fastify";
import { Secret, TOTP } from "otpauth";
import { loadDocumentCatalogFrom } from "../../catalog/documentCatalog.js";
import { type AppOptions, buildApp } from "../../server/app.js";
import { DEMO_PASSWORD } from "../../server/commands/catalogLoader.js";
import type { Database } from "../../server/db/database.js";
import { jobHandlers } from "../../server/jobs/registry.js";
import { JobRunner, type RunReport } from "../../server/jobs/runner.js";
import { proceduresFolder } from "../../server/paths.js";
import { FileStore } from "../../server/storage/fileStore.js";
import { createTestDatabase, type TestDatabase } from "./testDatabase.js";

/** A clock tests move by hand: due dates and durations are then exact. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  advanceHours(hours: number): void {
    this.current = new Date(this.current.getTime() + hours * 3_600_000);
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
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
  as: (matricule: string, options?: { password?: string; organisation?: string }) => ApiClient;
  /** Calls the API with no session at all. */
  anonymous: ApiClient;
  /** Every route the app registered, as Fastify's onRoute hook saw it (HEAD twins included). */
  routes: RouteOptions[];
  /**
   * The authenticator secret of each account with a second factor that `as` knows: `as` enrols
   * administrators and holders of privileged roles itself, and answers the code at sign-in.
   * A test that enrols someone by hand sets the secret here so that `as` can sign them in again.
   */
  totpSecrets: Map<string, string>;
  /** The code an authenticator app shows for this secret at the test clock's time (or `at`). */
  totpCode: (secret: string, at?: Date) => string;
  /** Runs the jobs due at the test clock's time, as the app's worker would, with the app's file store. */
  runJobs: () => Promise<RunReport>;
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
    /** Trust X-Forwarded-* as behind the administration's HTTPS front. */
    trustProxy?: boolean;
    /** The built web app to serve at `/` (default: web/dist when it was built). */
    webDir?: string;
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
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.webDir ? { webDir: options.webDir } : {}),
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
  const totpSecrets = new Map<string, string>();
  // The server refuses a code whose time step was already accepted: remember the last one used.
  const lastSteps = new Map<string, number>();

  const freshCode = (matricule: string, secret: string): string => {
    const now = clock.now().getTime();
    const step = Math.floor(now / 30_000);
    const last = lastSteps.get(matricule) ?? -1;
    // The server allows one step of drift: when this step is spent, the next one still passes.
    if (last >= step + 1)
      throw new Error(`no unused authenticator code left for ${matricule}: advance t.clock`);
    const at = last >= step ? now + 30_000 : now;
    lastSteps.set(matricule, Math.max(last, Math.floor(at / 30_000)));
    return totpCode(secret, new Date(at));
  };

  const signIn = async (who: string, password: string): Promise<SignedIn> => {
    // `who` is the matricule, or `organisation/matricule` where two organisations share matricules.
    const [organisation, matricule] = who.includes("/") ? who.split("/") : [undefined, who];
    const login = await send("POST", "/api/session", { json: { matricule, password, organisation } }, null);
    if (login.status !== 200) {
      throw new Error(`sign-in of ${who} refused: ${login.status} ${JSON.stringify(login.body)}`);
    }
    const body = login.body as {
      csrfToken: string;
      mustChangePassword: boolean;
      secondFactorRequired: boolean;
      secondFactorEnrolmentRequired: boolean;
    };
    const setCookie = [login.headers["set-cookie"]].flat().find((c) => c?.startsWith("lg_session="));
    if (!setCookie) throw new Error(`sign-in of ${who} set no session cookie`);
    const session = { cookie: setCookie.split(";")[0]!, csrfToken: body.csrfToken };
    if (body.secondFactorRequired) {
      const secret = totpSecrets.get(who);
      if (!secret) throw new Error(`${who} has a second factor unknown to the test: set t.totpSecrets`);
      const given = await send(
        "POST",
        "/api/session/second-factor",
        { json: { code: freshCode(who, secret) } },
        session,
      );
      if (given.status !== 200) {
        throw new Error(`second factor of ${who} refused: ${JSON.stringify(given.body)}`);
      }
    }
    if (body.mustChangePassword) {
      const changed = await send(
        "POST",
        "/api/session/password",
        { json: { currentPassword: password, newPassword: TEST_PASSWORD } },
        session,
      );
      if (changed.status !== 200) {
        throw new Error(`password change of ${who} refused: ${JSON.stringify(changed.body)}`);
      }
      passwords.set(who, TEST_PASSWORD);
    } else {
      passwords.set(who, password);
    }
    if (body.secondFactorEnrolmentRequired) await enrol(who, session);
    return session;
  };

  /** What an administrator or privileged person does at first sign-in: set up the authenticator. */
  const enrol = async (matricule: string, session: SignedIn): Promise<void> => {
    const started = await send("POST", "/api/session/second-factor/enrolment", {}, session);
    if (started.status !== 200)
      throw new Error(`enrolment of ${matricule} refused: ${JSON.stringify(started.body)}`);
    const { secret } = started.body as { secret: string };
    const confirmed = await send(
      "POST",
      "/api/session/second-factor/enrolment/confirm",
      { json: { code: freshCode(matricule, secret) } },
      session,
    );
    if (confirmed.status !== 200) {
      throw new Error(`enrolment of ${matricule} not confirmed: ${JSON.stringify(confirmed.body)}`);
    }
    totpSecrets.set(matricule, secret);
  };

  const as = (person: string, options: { password?: string; organisation?: string } = {}): ApiClient => {
    const matricule = options.organisation ? `${options.organisation}/${person}` : person;
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
      // The person became an administrator or got a privileged role while signed in: they enrol.
      if (
        res.status === 403 &&
        (res.body as { error?: { code?: string } })?.error?.code === "second_factor_enrolment_required"
      ) {
        await enrol(matricule, session);
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
    totpSecrets,
    totpCode: (secret, at) => totpCode(secret, at ?? clock.now()),
    runJobs: () =>
      new JobRunner({
        db: database.db,
        handlers: jobHandlers,
        clock: clock.now,
        services: {
          files: new FileStore(filesDir),
          documents: loadDocumentCatalogFrom(proceduresFolder()),
          publicUrl: "http://localhost:3000",
        },
      }).runDueJobs(clock.now()),
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

/** Computed with the authenticator library itself, as a phone would: SHA-1, 6 digits, 30 s. */
function totpCode(secret: string, at: Date): string {
  const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp: at.getTime() });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
