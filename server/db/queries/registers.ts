import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { RegisterDefinition } from "../../../engine/register/schema.js";
import type { Db } from "../database.js";
import { rowsOf } from "../rows.js";
import {
  cases,
  procedureDefinitions,
  registerDefinitions,
  registerDisposals,
  registerEntries,
  registerEntryCases,
  registerEntryEvents,
  stockMovements,
} from "../schema.js";

export type RegisterEntryRow = typeof registerEntries.$inferSelect;
export type RegisterEntryEventRow = typeof registerEntryEvents.$inferSelect;
export type StockMovementRow = typeof stockMovements.$inferSelect;

export async function findRegisterHash(db: Db, organisation: string, id: string): Promise<string | null> {
  const [row] = await db
    .select({ hash: registerDefinitions.contentHash })
    .from(registerDefinitions)
    .where(and(eq(registerDefinitions.organisation, organisation), eq(registerDefinitions.id, id)));
  return row?.hash ?? null;
}

export async function upsertRegisterDefinition(db: Db, def: RegisterDefinition, hash: string, now: Date) {
  await db
    .insert(registerDefinitions)
    .values({
      organisation: def.organisation,
      id: def.id,
      title: def.title,
      definition: def,
      contentHash: hash,
      loadedAt: now,
    })
    .onConflictDoUpdate({
      target: [registerDefinitions.organisation, registerDefinitions.id],
      set: { title: def.title, definition: def, contentHash: hash, loadedAt: now },
    });
}

export async function listRegisterDefinitions(db: Db, organisation: string): Promise<RegisterDefinition[]> {
  const rows = await db
    .select({ definition: registerDefinitions.definition })
    .from(registerDefinitions)
    .where(eq(registerDefinitions.organisation, organisation))
    .orderBy(asc(registerDefinitions.title));
  return rows.map((r) => r.definition);
}

export async function findRegisterDefinition(
  db: Db,
  organisation: string,
  id: string,
): Promise<RegisterDefinition | null> {
  const [row] = await db
    .select({ definition: registerDefinitions.definition })
    .from(registerDefinitions)
    .where(and(eq(registerDefinitions.organisation, organisation), eq(registerDefinitions.id, id)));
  return row?.definition ?? null;
}

export async function insertEntry(
  db: Db,
  row: typeof registerEntries.$inferInsert,
): Promise<RegisterEntryRow> {
  const [inserted] = await db.insert(registerEntries).values(row).returning();
  return inserted!;
}

const inRegister = (organisation: string, registerId: string) =>
  and(eq(registerEntries.organisation, organisation), eq(registerEntries.registerId, registerId));

