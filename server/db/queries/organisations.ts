import { eq } from "drizzle-orm";
import type { Closure } from "../../../engine/calendar/workingCalendar.js";
import type { Db } from "../database.js";
import { calendarClosures, organisations } from "../schema.js";

export type OrganisationRow = typeof organisations.$inferSelect;

export async function upsertOrganisation(db: Db, org: Omit<OrganisationRow, "revision">): Promise<void> {
  await db
    .insert(organisations)
    .values(org)
    .onConflictDoUpdate({
      target: organisations.code,
      set: { name: org.name, calendar: org.calendar, securityOfficerRole: org.securityOfficerRole },
    });
}

/** The calendar code of an organisation and its own closures, in one round trip. */
export async function findCalendarSettings(
  db: Db,
  organisation: string,
): Promise<{ calendar: string | null; closures: Closure[] }> {
  const rows = await db
    .select({
      calendar: organisations.calendar,
      from: calendarClosures.fromDate,
      to: calendarClosures.toDate,
      label: calendarClosures.label,
    })
    .from(organisations)
    .leftJoin(calendarClosures, eq(calendarClosures.organisation, organisations.code))
    .where(eq(organisations.code, organisation));
  return {
    calendar: rows[0]?.calendar ?? null,
    closures: rows.flatMap((r) =>
      r.from && r.to && r.label ? [{ from: r.from, to: r.to, label: r.label }] : [],
    ),
  };
}

/** Every organisation's code (cron schedules run once per organisation). */
export async function listOrganisationCodes(db: Db): Promise<string[]> {
  const rows = await db.select({ code: organisations.code }).from(organisations).orderBy(organisations.code);
  return rows.map((r) => r.code);
}

/** The organisation's current revision: what app servers cache of it is valid while it is unchanged. */
export async function findOrganisationRevision(db: Db, organisation: string): Promise<string | null> {
  const rows = await db
    .select({ revision: organisations.revision })
    .from(organisations)
    .where(eq(organisations.code, organisation));
  return rows[0]?.revision ?? null;
}

/** Creates an organisation; false if its code is taken (nothing is changed then). */
export async function insertOrganisation(db: Db, org: Omit<OrganisationRow, "revision">): Promise<boolean> {
  const rows = await db
    .insert(organisations)
    .values(org)
    .onConflictDoNothing({ target: organisations.code })
    .returning({ code: organisations.code });
  return rows.length > 0;
}

export async function organisationExists(db: Db, code: string): Promise<boolean> {
  const rows = await db
    .select({ code: organisations.code })
    .from(organisations)
    .where(eq(organisations.code, code));
  return rows.length > 0;
}
