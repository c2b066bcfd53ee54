import { z } from "zod";

/**
 * An organisation chart as the catalog ships it (`procedures/<organisation>/organisation.yaml`):
 * the units tree, the roles with the manual's acronyms, and the demo users.
 */

const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_+-]*$/, "un code s'écrit sans espace ni accent");

export interface UnitNode {
  code: string;
  name: string;
  kind: "direction" | "sous-direction" | "bureau" | "service" | "section" | "cabinet" | "autre";
  head?: string | undefined;
  children?: UnitNode[] | undefined;
}

export const unitNode: z.ZodType<UnitNode> = z.lazy(() =>
  z.strictObject({
    code,
    name: z.string().min(1),
    kind: z.enum(["direction", "sous-direction", "bureau", "service", "section", "cabinet", "autre"]),
    head: code.optional().describe("Role code of the unit's head (e.g. CB for a bureau)"),
    children: z.array(unitNode).optional(),
  }),
);

export const organisationChart = z.strictObject({
  organisation: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  name: z.string().min(1),
  calendar: z.enum(["CI", "MA"]),
  securityOfficer: code
    .optional()
    .describe("Role code told of security events such as an account locked after failed logins"),
  roles: z.array(z.strictObject({ code, title: z.string().min(1) })).min(1),
  units: z.array(unitNode).min(1),
  users: z
    .array(
      z.strictObject({
        matricule: code,
        name: z.string().min(1),
        email: z.email().optional(),
        phone: z.string().optional(),
        unit: code,
        roles: z.array(code).default([]),
        admin: z
          .boolean()
          .optional()
          .describe("Administrator of the organisation: catalog, org chart, accounts"),
      }),
    )
    .default([]),
});

export type OrganisationChart = z.infer<typeof organisationChart>;

export function flattenUnits(
  units: UnitNode[],
  parent: string | null = null,
): Array<UnitNode & { parent: string | null }> {
  return units.flatMap((u) => [{ ...u, parent }, ...flattenUnits(u.children ?? [], u.code)]);
}
