import type { Db } from "../db/database.js";
import { bindToOrganisation } from "../db/queries/tenant.js";
import type { Caller } from "../identity.js";
import { directoryOf, type OrganisationDirectory } from "./organisationDirectory.js";

/** A background job acting: what it changes is authored « Système », with the job's name and id. */
export interface SystemCaller {
  kind: "system";
  job: string;
  jobId: string;
}

/**
 * Someone without an account, known only by the tracking secret of one case (the public portal):
 * they may read that case and nothing else. While submitting, the case does not exist yet.
 */
export interface PublicCaller {
  kind: "public";
  caseId: string | null;
  /** The name they gave: what the audit trail records as the author of their changes. */
  name: string;
}

/** A person acting outside HTTP (the command line, the bench): no session or token to show for it. */
export interface PersonCaller {
  kind: "person";
  user: { id: string; organisation: string };
}

export type OperationCaller = Caller | PersonCaller | SystemCaller | PublicCaller;

/** The person behind a caller, if a person it is. */
export function personOf(caller: OperationCaller): { id: string; organisation: string } | null {
  return caller.kind === "system" || caller.kind === "public" ? null : caller.user;
}

/**
 * One operation — a request or a job — on one transaction: who calls, for which organisation,
 * at what time, and what it has already read. The policy check, the command and the presenter
 * take it, so they see one snapshot and read the organisation's directory once.
 */
export interface OperationContext {
  tx: Db;
  organisation: string;
  caller: OperationCaller;
  now: Date;
  /** The organisation's directory (units, people, memberships, delegations, calendar). */
  directory(revision?: string): Promise<OrganisationDirectory>;
}

export interface OperationInit {
  organisation: string;
  caller: OperationCaller;
  now: Date;
}

/**
 * Runs `work` in one transaction with its context, bound to the organisation (row-level security:
 * another organisation's rows are out of reach even to a query that forgot to name it); anything
 * thrown rolls everything back.
 */
export function inOperation<T>(
  db: Db,
  init: OperationInit,
  work: (ctx: OperationContext) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await bindToOrganisation(tx, init.organisation);
    return work(contextOn(tx, init));
  });
}

/** A context on a transaction the caller already holds (a hand-off starting its linked case there). */
export function contextOn(tx: Db, init: OperationInit): OperationContext {
  let directory: OrganisationDirectory | null = null;
  return {
    tx,
    ...init,
    async directory(revision?: string) {
      if (directory && (revision === undefined || directory.revision === revision)) return directory;
      directory = await directoryOf(tx, init.organisation, revision);
      return directory;
    },
  };
}

/** The author an event records for a caller: a person's id, the system, or a requester by name. */
export function authorOf(caller: OperationCaller): {
  userId: string | null;
  system: SystemCaller | null;
  requester: { name: string; via: "portail" } | null;
} {
  if (caller.kind === "system") return { userId: null, system: caller, requester: null };
  if (caller.kind === "public")
    return { userId: null, system: null, requester: { name: caller.name, via: "portail" } };
  return { userId: caller.user.id, system: null, requester: null };
}
