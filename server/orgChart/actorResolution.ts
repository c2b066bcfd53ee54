import type { Actor, CaseState, Token } from "../../engine/case/state.js";
import type { ActorDefinition, ProcedureDefinition } from "../../engine/definition/schema.js";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import type { DirectoryPerson } from "../db/queries/directory.js";
import type { UnitRow } from "../db/queries/orgChart.js";

/** What the resolution needs to know of a case. */
export interface CaseContext {
  organisation: string;
  /** The account that asked; null when the requester has none. */
  requesterId: string | null;
  state: CaseState;
}

/** Where a waiting step's task goes: a role in a unit, or one named person. */
export interface TaskRouting {
  actorCode: string;
  roleCode: string | null;
  unitId: string | null;
  assigneeId: string | null;
  /** An actor with alternatives (« CB / CS »): every role (and unit) the task is offered to. */
  candidates?: Array<{ roleCode: string; unitId: string | null }>;
}

/** The unit whose head answers for the requester: their own unit, or its parent if they head it. */
function requesterManagerUnit(directory: OrganisationDirectory, requesterId: string | null): UnitRow | null {
  const requester = directory.person(requesterId);
  const unit = directory.unit(requester?.unitId ?? null);
  if (!requester || !unit) return null;
  const headsIt = directory
    .membershipsOf(requester.id)
    .some((m) => m.unitId === unit.id && m.roleCode === unit.headRole);
  return headsIt && unit.parentId ? directory.unit(unit.parentId) : unit;
}

function actorUnit(
  directory: OrganisationDirectory,
  ctx: CaseContext,
  actor: ActorDefinition,
): UnitRow | null {
  if (actor.relative === "imputed_unit_head") return directory.unitByCode(ctx.state.imputedUnit);
  if (actor.relative === "requester_manager") return requesterManagerUnit(directory, ctx.requesterId);
  return directory.unitByCode(actor.unit ?? null);
}

/**
 * The one person an actor bound to the case names: the requester, or whoever an earlier step's
 * `person` field names (by matricule). Null when the actor is not bound or names no active person.
 */
export function boundPerson(
  directory: OrganisationDirectory,
  ctx: CaseContext,
  actor: ActorDefinition,
): DirectoryPerson | null {
  if (actor.relative === "requester") return directory.person(ctx.requesterId);
  if (!actor.person) return null;
  const value = ctx.state.data[actor.person.field];
  const person = directory.personByMatricule(typeof value === "string" ? value : null);
  return person?.active ? person : null;
}

/**
 * The one person who holds an actor on this case: the bound person, else whoever last completed a
 * step as that actor here, else the first active holder of its role (in its unit). A call
 * activity's called case is asked for by them. Null when nobody holds it.
 */
export function actorPerson(
  directory: OrganisationDirectory,
  def: ProcedureDefinition,
  ctx: CaseContext,
  actorCode: string,
): string | null {
  const actor = def.actors[actorCode];
  if (!actor) return null;
  if (actor.relative === "requester" || actor.person) return boundPerson(directory, ctx, actor)?.id ?? null;
  const acted = ctx.state.actedBy?.[actorCode];
  if (acted && directory.person(acted)?.active) return acted;
  const choices = actor.anyOf ?? [];
  if (choices.length > 0) {
    for (const choice of choices) {
      const holder = directory.activeHolders(
        choice.role,
        directory.unitByCode(choice.unit ?? null)?.id ?? null,
      )[0];
      if (holder) return holder;
    }
    return null;
  }
  const unit = actorUnit(directory, ctx, actor);
  const role = actor.relative ? (unit?.headRole ?? null) : (actor.role ?? actorCode);
  if (!role || (actor.unit && !unit)) return null;
  return directory.activeHolders(role, unit?.id ?? null)[0] ?? null;
}

