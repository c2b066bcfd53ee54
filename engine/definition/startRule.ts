import type { ProcedureDefinition } from "./schema.js";

/** The people who may open a case, resolved from the definition (explicit, or from its first step). */
export interface StartRule {
  organisation: boolean;
  roles: Array<{ role: string; unit: string | null }>;
  units: string[];
  public: boolean;
}

/** A person asking to open a case, as the organisation's directory knows them. */
export interface Starter {
  isAdmin: boolean;
  /** The roles held, each in its unit (code). */
  roles: Array<{ role: string; unit: string | null }>;
  /** The codes of the units the person belongs to and of every unit above them. */
  unitsAndAbove: ReadonlySet<string>;
}

export function startRuleOf(def: ProcedureDefinition): StartRule {
  const declared = def.startableBy;
  if (declared) {
    return {
      organisation: declared.organisation === true,
      roles: (declared.roles ?? []).map((r) => ({ role: r.role, unit: r.unit ?? null })),
      units: declared.units ?? [],
      public: declared.public !== undefined,
    };
  }
  // Undeclared: as before the rule existed, anyone holding a role in the organisation.
  return { organisation: true, roles: [], units: [], public: false };
}

/** Whether this person may open a case of the procedure from the back office. */
export function mayStart(rule: StartRule, starter: Starter): boolean {
  if (starter.isAdmin) return true;
  if (rule.organisation && starter.roles.length > 0) return true;
  if (rule.units.some((unit) => starter.unitsAndAbove.has(unit))) return true;
  return rule.roles.some((wanted) =>
    starter.roles.some(
      (held) => held.role === wanted.role && (wanted.unit === null || held.unit === wanted.unit),
    ),
  );
}
