import { z } from "zod";
import { code } from "./orgChart.js";
import { pageOf, pageQuery } from "./pagination.js";

/** Accounts and who holds which role in which unit. */

export const membershipView = z.object({
  roleCode: z.string(),
  roleTitle: z.string(),
  unitId: z.uuid(),
  unitCode: z.string(),
  unitName: z.string(),
});

export const userSummary = z.object({
  id: z.uuid(),
  matricule: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  unitId: z.uuid().nullable(),
  active: z.boolean(),
  /** Null for a caller who is not an administrator: colleagues need a name, not who holds the keys. */
  isAdmin: z.boolean().nullable(),
});

/** What an administrator sees of one account. */
export const userView = userSummary.extend({
  isAdmin: z.boolean(),
  memberships: z.array(membershipView),
  authSource: z.enum(["local", "ldap", "oidc"]),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  secondFactorEnabled: z.boolean(),
  createdAt: z.string(),
});

export const userList = pageOf(userSummary);

export const usersQuery = pageQuery.extend({
  unitId: z.uuid().optional(),
  role: code.optional(),
  active: z.enum(["true", "false"]).optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const userIdParams = z.object({ userId: z.uuid() });

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const createUserBody = z.strictObject({
  matricule: code,
  name: z.string().trim().min(1).max(200),
  email: z.email().nullable().optional(),
  phone: optionalText(40),
  unitId: z.uuid(),
});

export const updateUserBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().nullable().optional(),
    phone: optionalText(40),
    unitId: z.uuid().optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "rien à modifier / nothing to change");

/** A default password is shown once, to be handed to the person; their first login replaces it. */
export const userWithPassword = z.object({ user: userView, defaultPassword: z.string() });
export const passwordReset = z.object({ defaultPassword: z.string() });

export const membershipBody = z.strictObject({ roleCode: code, unitId: z.uuid() });
export const membershipParams = z.object({ userId: z.uuid(), roleCode: code, unitId: z.uuid() });
export const membershipList = z.object({ memberships: z.array(membershipView) });

export const privilegedAccount = z.object({
  id: z.uuid(),
  matricule: z.string(),
  name: z.string(),
  active: z.boolean(),
  isAdmin: z.boolean(),
  privilegedRoles: z.array(z.string()),
  secondFactorEnabled: z.boolean(),
});
export const privilegedList = pageOf(privilegedAccount);
