import type { Actor, CaseState, Token } from "../../engine/case/state.js";
import type { ActorDefinition, ProcedureDefinition } from "../../engine/definition/schema.js";
import type { Db } from "../db/database.js";
import {
  findUserById,
  listUnits,
  membershipsOf,
  type UnitRow,
  type UserRow,
} from "../db/queries/orgChart.js";

/** What the resolution needs to know of a case. */
export interface CaseContext {
  organisation: string;
  requesterId: string;
  state: CaseState;
}

/** Where a waiting step's task goes: a role in a unit, or one named person. */
export interface TaskRouting {
  actorCode: string;
  roleCode: string | null;
  unitId: string | null;
  assigneeId: string | null;
}

/**
 * The units of one organisation, read once per operation: every actor of a definition is then
 * resolved in memory instead of one query per actor.
 */
export class Units {
  private constructor(
    private readonly byId: Map<string, UnitRow>,
    private readonly byCode: Map<string, UnitRow>,
  ) {}

  static async load(db: Db, organisation: string): Promise<Units> {
    const rows = await listUnits(db, organisation);
    return new Units(new Map(rows.map((u) => [u.id, u])), new Map(rows.map((u) => [u.code, u])));
  }

  id(id: string | null): UnitRow | null {
    return id ? (this.byId.get(id) ?? null) : null;
  }

  code(code: string | null): UnitRow | null {
    return code ? (this.byCode.get(code) ?? null) : null;
  }
}

/** The unit whose head answers for the requester: their own unit, or its parent if they head it. */
async function requesterManagerUnit(db: Db, units: Units, requesterId: string): Promise<UnitRow | null> {
  const requester = await findUserById(db, requesterId);
  const unit = units.id(requester?.unitId ?? null);
  if (!requester || !unit) return null;
  const headsIt = (await membershipsOf(db, requester.id)).some(
    (m) => m.unitId === unit.id && m.roleCode === unit.headRole,
  );
  return headsIt && unit.parentId ? units.id(unit.parentId) : unit;
}

async function actorUnit(
  db: Db,
  units: Units,
  ctx: CaseContext,
  actor: ActorDefinition,
): Promise<UnitRow | null> {
  if (actor.relative === "imputed_unit_head") return units.code(ctx.state.imputedUnit);
  if (actor.relative === "requester_manager") return requesterManagerUnit(db, units, ctx.requesterId);
  return units.code(actor.unit ?? null);
}

/** Routes the task of a step a case just entered. */
export async function routeTask(
  db: Db,
  units: Units,
  def: ProcedureDefinition,
  ctx: CaseContext,
  token: Token,
): Promise<TaskRouting> {
  const actorCode = def.steps.find((s) => s.id === token.stepId)!.actor;
  const actor = def.actors[actorCode]!;
  if (token.assigneeUserId)
    return { actorCode, roleCode: null, unitId: null, assigneeId: token.assigneeUserId };
  if (actor.relative === "requester")
    return { actorCode, roleCode: null, unitId: null, assigneeId: ctx.requesterId };
  const unit = await actorUnit(db, units, ctx, actor);
  if (actor.relative) {
    if (!unit) throw new Error(`no unit resolves actor "${actorCode}" of procedure "${def.id}"`);
    return { actorCode, roleCode: unit.headRole, unitId: unit.id, assigneeId: null };
  }
  return { actorCode, roleCode: actor.role ?? actorCode, unitId: unit?.id ?? null, assigneeId: null };
}

/**
 * The definition's actors a person holds on a case, and what else they may do there. The engine
 * decides with this; the inbox query routes with the same rule (role in unit, or named person).
 */
export async function resolveActor(
  db: Db,
  units: Units,
  def: ProcedureDefinition,
  ctx: CaseContext,
  user: UserRow,
  /** Unit of the task being acted on: its head may reassign it. */
  taskUnitId: string | null = null,
): Promise<Actor> {
  const own = await membershipsOf(db, user.id);
  const holds = (role: string | null, unit: UnitRow | null) =>
    role !== null && own.some((m) => m.roleCode === role && (unit === null || m.unitId === unit.id));

  const actorCodes: string[] = [];
  for (const [code, actor] of Object.entries(def.actors)) {
    if (actor.relative === "requester") {
      if (user.id === ctx.requesterId) actorCodes.push(code);
      continue;
    }
    const unit = await actorUnit(db, units, ctx, actor);
    if (actor.relative) {
      if (unit && holds(unit.headRole, unit)) actorCodes.push(code);
      continue;
    }
    if (actor.unit && !unit) continue;
    if (holds(actor.role ?? code, unit)) actorCodes.push(code);
  }

  const taskUnit = units.id(taskUnitId);
  return {
    userId: user.id,
    actorCodes,
    mayReassign: taskUnit !== null && holds(taskUnit.headRole, taskUnit),
    mayCancel: user.id === ctx.requesterId,
  };
}
