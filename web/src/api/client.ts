/**
 * The one way the web app talks to the server: same-origin cookies, the session's CSRF token on
 * every state-changing request, and the server's bilingual errors kept whole so that screens can
 * show them next to the field or action they concern.
 */

export interface Bilingual {
  fr: string;
  en: string;
}

export interface ApiErrorBody {
  code: string;
  message: Bilingual;
  target?: string;
  fields?: Array<{ field: string; message: Bilingual }>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    /** The whole answer, for refusals that carry more than the error (an import's problems). */
    readonly raw: unknown = null,
  ) {
    super(body.message.en);
  }

  /** The message for one field, when the server named it (`target` or `fields`). */
  forField(field: string): Bilingual | null {
    if (this.body.target === field) return this.body.message;
    return this.body.fields?.find((f) => f.field === field)?.message ?? null;
  }
}

let csrfToken: string | null = null;

/** Set from the session response; sent back in X-CSRF-Token. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

async function request<T>(method: Method, path: string, body?: unknown, contentType?: string): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof Blob) {
    payload = body;
    headers["content-type"] = contentType || body.type || "application/octet-stream";
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["content-type"] = "application/json";
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload ?? null, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, {
      code: "network",
      message: { fr: "le serveur est injoignable", en: "the server cannot be reached" },
    });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text ? safeJson(text) : null;
  if (!response.ok) {
    const error = (json as { error?: ApiErrorBody } | null)?.error;
    throw new ApiError(
      response.status,
      error ?? {
        code: `http_${response.status}`,
        message: { fr: `erreur ${response.status} du serveur`, en: `server error ${response.status}` },
      },
      json,
    );
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>("PUT", path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, body ?? {}),
  delete: <T>(path: string) => request<T>("DELETE", path),
  upload: <T>(path: string, file: Blob, contentType?: string) => request<T>("POST", path, file, contentType),
};

/** Builds a query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
