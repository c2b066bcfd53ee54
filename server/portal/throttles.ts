import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { releaseThrottled, reserveThrottled } from "../db/queries/signInThrottles.js";
import { AppError } from "../errors.js";

/**
 * The portal's limits, counted in the database (the sign-in throttle table) so that they hold
 * with several app servers. Each attempt is counted before it is examined.
 */
export const LIMITS = {
  /** Submissions per source address and window. */
  submissionsPerAddress: { limit: 5, minutes: 10 },
  /** Submissions per e-mail address and window. */
  submissionsPerEmail: { limit: 3, minutes: 60 },
  /** Confirmation codes sent per e-mail address and window. */
  codesPerEmail: { limit: 3, minutes: 30 },
  /** Wrong confirmation codes per e-mail address before it is locked for the window. */
  wrongCodesPerEmail: { limit: 5, minutes: 30 },
  /** Wrong tracking codes per source address. */
  wrongTrackingPerAddress: { limit: 10, minutes: 15 },
} as const;

export type LimitName = keyof typeof LIMITS;

export const throttleKey = (name: LimitName, who: string) => `portal:${name}:${who.toLowerCase()}`;

const WHAT: Record<LimitName, { fr: string; en: string }> = {
  submissionsPerAddress: {
    fr: "trop de demandes envoyées depuis cette adresse",
    en: "too many requests sent from this address",
  },
  submissionsPerEmail: {
    fr: "trop de demandes envoyées pour cette adresse e-mail",
    en: "too many requests sent for this e-mail address",
  },
  codesPerEmail: {
    fr: "trop de codes de confirmation demandés pour cette adresse e-mail",
    en: "too many confirmation codes asked for this e-mail address",
  },
  wrongCodesPerEmail: {
    fr: "trop de codes de confirmation erronés pour cette adresse e-mail",
    en: "too many wrong confirmation codes for this e-mail address",
  },
  wrongTrackingPerAddress: {
    fr: "trop de codes de suivi erronés depuis cette adresse",
    en: "too many wrong tracking codes from this address",
  },
};

/** Counts one attempt; past the limit, a 429 saying when to try again. Returns the attempt's number. */
export async function takeAttempt(db: Db, name: LimitName, who: string, now: Date): Promise<number> {
  const { limit, minutes } = LIMITS[name];
  const reserved = await reserveThrottled(db, throttleKey(name, who), limit, now, minutes);
  if ("slot" in reserved) return reserved.slot;
  const wait = Math.max(1, Math.ceil((reserved.refusedUntil.getTime() - now.getTime()) / 60_000));
  const what = WHAT[name];
  throw new AppError(
    429,
    "too_many_requests",
    message(
      `${what.fr} : réessayez dans ${wait} min. Les demandes déjà envoyées sont bien enregistrées.`,
      `${what.en}: try again in ${wait} min. Requests already sent are safely recorded.`,
    ),
  );
}

/** A right answer gives its attempt back (an honest person is not slowed by their own visits). */
export async function giveBackAttempt(db: Db, name: LimitName, who: string): Promise<void> {
  await releaseThrottled(db, throttleKey(name, who), false);
}
