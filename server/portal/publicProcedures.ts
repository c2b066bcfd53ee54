import type { ProcedureDefinition, Step } from "../../engine/definition/schema.js";
import { message } from "../../engine/messages.js";
import type { Db } from "../db/database.js";
import { findDefinitionInForce, pageProceduresInForce } from "../db/queries/definitions.js";
import { AppError } from "../errors.js";

/** What the portal knows of a procedure open to the public. */
export type PublicSettings = NonNullable<NonNullable<ProcedureDefinition["startableBy"]>["public"]>;

export const MEDIA_TYPES: Record<PublicSettings["documentTypes"][number], string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpeg: "image/jpeg",
};

export function publicSettings(def: ProcedureDefinition): PublicSettings | null {
  return def.startableBy?.public ?? null;
}

export function firstStep(def: ProcedureDefinition): Step {
  return def.steps.find((s) => s.id === def.start)!;
}

/** The organisation's procedures in force that its definitions open to the public. */
export async function listPublicProcedures(db: Db, organisation: string): Promise<ProcedureDefinition[]> {
  const rows = await pageProceduresInForce(db, { organisation, q: null, afterId: null, limit: 1000 });
  return rows.map((r) => r.definition).filter((def) => publicSettings(def) !== null);
}

/** A procedure the public may start, or a 404 that says no more than "not offered here". */
export async function findPublicProcedure(
  db: Db,
  organisation: string,
  procedureId: string,
): Promise<{ def: ProcedureDefinition; settings: PublicSettings }> {
  const def = await findDefinitionInForce(db, organisation, procedureId);
  const settings = def ? publicSettings(def) : null;
  if (!def || !settings) {
    throw new AppError(
      404,
      "procedure_not_found",
      message(
        "cette démarche n'est pas proposée sur ce portail",
        "this procedure is not offered on this portal",
      ),
      "procedureId",
    );
  }
  return { def, settings };
}