/** An entry by id, locked until the transaction ends when `lock` (it is about to change). */
export async function findEntry(
  db: Db,
  organisation: string,
  registerId: string,
  id: string,
  lock = false,
): Promise<RegisterEntryRow | null> {
  const query = db
    .select()
    .from(registerEntries)
    .where(and(inRegister(organisation, registerId), eq(registerEntries.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

export async function findEntryByNumber(
  db: Db,
  organisation: string,
  registerId: string,
  number: string,
  lock = false,
): Promise<RegisterEntryRow | null> {
  const query = db
    .select()
    .from(registerEntries)
    .where(and(inRegister(organisation, registerId), eq(registerEntries.number, number)));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

/** Entries whose data holds all these values (jsonb containment: the GIN index answers it). */
export async function findEntriesWith(
  db: Db,
  organisation: string,
  registerId: string,
  values: Record<string, unknown>,
  options: { lock?: boolean; limit?: number } = {},
): Promise<RegisterEntryRow[]> {
  const query = db
    .select()
    .from(registerEntries)
    .where(
      and(
        inRegister(organisation, registerId),
        isNull(registerEntries.disposedAt),
        sql`${registerEntries.data} @> ${JSON.stringify(values)}::jsonb`,
      ),
    )
    .orderBy(asc(registerEntries.createdAt), asc(registerEntries.id))
    .limit(options.limit ?? 2);
  return options.lock ? query.for("update") : query;
}

/** Writes an entry's new state under its chain head: false when someone changed it meanwhile. */
export async function saveEntry(
  db: Db,
  id: string,
  expectedCount: number,
  set: {
    state: string | null;
    data: Record<string, unknown>;
    searchText: string;
    headHash: string;
    eventCount: number;
    updatedAt: Date;
  },
): Promise<boolean> {
  const rows = await db
    .update(registerEntries)
    .set(set)
    .where(and(eq(registerEntries.id, id), eq(registerEntries.eventCount, expectedCount)))
    .returning({ id: registerEntries.id });
  return rows.length === 1;
}

export async function insertEntryEvents(db: Db, rows: Array<typeof registerEntryEvents.$inferInsert>) {
  if (rows.length > 0) await db.insert(registerEntryEvents).values(rows);
}

export async function listEntryEvents(db: Db, entryId: string): Promise<RegisterEntryEventRow[]> {
  return db
    .select()
    .from(registerEntryEvents)
    .where(eq(registerEntryEvents.entryId, entryId))
    .orderBy(asc(registerEntryEvents.seq));
}

export async function linkEntryToCase(
  db: Db,
  link: { entryId: string; caseId: string; stepId: string; now: Date },
) {
  await db
    .insert(registerEntryCases)
    .values({ entryId: link.entryId, caseId: link.caseId, stepId: link.stepId, createdAt: link.now })
    .onConflictDoNothing();
}

/** The cases that created or changed an entry, oldest link first. */
export async function casesOfEntry(db: Db, entryId: string) {
  return db
    .select({
      caseId: cases.id,
      registryNumber: cases.registryNumber,
      title: cases.title,
      procedureId: cases.procedureId,
      procedureTitle: procedureDefinitions.title,
      status: cases.status,
      stepId: registerEntryCases.stepId,
      linkedAt: registerEntryCases.createdAt,
    })
    .from(registerEntryCases)
    .innerJoin(cases, eq(cases.id, registerEntryCases.caseId))
    .innerJoin(
      procedureDefinitions,
      and(
        eq(procedureDefinitions.id, cases.procedureId),
        eq(procedureDefinitions.version, cases.procedureVersion),
      ),
    )
    .where(eq(registerEntryCases.entryId, entryId))
    .orderBy(asc(registerEntryCases.createdAt), asc(cases.registryNumber));
}

/** The entries a case created or changed, across registers. */
export async function entriesOfCase(db: Db, caseId: string) {
  return db
    .select({
      entryId: registerEntries.id,
      organisation: registerEntries.organisation,
      registerId: registerEntries.registerId,
      registerTitle: registerDefinitions.title,
      number: registerEntries.number,
      state: registerEntries.state,
      stepId: registerEntryCases.stepId,
    })
    .from(registerEntryCases)
    .innerJoin(registerEntries, eq(registerEntries.id, registerEntryCases.entryId))
    .innerJoin(
      registerDefinitions,
      and(
        eq(registerDefinitions.organisation, registerEntries.organisation),
        eq(registerDefinitions.id, registerEntries.registerId),
      ),
    )
    .where(eq(registerEntryCases.caseId, caseId))
    .orderBy(asc(registerEntryCases.createdAt), asc(registerEntries.number));
}

export interface EntryListFilter {
  organisation: string;
  registerId: string;
  state?: string | undefined;
  /** Field values the entries hold, exactly. */
  equals: Record<string, unknown>;
  /** Already folded (lower case, no accents): every word must start a word of the entry. */
  q?: string | undefined;
  /** Include archived or destroyed entries. */
  disposed?: boolean;
  /** Created before this instant (retention review). */
  createdBefore?: Date;
  /** The key of the last row of the previous page: (created_at, id), newest first. */
  after: { createdAt: Date; id: string } | null;
  limit: number;
}

/** Entries of a register matching the filter, newest first; `limit` rows at most. */
export async function listEntries(db: Db, f: EntryListFilter): Promise<RegisterEntryRow[]> {
  const conditions: Array<SQL | undefined> = [
    inRegister(f.organisation, f.registerId),
    f.disposed ? undefined : isNull(registerEntries.disposedAt),
    f.state ? eq(registerEntries.state, f.state) : undefined,
    Object.keys(f.equals).length > 0
      ? sql`${registerEntries.data} @> ${JSON.stringify(f.equals)}::jsonb`
      : undefined,
    f.createdBefore
      ? sql`${registerEntries.createdAt} < ${f.createdBefore.toISOString()}::timestamptz`
      : undefined,
    f.after
      ? sql`(${registerEntries.createdAt}, ${registerEntries.id}) < (${f.after.createdAt.toISOString()}::timestamptz, ${f.after.id}::uuid)`
      : undefined,
  ];
  const words = (f.q ?? "").split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "");
  if (words.length > 0) {
    const query = words.map((w) => `${w}:*`).join(" & ");
    conditions.push(
      sql`to_tsvector('simple', ${registerEntries.searchText}) @@ to_tsquery('simple', ${query})`,
    );
  }
  return db
    .select()
    .from(registerEntries)
    .where(and(...conditions))
    .orderBy(desc(registerEntries.createdAt), desc(registerEntries.id))
    .limit(f.limit);
}

export async function insertMovement(db: Db, row: typeof stockMovements.$inferInsert): Promise<void> {
  await db.insert(stockMovements).values(row);
}

/** The level of a quantity field: the sum of its movements. */
export async function stockLevel(db: Db, entryId: string, field: string): Promise<number> {
  const rows = rowsOf<{ level: string | number | null }>(
    await db.execute(
      sql`select coalesce(sum(quantity), 0) as level from stock_movements where entry_id = ${entryId} and field = ${field}`,
    ),
  );
  return Number(rows[0]?.level ?? 0);
}

export async function listMovements(db: Db, entryId: string): Promise<StockMovementRow[]> {
  return db
    .select()
    .from(stockMovements)
    .where(eq(stockMovements.entryId, entryId))
    .orderBy(asc(stockMovements.occurredAt), asc(stockMovements.id));
}

/** Marks entries archived, or destroyed (their values erased), once an archivist approved it. */
export async function disposeEntries(
  db: Db,
  approval: {
    organisation: string;
    registerId: string;
    disposal: "archive" | "destroy";
    entryIds: string[];
    approvedBy: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db
    .insert(registerDisposals)
    .values({
      organisation: approval.organisation,
      registerId: approval.registerId,
      disposal: approval.disposal,
      entryIds: approval.entryIds,
      approvedBy: approval.approvedBy,
      approvedAt: approval.now,
    })
    .returning({ id: registerDisposals.id });
  await db
    .update(registerEntries)
    .set({
      disposedAt: approval.now,
      disposal: approval.disposal,
      ...(approval.disposal === "destroy" ? { data: {}, searchText: "" } : {}),
    })
    .where(
      and(
        inRegister(approval.organisation, approval.registerId),
        inArray(registerEntries.id, approval.entryIds),
      ),
    );
  return row!.id;
}

/** The case of an organisation with this registry number, if any. */
export async function caseIdByNumber(
  db: Db,
  organisation: string,
  registryNumber: string,
): Promise<string | null> {
  const [row] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.organisation, organisation), eq(cases.registryNumber, registryNumber)));
  return row?.id ?? null;
}

/** The roles a person holds, with the code of the unit they hold each in. */
export async function roleRefsOf(db: Db, userId: string): Promise<Array<{ role: string; unit: string }>> {
  const rows = rowsOf<{ role: string; unit: string }>(
    await db.execute(sql`select m.role_code as role, u.code as unit from memberships m
      join org_units u on u.id = m.unit_id where m.user_id = ${userId}`),
  );
  return rows;
}

/** Active people holding one of these roles (`ROLE` or `ROLE@UNIT`) in the organisation. */
export async function holdersOfRoleRefs(db: Db, organisation: string, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const conditions = refs.map((ref) => {
    const [role = "", unit] = ref.split("@");
    return unit === undefined
      ? sql`(m.role_code = ${role})`
      : sql`(m.role_code = ${role} and u.code = ${unit})`;
  });
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`select distinct p.id from memberships m
      join org_units u on u.id = m.unit_id join users p on p.id = m.user_id
      where u.organisation = ${organisation} and p.active = true and (${sql.join(conditions, sql` or `)})`),
  );
  return rows.map((r) => r.id);
}
