import { z } from "zod";
import { pageOf, pageQuery } from "./pagination.js";

/** "Intérim": while a person is absent, a deputy receives and acts on their tasks. */

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date attendue AAAA-MM-JJ / expected YYYY-MM-DD");

export const createDelegationBody = z.strictObject({
  /** The absent person; by default the caller. */
  userId: z.uuid().optional(),
  deputyId: z.uuid(),
  /** Inclusive, in the organisation's calendar. */
  fromDate: localDate,
  toDate: localDate,
  reason: z.string().trim().min(1).max(500),
});

export const delegationView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  deputyId: z.uuid(),
  deputyName: z.string(),
  fromDate: z.string(),
  toDate: z.string(),
  reason: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  /** Not revoked and today (organisation's calendar) is within its dates. */
  inForce: z.boolean(),
});

export const delegationsQuery = pageQuery.extend({
  /** Only those in force today. */
  inForce: z.enum(["true", "false"]).optional(),
});

export const delegationList = pageOf(delegationView);
export const delegationIdParams = z.object({ delegationId: z.uuid() });
