import { message } from "../../engine/messages.js";
import type { RegisterDefinition } from "../../engine/register/schema.js";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/queries/orgChart.js";
import { findRegisterDefinition, roleRefsOf } from "../db/queries/registers.js";
import { AppError } from "../errors.js";

/** What the caller may do with one register, from the roles its definition names. */
export interface RegisterAccess {
  read: boolean;
  write: boolean;
  archivist: boolean;
}

type HeldRoles = Array<{ role: string; unit: string }>;

/** A `ROLE` reference matches the role in any unit; `ROLE@UNIT` only in that unit. */
function holds(held: HeldRoles, refs: readonly string[] | undefined): boolean {
  return (refs ?? []).some((ref) => {
    const [role, unit] = ref.split("@");
    return held.some((h) => h.role === role && (unit === undefined || h.unit === unit));
  });
}

export function accessFrom(def: RegisterDefinition, held: HeldRoles): RegisterAccess {
  const write = holds(held, def.access.write);
  const archivist = holds(held, def.access.archivists);
  const read = write || archivist || holds(held, def.access.read) || holds(held, def.access.stockManagers);
  return { read, write, archivist };
}

export async function heldRoles(db: Db, user: UserRow): Promise<HeldRoles> {
  return roleRefsOf(db, user.id);
}

/**
 * The register, if the caller may read it: 404 when their organisation has no such register,
 * 403 when it has one but none of their roles reads it.
 */
export async function readableRegister(
  db: Db,
  user: UserRow,
  registerId: string,
): Promise<{ def: RegisterDefinition; access: RegisterAccess }> {
  const def = await findRegisterDefinition(db, user.organisation, registerId);
  if (!def) {
    throw new AppError(
      404,
      "not_found",
      message(`aucun registre « ${registerId} »`, `no register "${registerId}"`),
    );
  }
  const access = accessFrom(def, await heldRoles(db, user));
  if (!access.read) {
    throw new AppError(
      403,
      "forbidden",
      message(
        `accès refusé : aucun de vos rôles ne lit le registre « ${def.title} »`,
        `access denied: none of your roles reads register "${def.title}"`,
      ),
    );
  }
  return { def, access };
}

export function requireRegisterWrite(def: RegisterDefinition, access: RegisterAccess): void {
  if (!access.write) {
    throw new AppError(
      403,
      "forbidden",
      message(
        `accès refusé : aucun de vos rôles n'écrit dans le registre « ${def.title} »`,
        `access denied: none of your roles writes in register "${def.title}"`,
      ),
    );
  }
}

export function requireArchivist(def: RegisterDefinition, access: RegisterAccess): void {
  if (!access.archivist) {
    throw new AppError(
      403,
      "forbidden",
      message(
        `accès refusé : l'élimination des entrées du registre « ${def.title} » est approuvée par ses archivistes`,
        `access denied: disposing of entries of register "${def.title}" is approved by its archivists`,
      ),
    );
  }
}
