import { calendarFor } from "../../engine/calendar/index.js";
import type { WorkingCalendar } from "../../engine/calendar/workingCalendar.js";
import type { Starter } from "../../engine/definition/startRule.js";
import type { Db } from "../db/database.js";
import {
  type DirectoryDelegation,
  type DirectoryPerson,
  type DirectoryWebhook,
  readDirectoryRows,
} from "../db/queries/directory.js";
import type { EmailFrequency } from "../db/queries/notifications.js";
import { findCalendarSettings, findOrganisationRevision } from "../db/queries/organisations.js";
import type { MembershipRow, UnitRow } from "../db/queries/orgChart.js";
import { notFound } from "../errors.js";

/**
 * One organisation as an operation reads it: its calendar, units, people, the roles they hold and
 * who stands in for whom. Read once per change of the organisation, not once per transition:
 * the process keeps the last one read under the organisation's `revision`, which triggers renew
 * in the same transaction as any change of those rows (migration 0005). An operation that reads
 * another revision than the one kept reloads — so several app servers on one database stay right.
 */
export class OrganisationDirectory {
  private readonly unitsById: Map<string, UnitRow>;
  private readonly unitsByCode: Map<string, UnitRow>;
  private readonly peopleById: Map<string, DirectoryPerson>;
  private readonly peopleByMatricule: Map<string, DirectoryPerson>;
  private readonly held: Map<string, MembershipRow[]>;
  /** Child units by parent, built on first use. */
  private children: Map<string, string[]> | null = null;

  constructor(
    readonly organisation: string,
    readonly revision: string,
    readonly calendar: WorkingCalendar,
    units: UnitRow[],
    people: DirectoryPerson[],
    memberships: MembershipRow[],
    private readonly delegations: DirectoryDelegation[],
    private readonly emailFrequencies: ReadonlyMap<string, EmailFrequency> = new Map(),
    private readonly webhooks: readonly DirectoryWebhook[] = [],
  ) {
    this.unitsById = new Map(units.map((u) => [u.id, u]));
    this.unitsByCode = new Map(units.map((u) => [u.code, u]));
    this.peopleById = new Map(people.map((p) => [p.id, p]));
    this.peopleByMatricule = new Map(people.map((p) => [p.matricule.toUpperCase(), p]));
    this.held = new Map();
    for (const m of memberships) {
      const list = this.held.get(m.userId) ?? [];
      list.push(m);
      this.held.set(m.userId, list);
    }
  }

  unit(id: string | null): UnitRow | null {
    return id ? (this.unitsById.get(id) ?? null) : null;
  }

