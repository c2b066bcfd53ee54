import { isLocalDate } from "../../engine/calendar/localDate.js";
import { message } from "../../engine/messages.js";
import { appendSecurityEvent } from "../audit/securityTrail.js";
import type { Db } from "../db/database.js";
import {
  type DelegationRow,
  findDelegation,
  insertDelegation,
  revokeDelegation,
} from "../db/queries/delegations.js";
import { findUserById, type UserRow } from "../db/queries/orgChart.js";
import { AppError, notFound } from "../errors.js";
import { forbidden } from "../policies/admin.js";
import { mayDelegateFor } from "../policies/delegation.js";

export interface NewDelegation {
  userId: string;
  deputyId: string;
  fromDate: string;
  toDate: string;
  reason: string;
}

const refuseDelegation = () =>
  forbidden({
    fr: "seuls la personne absente, le chef de son unité ou un administrateur organisent son intérim",
    en: "only the absent person, the head of their unit or an administrator arrange their deputy",
  });

/** Sets up an "intérim": from `fromDate` to `toDate` inclusive, the deputy acts for the absent person. */
export async function createDelegation(
  db: Db,
  caller: UserRow,
  input: NewDelegation,
  context: { ip: string | null; now: Date },
): Promise<DelegationRow> {
  for (const field of ["fromDate", "toDate"] as const) {
    if (!isLocalDate(input[field])) {
      throw new AppError(
        422,
        "invalid_date",
        message(`date inexistante : ${input[field]}`, `no such date: ${input[field]}`),
        field,
      );
    }
  }
  if (input.toDate < input.fromDate) {
    throw new AppError(
      422,
      "invalid_period",
      message("la date de fin précède la date de début", "the end date is before the start date"),
      "toDate",
    );
  }
  return db.transaction(async (tx) => {
    const absent = await findUserById(tx, input.userId);
    if (!absent || absent.organisation !== caller.organisation) {
      throw notFound({ fr: "personne absente", en: "absent person" });
    }
    if (!(await mayDelegateFor(tx, caller, absent))) throw refuseDelegation();
    const deputy = await findUserById(tx, input.deputyId);
    if (!deputy?.active || deputy.organisation !== absent.organisation) {
      throw new AppError(
        422,
        "unknown_user",
        message(
          "l'intérimaire doit être une personne active de la même organisation",
          "the deputy must be an active person of the same organisation",
        ),
        "deputyId",
      );
    }
    if (deputy.id === absent.id) {
      throw new AppError(
        422,
        "self_delegation",
        message("une personne ne peut pas assurer son propre intérim", "a person cannot be their own deputy"),
        "deputyId",
      );
    }
    const row = await insertDelegation(tx, {
      organisation: absent.organisation,
      userId: absent.id,
      deputyId: deputy.id,
      fromDate: input.fromDate,
      toDate: input.toDate,
      reason: input.reason,
      createdBy: caller.id,
    });
    await appendSecurityEvent(
      tx,
      {
        organisation: absent.organisation,
        type: "delegation_created",
        userId: absent.id,
        matricule: absent.matricule,
        actorUserId: caller.id,
        ip: context.ip,
        payload: {
          delegationId: row.id,
          deputyId: deputy.id,
          deputyMatricule: deputy.matricule,
          fromDate: row.fromDate,
          toDate: row.toDate,
          reason: row.reason,
        },
      },
      context.now,
    );
    return row;
  });
}

/** Ends a delegation before its term: from now on the deputy no longer acts for the absent person. */
export async function endDelegation(
  db: Db,
  caller: UserRow,
  delegationId: string,
  context: { ip: string | null; now: Date },
): Promise<DelegationRow> {
  return db.transaction(async (tx) => {
    const existing = await findDelegation(tx, delegationId);
    if (!existing || existing.organisation !== caller.organisation) {
      throw notFound({ fr: "intérim", en: "delegation" });
    }
    const absent = await findUserById(tx, existing.userId);
    if (!absent || (existing.createdBy !== caller.id && !(await mayDelegateFor(tx, caller, absent)))) {
      throw refuseDelegation();
    }
    const revoked = await revokeDelegation(tx, existing.id, context.now);
    if (!revoked) {
      throw new AppError(
        409,
        "already_revoked",
        message("cet intérim a déjà été révoqué", "this delegation was already revoked"),
      );
    }
    await appendSecurityEvent(
      tx,
      {
        organisation: existing.organisation,
        type: "delegation_revoked",
        userId: absent.id,
        matricule: absent.matricule,
        actorUserId: caller.id,
        ip: context.ip,
        payload: { delegationId: existing.id, deputyId: existing.deputyId },
      },
      context.now,
    );
    return revoked;
  });
}
