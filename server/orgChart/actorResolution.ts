import type { Actor, CaseState, Token } from "../../engine/case/state.js";
import type { ActorDefinition, ProcedureDefinition } from "../../engine/definition/schema.js";
import type { Db } from "../db/database.js";
import {
  findUnitByCode,
  findUnitById,
  findUserById,
  type MembershipRow,
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

/** The unit whose head answers for the requester: their own unit, or its parent if they head it. */
async function requesterManagerUnit(
  db: Db,
  requester: UserRow,
  own: MembershipRow[],
): Promise<UnitRow | null> {
  if (!requester.unitId) return null;
  const unit = await findUnitById(db, requester.unitId);
  if (!unit) return null;
  const headsIt = own.some((m) => m.unitId === unit.id && m.roleCode === unit.headRole);
  if (!headsIt || !unit.parentId) return unit;
  return findUnitById(db, unit.parentId);
}

async function actorUnit(db: Db, ctx: CaseContext, actor: ActorDefinition): Promise<UnitRow | null> {
  if (actor.relative === "imputed_unit_head") {
    return ctx.state.imputedUnit ? findUnitByCode(db, ctx.organisation, ctx.state.imputedUnit) : null;
  }
  if (actor.relative === "requester_manager") {
    const requester = await findUserById(db, ctx.requesterId);
    return requester ? requesterManagerUnit(db, requester, await membershipsOf(db, requester.id)) : null;
  }
  return actor.unit ? findUnitByCode(db, ctx.organisation, actor.unit) : null;
}

/** Routes the task of a step a case just entered. */
export async function routeTask(
  db: Db,
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
  if (actor.relative) {
    const unit = await actorUnit(db, ctx, actor);
    if (!unit) throw new Error(`no unit resolves actor "${actorCode}" of procedure "${def.id}"`);
    return { actorCode, roleCode: unit.headRole, unitId: unit.id, assigneeId: null };
  }
  const unit = await actorUnit(db, ctx, actor);
  return { actorCode, roleCode: actor.role ?? actorCode, unitId: unit?.id ?? null, assigneeId: null };
}

/**
 * The definition's actors a person holds on a case, and what else they may do there. The engine
 * decides with this; the inbox query routes with the same rule (role in unit, or named person).
 */
export async function resolveActor(
  db: Db,
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
    const unit = await actorUnit(db, ctx, actor);
    if (actor.relative) {
      if (unit && holds(unit.headRole, unit)) actorCodes.push(code);
      continue;
    }
    if (actor.unit && !unit) continue;
    if (holds(actor.role ?? code, unit)) actorCodes.push(code);
  }

  const taskUnit = taskUnitId ? await findUnitById(db, taskUnitId) : null;
  return {
    userId: user.id,
    actorCodes,
    mayReassign: taskUnit !== null && holds(taskUnit.headRole, taskUnit),
    mayCancel: user.id === ctx.requesterId,
  };
}
