import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../database.js";
import {
  delegations,
  memberships,
  notificationPreferences,
  orgUnits,
  users,
  webhookSubscriptions,
} from "../schema.js";

/** What the directory of an organisation keeps of a person: who they are, not their secrets. */
export interface DirectoryPerson {
  id: string;
  organisation: string;
  matricule: string;
  name: string;
  email: string | null;
  unitId: string | null;
  active: boolean;
  isAdmin: boolean;
}

export interface DirectoryDelegation {
  userId: string;
  deputyId: string;
  fromDate: string;
  toDate: string;
}

/** An active webhook subscription, as a transition needs it: which events it asked for. */
export interface DirectoryWebhook {
  id: string;
  eventTypes: string[];
}

/**
 * Everything routing, actor resolution and a transition's announcements read of an organisation,
 * in six queries.
 */
export async function readDirectoryRows(db: Db, organisation: string) {
  const [units, people, held, standIns, preferences, webhooks] = [
    await db.select().from(orgUnits).where(eq(orgUnits.organisation, organisation)),
    await db
      .select({
        id: users.id,
        organisation: users.organisation,
        matricule: users.matricule,
        name: users.name,
        email: users.email,
        unitId: users.unitId,
        active: users.active,
        isAdmin: users.isAdmin,
      })
      .from(users)
      .where(eq(users.organisation, organisation)),
    await db
      .select({ userId: memberships.userId, roleCode: memberships.roleCode, unitId: memberships.unitId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(users.organisation, organisation)),
    await db
      .select({
        userId: delegations.userId,
        deputyId: delegations.deputyId,
        fromDate: delegations.fromDate,
        toDate: delegations.toDate,
      })
      .from(delegations)
      .where(and(eq(delegations.organisation, organisation), isNull(delegations.revokedAt))),
    await db
      .select({ userId: notificationPreferences.userId, email: notificationPreferences.email })
      .from(notificationPreferences)
      .innerJoin(users, eq(users.id, notificationPreferences.userId))
      .where(eq(users.organisation, organisation)),
    await db
      .select({ id: webhookSubscriptions.id, eventTypes: webhookSubscriptions.eventTypes })
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.organisation, organisation), eq(webhookSubscriptions.active, true))),
  ];
  return {
    units,
    people: people as DirectoryPerson[],
    memberships: held,
    delegations: standIns,
    emailFrequencies: new Map(preferences.map((p) => [p.userId, p.email])),
    webhooks: webhooks as DirectoryWebhook[],
  };
}
