import { z } from "zod";
import { pageOf, pageQuery } from "./pagination.js";

/** The org chart: units (direction → sous-direction → bureau/service → section) and roles. */

export const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_+-]*$/, "un code s'écrit sans espace ni accent / no spaces or accents")
  .max(40);

export const unitKind = z.enum([
  "direction",
  "sous-direction",
  "bureau",
  "service",
  "section",
  "cabinet",
  "autre",
]);

export const unitView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  parentId: z.uuid().nullable(),
  headRole: z.string().nullable(),
});
export type UnitView = z.infer<typeof unitView>;

export interface UnitTreeNode extends UnitView {
  children: UnitTreeNode[];
}
export const unitTreeNode: z.ZodType<UnitTreeNode> = z.lazy(() =>
  unitView.extend({ children: z.array(unitTreeNode) }),
);
// A named component: the OpenAPI document refers to it from inside itself.
z.globalRegistry.add(unitTreeNode, { id: "UnitTreeNode" });

export const unitList = pageOf(unitView);
/** The whole tree in one document: an organisation has tens of units, not thousands. */
export const unitTree = z.object({ units: z.array(unitTreeNode) });

export const unitIdParams = z.object({ unitId: z.uuid() });

export const createUnitBody = z.strictObject({
  code,
  name: z.string().trim().min(1).max(300),
  kind: unitKind,
  parentId: z.uuid().nullable().default(null),
  headRole: code.nullable().default(null),
});

/** Rename, move under another parent (null: a root), change the head role. */
export const updateUnitBody = z
  .strictObject({
    name: z.string().trim().min(1).max(300).optional(),
    kind: unitKind.optional(),
    parentId: z.uuid().nullable().optional(),
    headRole: code.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "rien à modifier / nothing to change");

export const roleView = z.object({
  code: z.string(),
  title: z.string(),
  privileged: z.boolean(),
});
export const roleList = pageOf(roleView);
export const roleCodeParams = z.object({ roleCode: code });

export const createRoleBody = z.strictObject({
  code,
  title: z.string().trim().min(1).max(300),
  privileged: z.boolean().default(false),
});

export const updateRoleBody = z
  .strictObject({
    title: z.string().trim().min(1).max(300).optional(),
    privileged: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "rien à modifier / nothing to change");

export { pageQuery };
