import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { roleList, UnitTreeNode, unitTree } from "../../../../shared/api/orgChart.js";
import { api } from "../../api/client.js";

/** The org chart's units and roles, which several tabs offer as choices. */

export type Unit = UnitTreeNode;
export type Role = z.infer<typeof roleList>["items"][number];

export function useUnitTree() {
  return useQuery({
    queryKey: ["admin", "units"],
    queryFn: async () => (await api.get<z.infer<typeof unitTree>>("/api/units/tree")).units,
  });
}

/** The tree, depth first, with each unit's depth for indenting. */
export function flattenUnits(units: Unit[], depth = 0): Array<{ unit: Unit; depth: number }> {
  return units.flatMap((unit) => [{ unit, depth }, ...flattenUnits(unit.children, depth + 1)]);
}

export function useRoles() {
  return useQuery({
    queryKey: ["admin", "roles"],
    // An organisation has tens of roles: one page of 200.
    queryFn: async () => (await api.get<z.infer<typeof roleList>>("/api/roles?limit=200")).items,
  });
}

/** Choices for a NativeSelect of units, indented by depth. */
export function unitOptions(units: Unit[] | undefined) {
  return flattenUnits(units ?? []).map(({ unit, depth }) => ({
    value: unit.id,
    label: `${"\u00a0\u00a0".repeat(depth)}${unit.name} (${unit.code})`,
  }));
}
