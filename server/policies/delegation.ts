import type { Db } from "../db/database.js";
import { membershipsOf, type UserRow } from "../db/queries/orgChart.js";
import { findUnit } from "../db/queries/units.js";

/**
 * Who may set up or revoke a delegation for an absent person: the person themselves, an
 * administrator of their organisation, or the head of their unit.
 */
export async function mayDelegateFor(db: Db, caller: UserRow, absent: UserRow): Promise<boolean> {
  if (caller.organisation !== absent.organisation) return false;
  if (caller.id === absent.id || caller.isAdmin) return true;
  const unit = absent.unitId ? await findUnit(db, absent.unitId) : null;
  if (!unit?.headRole) return false;
  return (await membershipsOf(db, caller.id)).some(
    (m) => m.unitId === unit.id && m.roleCode === unit.headRole,
  );
}
