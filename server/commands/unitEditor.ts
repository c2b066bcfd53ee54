import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { listUnits, type UnitRow } from "../db/queries/orgChart.js";
import { findRole } from "../db/queries/roles.js";
import { findUnit, findUnitByCode, insertUnit, updateUnit } from "../db/queries/units.js";
import { AppError } from "../errors.js";
import { sameOrganisation } from "../policies/admin.js";
import { type AdminContext, adminChange } from "./adminChange.js";

type Kind = "direction" | "sous-direction" | "bureau" | "service" | "section" | "cabinet" | "autre";

export interface NewUnit {
  code: string;
  name: string;
  kind: Kind;
  parentId: string | null;
  headRole: string | null;
}

const unitWord = { fr: "unité", en: "unit" };

/** Creates a unit of the administrator's organisation under an existing parent (or as a root). */
export async function createUnit(db: Db, ctx: AdminContext, input: NewUnit): Promise<UnitRow> {
  const organisation = ctx.admin.organisation;
  return adminChange(
    db,
    ctx,
    async (tx) => {
      if (await findUnitByCode(tx, organisation, input.code)) {
        throw new AppError(
          409,
          "unit_exists",
          message(`l'unité « ${input.code} » existe déjà`, `unit "${input.code}" already exists`),
          "code",
        );
      }
      if (input.parentId) await parentOf(tx, ctx, input.parentId);
      if (input.headRole) await checkRole(tx, organisation, input.headRole, "headRole");
      return insertUnit(tx, { organisation, ...input });
    },
    (unit) => ({ type: "unit_created", payload: { unitId: unit.id, ...input } }),
  );
}

export interface UnitChange {
  name?: string | undefined;
  kind?: Kind | undefined;
  parentId?: string | null | undefined;
  headRole?: string | null | undefined;
}

/** Renames a unit, moves it under another parent (never under itself), or sets its head role. */
export async function changeUnit(db: Db, ctx: AdminContext, unitId: string, change: UnitChange) {
  const organisation = ctx.admin.organisation;
  return adminChange(
    db,
    ctx,
    async (tx) => {
      const unit = sameOrganisation(ctx.admin, await findUnit(tx, unitId), unitWord);
      if (change.parentId) {
        await parentOf(tx, ctx, change.parentId);
        refuseCycle(await listUnits(tx, organisation), unit, change.parentId);
      }
      if (change.headRole) await checkRole(tx, organisation, change.headRole, "headRole");
      const updated = await updateUnit(tx, unit.id, stripUndefined(change));
      return { before: unit, after: updated };
    },
    ({ before, after }) => ({
      type: "unit_changed",
      payload: {
        unitId: after.id,
        code: after.code,
        before: {
          name: before.name,
          kind: before.kind,
          parentId: before.parentId,
          headRole: before.headRole,
        },
        after: { name: after.name, kind: after.kind, parentId: after.parentId, headRole: after.headRole },
      },
    }),
  ).then((r) => r.after);
}

async function parentOf(tx: Db, ctx: AdminContext, parentId: string): Promise<UnitRow> {
  const parent = await findUnit(tx, parentId);
  if (!parent || parent.organisation !== ctx.admin.organisation) {
    throw new AppError(
      422,
      "unknown_unit",
      message(
        "l'unité parente n'existe pas dans l'organisation",
        "the parent unit is not in the organisation",
      ),
      "parentId",
    );
  }
  return parent;
}

/** Moving a unit under one of its own descendants would detach a loop from the tree. */
function refuseCycle(units: UnitRow[], unit: UnitRow, newParentId: string): void {
  const byId = new Map(units.map((u) => [u.id, u]));
  for (let at: UnitRow | undefined = byId.get(newParentId); at; at = byId.get(at.parentId ?? "")) {
    if (at.id === unit.id) {
      throw new AppError(
        422,
        "unit_cycle",
        message(
          `impossible de placer « ${unit.code} » sous elle-même ou sous l'une de ses subdivisions`,
          `cannot move "${unit.code}" under itself or one of its own sub-units`,
        ),
        "parentId",
      );
    }
  }
}

export async function checkRole(tx: Db, organisation: string, roleCode: string, target: string) {
  if (!(await findRole(tx, organisation, roleCode))) {
    throw new AppError(
      422,
      "unknown_role",
      message(
        `le rôle « ${roleCode} » n'existe pas dans l'organisation`,
        `role "${roleCode}" is not in the organisation`,
      ),
      target,
    );
  }
}

export function stripUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
