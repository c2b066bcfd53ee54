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

/** One of the roles (in a unit, when fixed) a task is offered to. */
export interface TaskCandidate {
  roleCode: string;
  unitId: string | null;
}

/**
 * Where a waiting step's task goes: a role in a unit, or one named person. An actor with
 * alternatives (« CB / CS ») is offered to every candidate; the task row keeps the first.
 */
export interface TaskRouting {
  actorCode: string;
  roleCode: string | null;
  unitId: string | null;
  assigneeId: string | null;
  candidates: TaskCandidate[];
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
    return { actorCode, roleCode: null, unitId: null, assigneeId: token.assigneeUserId, candidates: [] };
  if (actor.relative === "requester")
    return { actorCode, roleCode: null, unitId: null, assigneeId: ctx.requesterId, candidates: [] };
  if (actor.anyOf) {
    const candidates = actor.anyOf.map((a) => ({
      roleCode: a.role,
      unitId: units.code(a.unit ?? null)?.id ?? null,
    }));
    return { actorCode, ...candidates[0]!, assigneeId: null, candidates };
  }
  const unit = await actorUnit(db, units, ctx, actor);
  if (actor.relative) {
    if (!unit) throw new Error(`no unit resolves actor "${actorCode}" of procedure "${def.id}"`);
    return { actorCode, roleCode: unit.headRole, unitId: unit.id, assigneeId: null, candidates: [] };
  }
  return {
    actorCode,
    roleCode: actor.role ?? actorCode,
    unitId: unit?.id ?? null,
    assigneeId: null,
    candidates: [],
  };
}

/** Who stands in for whom while resolving: the people the caller deputises today, and the step at stake. */
export interface Deputising {
  /** Ids of the people the caller currently stands in for (`standingInFor`). */
  standingInFor: string[];
  /** The waiting step being acted on; without it, the first step the caller could take as a deputy. */
  token?: Token | null;
}

/**
 * The definition's actors a person holds on a case, and what else they may do there. The engine
 * decides with this; the inbox query routes with the same rule (role in unit, or named person).
 *
 * Delegation ("intérim"): when the person cannot take the step themselves but stands in for
 * someone who can, they act as that person, and `onBehalfOfUserId` names them for the audit trail.
 */
export async function resolveActor(
  db: Db,
  units: Units,
  def: ProcedureDefinition,
  ctx: CaseContext,
  user: UserRow,
  /** Unit of the task being acted on: its head may reassign it. */
  taskUnitId: string | null = null,
  deputising: Deputising = { standingInFor: [] },
): Promise<Actor> {
  const own = await ownActor(db, units, def, ctx, user, taskUnitId);
  if (deputising.standingInFor.length === 0) return own;
  const tokens = deputising.token ? [deputising.token] : ctx.state.tokens;
  const open = tokens.filter((token) => !mayTake(def, token, own));
  if (open.length === 0) return own;
  for (const absentId of deputising.standingInFor) {
    const absent = await findUserById(db, absentId);
    if (!absent?.active || absent.organisation !== user.organisation) continue;
    const theirs = await ownActor(db, units, def, ctx, absent, taskUnitId);
    if (open.some((token) => mayTake(def, token, theirs))) {
      return {
        userId: user.id,
        // Acting on one step: exactly the absent person's actors. Showing a case: both.
        actorCodes: deputising.token
          ? theirs.actorCodes
          : [...new Set([...own.actorCodes, ...theirs.actorCodes])],
        ...(theirs.actingRoles ? { actingRoles: theirs.actingRoles } : {}),
        onBehalfOfUserId: absent.id,
        mayReassign: own.mayReassign || theirs.mayReassign,
        mayCancel: own.mayCancel,
      };
    }
  }
  return own;
}

/** The engine's rule for who may take a waiting step: its named assignee, or a holder of its actor. */
function mayTake(def: ProcedureDefinition, token: Token, actor: Actor): boolean {
  if (token.assigneeUserId) return token.assigneeUserId === actor.userId;
  const step = def.steps.find((s) => s.id === token.stepId);
  return step !== undefined && actor.actorCodes.includes(step.actor);
}

async function ownActor(
  db: Db,
  units: Units,
  def: ProcedureDefinition,
  ctx: CaseContext,
  user: UserRow,
  taskUnitId: string | null,
): Promise<Actor> {
  const own = await membershipsOf(db, user.id);
  const holds = (role: string | null, unit: UnitRow | null) =>
    role !== null && own.some((m) => m.roleCode === role && (unit === null || m.unitId === unit.id));

  const actorCodes: string[] = [];
  const actingRoles: Record<string, string> = {};
  for (const [code, actor] of Object.entries(def.actors)) {
    if (actor.anyOf) {
      const held = actor.anyOf.find((a) => {
        const unit = units.code(a.unit ?? null);
        return !(a.unit && !unit) && holds(a.role, unit);
      });
      if (held) {
        actorCodes.push(code);
        actingRoles[code] = held.role;
      }
      continue;
    }
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
    ...(Object.keys(actingRoles).length > 0 ? { actingRoles } : {}),
    mayReassign: taskUnit !== null && holds(taskUnit.headRole, taskUnit),
    mayCancel: user.id === ctx.requesterId,
  };
}
