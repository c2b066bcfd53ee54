import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import type { CaseState } from "../../engine/case/state.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";

/**
 * One schema for both databases (embedded PGlite and PostgreSQL). Changing it means a new
 * migration (`npm run db:generate`); a landed migration is never edited.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const organisations = pgTable("organisations", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  /** Working calendar (public holidays, hours) due dates are computed on. */
  calendar: text("calendar").notNull(),
});

export const orgUnits = pgTable(
  "org_units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisation: text("organisation").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    parentId: uuid("parent_id"),
    headRole: text("head_role"),
  },
  (t) => [
    unique("org_units_organisation_code").on(t.organisation, t.code),
    index("org_units_parent").on(t.parentId),
  ],
);

export const roles = pgTable(
  "roles",
  {
    organisation: text("organisation").notNull(),
    code: text("code").notNull(),
    title: text("title").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisation, t.code] })],
);

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  organisation: text("organisation").notNull(),
  matricule: text("matricule").notNull().unique(),
  name: text("name").notNull(),
  email: text("email"),
  phone: text("phone"),
  unitId: uuid("unit_id").references(() => orgUnits.id),
  active: boolean("active").notNull().default(true),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    roleCode: text("role_code").notNull(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => orgUnits.id),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.roleCode, t.unitId] }),
    index("memberships_role_unit").on(t.roleCode, t.unitId),
  ],
);

export const calendarClosures = pgTable("calendar_closures", {
  id: uuid("id").primaryKey().defaultRandom(),
  organisation: text("organisation").notNull(),
  fromDate: date("from_date").notNull(),
  toDate: date("to_date").notNull(),
  label: text("label").notNull(),
});

export const procedureDefinitions = pgTable(
  "procedure_definitions",
  {
    id: text("id").notNull(),
    version: integer("version").notNull(),
    organisation: text("organisation").notNull(),
    title: text("title").notNull(),
    status: text("status").notNull(),
    definition: jsonb("definition").$type<ProcedureDefinition>().notNull(),
    /** SHA-256 of the canonical definition: a changed file with an unchanged version is refused. */
    contentHash: text("content_hash").notNull(),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] })],
);

export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procedureId: text("procedure_id").notNull(),
    procedureVersion: integer("procedure_version").notNull(),
    registryNumber: text("registry_number").notNull().unique(),
    organisation: text("organisation").notNull(),
    status: text("status").notNull(),
    /** The engine's state; `version` duplicates state.version so the lock is a plain column. */
    state: jsonb("state").$type<CaseState>().notNull(),
    version: integer("version").notNull(),
    requesterId: uuid("requester_id")
      .notNull()
      .references(() => users.id),
    unitId: uuid("unit_id").references(() => orgUnits.id),
    parentCaseId: uuid("parent_case_id"),
    /** Hash of the case's last event: deleting the tail of the audit chain is caught too. */
    headHash: text("head_hash").notNull(),
    eventCount: integer("event_count").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [index("cases_procedure").on(t.procedureId, t.status), index("cases_requester").on(t.requesterId)],
);

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    tokenId: text("token_id").notNull(),
    stepId: text("step_id").notNull(),
    actorCode: text("actor_code").notNull(),
    /** Who may take it: a role in a unit, or one named person (relative actors, reassignment). */
    roleCode: text("role_code"),
    unitId: uuid("unit_id").references(() => orgUnits.id),
    assigneeId: uuid("assignee_id").references(() => users.id),
    status: text("status").notNull().default("open"),
    dueAt: timestamp("due_at", { withTimezone: true }),
    createdAt: createdAt(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: uuid("closed_by").references(() => users.id),
  },
  (t) => [
    unique("tasks_case_token").on(t.caseId, t.tokenId),
    index("tasks_open_role_unit").on(t.roleCode, t.unitId).where(sql`${t.status} = 'open'`),
    index("tasks_open_assignee").on(t.assigneeId).where(sql`${t.status} = 'open'`),
  ],
);

export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    actorUserId: uuid("actor_user_id"),
    actorRole: text("actor_role"),
    onBehalfOfUserId: uuid("on_behalf_of_user_id"),
    stepBefore: text("step_before"),
    stepAfter: text("step_after"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [unique("events_case_seq").on(t.caseId, t.seq)],
);

export const registryCounters = pgTable(
  "registry_counters",
  {
    procedureId: text("procedure_id").notNull(),
    year: integer("year").notNull(),
    lastValue: bigint("last_value", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.procedureId, t.year] })],
);

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sha256: text("sha256").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    mediaType: text("media_type").notNull(),
    fileName: text("file_name").notNull(),
    caseId: uuid("case_id").references(() => cases.id),
    documentId: text("document_id"),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("attachments_case").on(t.caseId), index("attachments_sha256").on(t.sha256)],
);

export const comments = pgTable(
  "comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("comments_case").on(t.caseId)],
);
