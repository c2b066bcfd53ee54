import { createChallenge, extractParams, verifySolution } from "altcha-lib/v1";
import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { spendOnce, throttleCount } from "../db/queries/portal.js";
import { AppError } from "../errors.js";
import { portalKey } from "./portalKey.js";
import { throttleKey } from "./throttles.js";

/** The easiest challenge: about ten thousand hashes, a fraction of a second on a phone. */
export const BASE_DIFFICULTY = 20_000;
const MAX_DIFFICULTY = 2_000_000;
const VALID_MINUTES = 20;

export interface PortalChallenge {
  algorithm: "SHA-256";
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/**
 * A proof-of-work challenge (ALTCHA, self-hosted: no third party sees the visitor). It doubles in
 * cost with each submission the address made in the current window: a flood slows itself down
 * before the limit refuses it.
 */
export async function newChallenge(
  db: Db,
  organisation: string,
  address: string,
  now: Date,
): Promise<PortalChallenge> {
  const recent = await throttleCount(db, throttleKey("submissionsPerAddress", address), now);
  const maxnumber = Math.min(MAX_DIFFICULTY, BASE_DIFFICULTY * 2 ** recent);
  const challenge = await createChallenge({
    hmacKey: await portalKey(db),
    maxnumber,
    params: { org: organisation, expires: String(Math.floor(now.getTime() / 1000) + VALID_MINUTES * 60) },
  });
  return { ...challenge, algorithm: "SHA-256", maxnumber };
}

const refused = () =>
  new AppError(
    422,
    "challenge_failed",
    message(
      "la vérification anti-robot a échoué ou a expiré : rechargez la page et renvoyez le formulaire",
      "the anti-robot check failed or expired: reload the page and send the form again",
    ),
    "altcha",
  );

/**
 * Checks a solved challenge: signed by this server for this organisation, not expired by the
 * server's clock, and never used before (each solution buys one submission).
 */
export async function checkSolution(db: Db, organisation: string, payload: string, now: Date): Promise<void> {
  let params: Record<string, string>;
  try {
    params = extractParams(payload);
  } catch {
    throw refused();
  }
  const expires = Number(params.expires);
  if (params.org !== organisation || !Number.isFinite(expires) || expires * 1000 < now.getTime()) {
    throw refused();
  }
  if (!(await verifySolution(payload, await portalKey(db), false))) throw refused();
  const { salt } = JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as { salt: string };
  if (!(await spendOnce(db, `portal:challenge:${salt}`, new Date(expires * 1000)))) throw refused();
}
