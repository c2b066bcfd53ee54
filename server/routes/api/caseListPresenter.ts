import type { ProcedureDefinition } from "../../../engine/definition/schema.js";
import type { CaseListItem } from "../../../shared/api/cases.js";
import type { Db } from "../../db/database.js";
import type { CaseSearchRow } from "../../db/queries/caseSearch.js";
import { definitionWithHash } from "../../db/queries/definitions.js";

/** Register lines of found cases; step titles come from each case's definition version. */
export async function presentListItems(db: Db, rows: CaseSearchRow[]): Promise<CaseListItem[]> {
  const definitions = new Map<string, ProcedureDefinition | null>();
  for (const { case: c, definitionHash } of rows) {
    const key = `${c.procedureId}@${c.procedureVersion}`;
    // Kept in memory by content hash: no query once the process has read it.
    if (!definitions.has(key))
      definitions.set(
        key,
        await definitionWithHash(
          db,
          { organisation: c.organisation, id: c.procedureId, version: c.procedureVersion },
          definitionHash,
        ),
      );
  }
  return rows.map(({ case: c, procedureTitle, requesterName, imputedUnitName }) => {
    const def = definitions.get(`${c.procedureId}@${c.procedureVersion}`) ?? null;
    return {
      id: c.id,
      registryNumber: c.registryNumber,
      createdAt: c.createdAt.toISOString(),
      procedure: { id: c.procedureId, version: c.procedureVersion, title: procedureTitle },
      title: c.title,
      requesterName,
      imputedUnit:
        c.state.imputedUnit && imputedUnitName ? { code: c.state.imputedUnit, name: imputedUnitName } : null,
      status: c.status,
      currentSteps: c.state.tokens.map((t) => ({
        stepId: t.stepId,
        title: def?.steps.find((s) => s.id === t.stepId)?.title ?? t.stepId,
        dueAt: t.dueAt,
      })),
    };
  });
}
