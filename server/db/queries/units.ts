import { and, asc, eq, gt, or } from "drizzle-orm";
import type { Db } from "../database.js";
import { orgUnits } from "../schema.js";
import type { UnitRow } from "./orgChart.js";

export async function findUnit(db: Db, id: string): Promise<UnitRow | null> {
  const rows = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return rows[0] ?? null;
}

export async function findUnitByCode(db: Db, organisation: string, code: string): Promise<UnitRow | null> {
  const rows = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.organisation, organisation), eq(orgUnits.code, code)));
  return rows[0] ?? null;
}

/** One page of an organisation's units, by code. */
export async function pageUnits(
  db: Db,
  organisation: string,
  page: { after: { code: string; id: string } | null; limit: number },
): Promise<UnitRow[]> {
  const after = page.after;
  return db
    .select()
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.organisation, organisation),
        after
          ? or(gt(orgUnits.code, after.code), and(eq(orgUnits.code, after.code), gt(orgUnits.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(orgUnits.code), asc(orgUnits.id))
    .limit(page.limit + 1);
}

export async function insertUnit(
  db: Db,
  unit: {
    organisation: string;
    code: string;
    name: string;
    kind: string;
    parentId: string | null;
    headRole: string | null;
  },
): Promise<UnitRow> {
  const rows = await db.insert(orgUnits).values(unit).returning();
  return rows[0]!;
}

export async function updateUnit(
  db: Db,
  id: string,
  change: Partial<{ name: string; kind: string; parentId: string | null; headRole: string | null }>,
): Promise<UnitRow> {
  const rows = await db.update(orgUnits).set(change).where(eq(orgUnits.id, id)).returning();
  return rows[0]!;
}
