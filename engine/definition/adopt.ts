import type { ProcedureDefinition } from "./schema.js";

/** How another organisation's procedures are taken as a starting point. */
export interface Adoption {
  /** The organisation that adopts them. */
  organisation: string;
  /** The organisation they come from: an id it prefixes (`douanes-…`) takes the new prefix. */
  from: string;
  /** The day of the copy (the history line's date). */
  on: string;
}

/** The id a procedure takes in the adopting organisation. */
export function adoptedId(id: string, adoption: Adoption): string {
  const prefix = `${adoption.from}-`;
  return id.startsWith(prefix) ? `${adoption.organisation}-${id.slice(prefix.length)}` : id;
}

/**
 * Another organisation's procedure as a first draft of this one's: its own id, version 1, a draft
 * (put in force by an administrator once the org chart holds its roles and units), hand-offs and
 * revision procedures pointing at the adopted copies, and a history line saying where it comes from.
 * Official document templates are files of the source organisation: they are not carried over.
 */
export function adoptDefinition(def: ProcedureDefinition, adoption: Adoption): ProcedureDefinition {
  const id = (target: string) => adoptedId(target, adoption);
  const { documentTemplates: _templates, ...rest } = def;
  return {
    ...rest,
    id: id(def.id),
    organisation: adoption.organisation,
    version: 1,
    status: "draft",
    ...(def.revision ? { revision: { ...def.revision, procedure: id(def.revision.procedure) } } : {}),
    steps: def.steps.map((step) =>
      step.handoff ? { ...step, handoff: { ...step.handoff, procedure: id(step.handoff.procedure) } } : step,
    ),
    history: [
      {
        version: "00",
        definitionVersion: 1,
        date: adoption.on,
        description: `Reprise de « ${def.id} » version ${def.version} de l'organisation ${adoption.from}`,
      },
    ],
  };
}
