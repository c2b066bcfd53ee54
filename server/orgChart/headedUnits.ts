import type { OrganisationDirectory } from "../context/organisationDirectory.js";

/**
 * The units a person heads (holds the unit's head role in it) and every unit below them: what a
 * head oversees, whose workload they see and whose tasks they may give to a named colleague.
 */
export function headedUnits(directory: OrganisationDirectory, userId: string): string[] {
  const units = new Set<string>();
  for (const m of directory.membershipsOf(userId)) {
    if (directory.unit(m.unitId)?.headRole !== m.roleCode) continue;
    units.add(m.unitId);
    for (const below of directory.unitsBelow(m.unitId)) units.add(below);
  }
  return [...units];
}