  /** The units under this one, at any depth (not itself). */
  unitsBelow(unitId: string): string[] {
    if (!this.children) {
      this.children = new Map();
      for (const u of this.unitsById.values()) {
        if (!u.parentId) continue;
        const list = this.children.get(u.parentId) ?? [];
        list.push(u.id);
        this.children.set(u.parentId, list);
      }
    }
    const below: string[] = [];
    const seen = new Set([unitId]);
    const queue = [unitId];
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      for (const child of this.children.get(id) ?? []) {
        if (seen.has(child)) continue; // a cycle in a hand-edited chart must not loop
        seen.add(child);
        below.push(child);
        queue.push(child);
      }
    }
    return below;
  }

  unitByCode(code: string | null): UnitRow | null {
    return code ? (this.unitsByCode.get(code) ?? null) : null;
  }

  /** A person of this organisation; null for an unknown id or someone of another organisation. */
  person(id: string | null): DirectoryPerson | null {
    return id ? (this.peopleById.get(id) ?? null) : null;
  }

  /** The person a `person` form field names (matricules are compared without case). */
  personByMatricule(matricule: string | null): DirectoryPerson | null {
    return matricule ? (this.peopleByMatricule.get(matricule.toUpperCase()) ?? null) : null;
  }

  membershipsOf(userId: string): MembershipRow[] {
    return this.held.get(userId) ?? [];
  }

  /** How the person wants e-mail (immediately when they never chose). */
  emailFrequency(userId: string): EmailFrequency {
    return this.emailFrequencies.get(userId) ?? "immediate";
  }

  /** The active webhook subscriptions that asked for this event type. */
  webhooksFor(eventType: string): string[] {
    return this.webhooks.filter((w) => w.eventTypes.includes(eventType)).map((w) => w.id);
  }

  /** A person as the start rule of a procedure sees them: roles in units, and the units above theirs. */
  starter(userId: string, isAdmin: boolean): Starter {
    const held = this.membershipsOf(userId);
    const unitsAndAbove = new Set<string>();
    // A person belongs to their own unit even without a role there, and to the units of their roles.
    const homeUnit = this.person(userId)?.unitId ?? null;
    for (const unitId of [homeUnit, ...held.map((m) => m.unitId)]) {
      // The org chart refuses cycles, but a bounded walk costs nothing and cannot hang on bad data.
      let unit = this.unit(unitId);
      for (let depth = 0; unit && depth < 64; depth++) {
        unitsAndAbove.add(unit.code);
        unit = this.unit(unit.parentId);
      }
    }
    return {
      isAdmin,
      roles: held.map((m) => ({ role: m.roleCode, unit: this.unit(m.unitId)?.code ?? null })),
      unitsAndAbove,
    };
  }

  /** Active people holding a role in a unit (anywhere in the organisation without one): who may take a task. */
  activeHolders(roleCode: string, unitId: string | null): string[] {
    const ids: string[] = [];
    for (const [userId, held] of this.held) {
      if (!this.person(userId)?.active) continue;
      if (held.some((m) => m.roleCode === roleCode && (unitId === null || m.unitId === unitId)))
        ids.push(userId);
    }
    return ids;
  }

  /** Active people who hold a role in this unit, or whose unit it is: whom a head sees the workload of. */
  activeMembersOf(unitId: string): string[] {
    const ids: string[] = [];
    for (const person of this.peopleById.values()) {
      if (!person.active) continue;
      if (person.unitId === unitId || this.membershipsOf(person.id).some((m) => m.unitId === unitId))
        ids.push(person.id);
    }
    return ids;
  }

  /**
   * Whom this deputy stands in for on `today` (YYYY-MM-DD in the organisation's calendar): the
   * absent people of delegations in force, still active.
   */
  standingInFor(deputyId: string, today: string): string[] {
    return this.delegationsOf(deputyId, today).map((d) => d.userId);
  }

  /** The same with each absent person's name and the last day (the latest when two overlap). */
  delegationsOf(deputyId: string, today: string): Array<{ userId: string; name: string; until: string }> {
    const latest = new Map<string, string>();
    for (const d of this.delegations) {
      if (d.deputyId !== deputyId || d.fromDate > today || today > d.toDate) continue;
      if (!this.person(d.userId)?.active) continue;
      const known = latest.get(d.userId);
      if (!known || d.toDate > known) latest.set(d.userId, d.toDate);
    }
    return [...latest]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([userId, until]) => ({ userId, name: this.person(userId)?.name ?? "", until }));
  }
}

const kept = new Map<string, OrganisationDirectory>();

/**
 * The organisation's directory as of this transaction. `revision`, when the caller already read
 * it with its own row (a transition reads it with the case), saves the round trip.
 */
export async function directoryOf(
  db: Db,
  organisation: string,
  revision?: string,
): Promise<OrganisationDirectory> {
  const current = revision ?? (await findOrganisationRevision(db, organisation));
  if (current === null) throw notFound({ fr: "organisation", en: "organisation" });
  const known = kept.get(organisation);
  if (known?.revision === current) return known;
  // Read after the revision: a change committed in between makes the rows newer than the
  // revision they are kept under, and the next operation, seeing a newer revision, reloads.
  const [settings, rows] = [
    await findCalendarSettings(db, organisation),
    await readDirectoryRows(db, organisation),
  ];
  const directory = new OrganisationDirectory(
    organisation,
    current,
    calendarFor(settings.calendar === "MA" ? "MA" : "CI", { closures: settings.closures }),
    rows.units,
    rows.people,
    rows.memberships,
    rows.delegations,
    rows.emailFrequencies,
    rows.webhooks,
  );
  kept.set(organisation, directory);
  return directory;
}
