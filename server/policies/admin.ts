import { message } from "../../engine/messages.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";

export const forbidden = (what: { fr: string; en: string }) =>
  new AppError(403, "forbidden", message(`accès refusé : ${what.fr}`, `access denied: ${what.en}`));

/**
 * Administrators (`users.isAdmin`) manage the catalog, the org chart and the accounts of their
 * own organisation only. Every administration write and every administration-only read checks
 * this first.
 */
export function requireAdmin(user: UserRow): void {
  if (!user.isAdmin) {
    throw forbidden({
      fr: "réservé aux administrateurs de l'organisation",
      en: "reserved to the organisation's administrators",
    });
  }
}

/**
 * Something of another organisation is answered as missing, not forbidden: an administrator
 * learns nothing about other organisations' data.
 */
export function sameOrganisation<T extends { organisation: string }>(
  user: UserRow,
  row: T | null | undefined,
  what: { fr: string; en: string },
): T {
  if (!row || row.organisation !== user.organisation) {
    throw new AppError(404, "not_found", message(`${what.fr} introuvable`, `${what.en} not found`));
  }
  return row;
}
