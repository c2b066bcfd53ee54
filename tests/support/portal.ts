import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";

/** A portal call from a given source address, as the server sees it. */
export async function portalCall<T = Record<string, unknown>>(
  app: FastifyInstance,
  method: "GET" | "POST",
  url: string,
  body?: unknown,
  address = "203.0.113.10",
): Promise<{ status: number; body: T; bytes: Buffer; headers: Record<string, unknown> }> {
  const res = await app.inject({
    method,
    url,
    remoteAddress: address,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, payload: JSON.stringify(body) }),
  });
  let parsed: unknown;
  try {
    parsed = res.body === "" ? undefined : JSON.parse(res.body);
  } catch {
    parsed = res.body;
  }
  return { status: res.statusCode, body: parsed as T, bytes: res.rawPayload, headers: res.headers };
}

/** Fetches a challenge for this address and solves it as the page's script does. */
export async function solvedChallenge(
  app: FastifyInstance,
  organisation: string,
  address = "203.0.113.10",
): Promise<{ payload: string; maxnumber: number }> {
  const res = await portalCall<{
    algorithm: string;
    challenge: string;
    salt: string;
    signature: string;
    maxnumber: number;
  }>(app, "GET", `/api/portal/${organisation}/challenge`, undefined, address);
  if (res.status !== 200) throw new Error(`challenge: ${res.status} ${JSON.stringify(res.body)}`);
  const c = res.body;
  // The same search as the page's script, with Node's synchronous hash (faster than WebCrypto's).
  let number = -1;
  for (let n = 0; n <= c.maxnumber; n += 1) {
    if (
      createHash("sha256")
        .update(c.salt + n)
        .digest("hex") === c.challenge
    ) {
      number = n;
      break;
    }
  }
  if (number < 0) throw new Error("challenge not solved");
  const solution = { number };
  const payload = Buffer.from(
    JSON.stringify({
      algorithm: c.algorithm,
      challenge: c.challenge,
      number: solution.number,
      salt: c.salt,
      signature: c.signature,
    }),
  ).toString("base64");
  return { payload, maxnumber: c.maxnumber };
}

export const PDF = Buffer.from("%PDF-1.4 Demande de données signée");

let requesters = 0;

/** A data request to customs, as a citizen fills it in (each from a new e-mail address). */
export function dataRequest(altcha: string, overrides: Record<string, unknown> = {}) {
  requesters += 1;
  return {
    procedureId: "douanes-o-demandes-donnees",
    requester: {
      name: "Kouamé Yao",
      email: `kouame.yao.${requesters}@exemple.ci`,
      company: "Cabinet Yao Conseil",
    },
    data: {
      service_demandeur: "Cabinet Yao Conseil",
      donnees_demandees: "Volumes d'importation de cacao 2025",
      finalite: "Étude de marché",
    },
    documents: [
      {
        documentId: "demande-donnees",
        fileName: "demande.pdf",
        mediaType: "application/pdf",
        contentBase64: PDF.toString("base64"),
      },
    ],
    consent: true,
    website: "",
    altcha,
    ...overrides,
  };
}
