import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { holdsOversightRole } from "../db/queries/overseers.js";
import { forbidden } from "./admin.js";

/**
 * The role matrix and the list of privileged accounts are read by administrators and by holders
 * of an oversight role (a procedure overseer, the security officer).
 */
export async function requireOversight(db: Db, user: UserRow): Promise<void> {
  if (user.isAdmin || (await holdsOversightRole(db, user))) return;
  throw forbidden({
    fr: "réservé aux administrateurs et aux rôles de contrôle",
    en: "reserved to administrators and oversight roles",
  });
}