/** Routes the task of a step a case just entered. */
export function routeTask(
  directory: OrganisationDirectory,
  def: ProcedureDefinition,
  ctx: CaseContext,
  token: Token,
): TaskRouting {
  const actorCode = def.steps.find((s) => s.id === token.stepId)!.actor;
  const actor = def.actors[actorCode]!;
  if (token.assigneeUserId)
    return { actorCode, roleCode: null, unitId: null, assigneeId: token.assigneeUserId };
  if (actor.relative === "requester") {
    if (!ctx.requesterId) {
      throw new Error(`actor "${actorCode}" of procedure "${def.id}" is the requester, who has no account`);
    }
    return { actorCode, roleCode: null, unitId: null, assigneeId: ctx.requesterId };
  }
  if (actor.person) {
    const person = boundPerson(directory, ctx, actor);
    if (!person) {
      throw new Error(
        `actor "${actorCode}" of procedure "${def.id}" is the person named in "${actor.person.field}", who is not known`,
      );
    }
    return { actorCode, roleCode: null, unitId: null, assigneeId: person.id };
  }
  if (actor.anyOf) {
    // Offered to every choice (« CB / CS »); the task row keeps the first.
    const candidates = actor.anyOf.map((a) => ({
      roleCode: a.role,
      unitId: directory.unitByCode(a.unit ?? null)?.id ?? null,
    }));
    return { actorCode, ...candidates[0]!, assigneeId: null, candidates };
  }
  const unit = actorUnit(directory, ctx, actor);
  if (actor.relative) {
    if (!unit) throw new Error(`no unit resolves actor "${actorCode}" of procedure "${def.id}"`);
    return { actorCode, roleCode: unit.headRole, unitId: unit.id, assigneeId: null };
  }
  return { actorCode, roleCode: actor.role ?? actorCode, unitId: unit?.id ?? null, assigneeId: null };
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
 * Everything is read from the organisation's directory: no query.
 *
 * Delegation ("intérim"): when the person cannot take the step themselves but stands in for
 * someone who can, they act as that person, and `onBehalfOfUserId` names them for the audit trail.
 */
export function resolveActor(
  directory: OrganisationDirectory,
  def: ProcedureDefinition,
  ctx: CaseContext,
  user: Pick<DirectoryPerson, "id" | "organisation">,
  /** Unit of the task being acted on: its head may reassign it. */
  taskUnitId: string | null = null,
  deputising: Deputising = { standingInFor: [] },
): Actor {
  const own = ownActor(directory, def, ctx, user, taskUnitId);
  if (deputising.standingInFor.length === 0) return own;
  const tokens = deputising.token ? [deputising.token] : ctx.state.tokens;
  const open = tokens.filter((token) => !mayTake(def, token, own));
  if (open.length === 0) return own;
  for (const absentId of deputising.standingInFor) {
    const absent = directory.person(absentId);
    if (!absent?.active || absent.organisation !== user.organisation) continue;
    const theirs = ownActor(directory, def, ctx, absent, taskUnitId);
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

function ownActor(
  directory: OrganisationDirectory,
  def: ProcedureDefinition,
  ctx: CaseContext,
  user: Pick<DirectoryPerson, "id">,
  taskUnitId: string | null,
): Actor {
  const own = directory.membershipsOf(user.id);
  const holds = (role: string | null, unit: UnitRow | null) =>
    role !== null && own.some((m) => m.roleCode === role && (unit === null || m.unitId === unit.id));

  const actorCodes: string[] = [];
  const actingRoles: Record<string, string> = {};
  for (const [code, actor] of Object.entries(def.actors)) {
    if (actor.anyOf) {
      const held = actor.anyOf.find((a) => {
        const unit = directory.unitByCode(a.unit ?? null);
        return !(a.unit && !unit) && holds(a.role, unit);
      });
      if (held) {
        actorCodes.push(code);
        actingRoles[code] = held.role;
      }
      continue;
    }
    if (actor.relative === "requester" || actor.person) {
      if (user.id === boundPerson(directory, ctx, actor)?.id) actorCodes.push(code);
      continue;
    }
    const unit = actorUnit(directory, ctx, actor);
    if (actor.relative) {
      if (unit && holds(unit.headRole, unit)) actorCodes.push(code);
      continue;
    }
    if (actor.unit && !unit) continue;
    if (holds(actor.role ?? code, unit)) actorCodes.push(code);
  }

  const taskUnit = directory.unit(taskUnitId);
  return {
    userId: user.id,
    actorCodes,
    ...(Object.keys(actingRoles).length > 0 ? { actingRoles } : {}),
    mayReassign: taskUnit !== null && holds(taskUnit.headRole, taskUnit),
    mayCancel: user.id === ctx.requesterId,
  };
}
