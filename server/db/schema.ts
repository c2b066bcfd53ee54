import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { CaseState } from "../../engine/case/state.js";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import type { RegisterDefinition } from "../../engine/register/schema.js";

/**
 * One schema for both databases (embedded PGlite and PostgreSQL). Changing it means a new
 * migration (`npm run db:generate`); a landed migration is never edited.
 */

/** The tenant column: every tenant table has one, and it names an existing organisation. */
const organisationColumn = () =>
  text("organisation")
    .notNull()
    .references(() => organisations.code);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const organisations = pgTable("organisations", {
  code: text("code").primaryKey(),
  /**
   * Renewed (by triggers, a fresh random value: a rolled-back change never reuses one) whenever its org chart, people, delegations or calendar change: app servers
   * keep what they read of an organisation in memory under this value, and a transaction that
   * reads a different one reloads it. Correct with any number of app servers on one database.
   */
  revision: uuid("revision").notNull().defaultRandom(),
  name: text("name").notNull(),
  /** Working calendar (public holidays, hours) due dates are computed on. */
  calendar: text("calendar").notNull(),
  /** Role told of security events (failed-login locks): the RSSI, the CSSI… */
  securityOfficerRole: text("security_officer_role"),
});

export const orgUnits = pgTable(
  "org_units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisation: organisationColumn(),
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
    organisation: organisationColumn(),
    code: text("code").notNull(),
    title: text("title").notNull(),
    /** Marked by an administrator: holders must use a second factor, and are listed as privileged. */
    privileged: boolean("privileged").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.organisation, t.code] })],
);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisation: organisationColumn(),
    /** Unique within its organisation: two ministries may both have an agent 0042. */
    matricule: text("matricule").notNull(),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    unitId: uuid("unit_id").references(() => orgUnits.id),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    /** Manages the organisation's catalog, org chart, users and tokens. */
    isAdmin: boolean("is_admin").notNull().default(false),
    /** Where the password is checked: here (argon2id hash), or by the directory / identity provider. */
    authSource: text("auth_source").$type<"local" | "ldap" | "oidc">().notNull().default("local"),
    /** The directory's DN or the identity provider's subject, for external identities. */
    externalSubject: text("external_subject"),
    passwordHash: text("password_hash"),
    /** Set with a default password (creation, reset): the next login must choose a new one. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** Base32 TOTP secret (RFC 6238); `totpEnabled` once the user proved they can produce codes. */
    totpSecret: text("totp_secret"),
    totpEnabled: boolean("totp_enabled").notNull().default(false),
  },
  (t) => [unique("users_organisation_matricule").on(t.organisation, t.matricule)],
);

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
  organisation: organisationColumn(),
  fromDate: date("from_date").notNull(),
  toDate: date("to_date").notNull(),
  label: text("label").notNull(),
});

export const procedureDefinitions = pgTable(
  "procedure_definitions",
  {
    id: text("id").notNull(),
    version: integer("version").notNull(),
    organisation: organisationColumn(),
    title: text("title").notNull(),
    status: text("status").notNull(),
    definition: jsonb("definition").$type<ProcedureDefinition>().notNull(),
    /** SHA-256 of the canonical definition: a changed file with an unchanged version is refused. */
    contentHash: text("content_hash").notNull(),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Procedure ids are the organisation's own: two ministries may both have `courrier-externe`.
  (t) => [primaryKey({ columns: [t.organisation, t.id, t.version] })],
);

/** Someone without an account who asked for a case: a citizen, a company, another administration. */
export interface ExternalRequester {
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  /** Their organisation or company, when they write on its behalf. */
  company?: string | undefined;
}

export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procedureId: text("procedure_id").notNull(),
    procedureVersion: integer("procedure_version").notNull(),
    registryNumber: text("registry_number").notNull(),
    /** The object of the request or letter, as the person starting the case wrote it. */
    title: text("title").notNull().default(""),
    organisation: organisationColumn(),
    status: text("status").notNull(),
    /** The engine's state; `version` duplicates state.version so the lock is a plain column. */
    state: jsonb("state").$type<CaseState>().notNull(),
    version: integer("version").notNull(),
    /** The account that asked; null when the requester has none (`externalRequester`). */
    requesterId: uuid("requester_id").references(() => users.id),
    externalRequester: jsonb("external_requester").$type<ExternalRequester>(),
    /** SHA-256 of the secret a requester without an account follows the case with; never the secret. */
    trackingSecretHash: text("tracking_secret_hash").unique(),
    unitId: uuid("unit_id").references(() => orgUnits.id),
    parentCaseId: uuid("parent_case_id"),
    /** Hash of the case's last event: deleting the tail of the audit chain is caught too. */
    headHash: text("head_hash").notNull(),
    eventCount: integer("event_count").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    unique("cases_organisation_registry_number").on(t.organisation, t.registryNumber),
    // Number and prefix search (`like 'X%'`): a plain btree cannot serve it under a non-C collation.
    index("cases_registry_number_prefix").on(t.organisation, sql`${t.registryNumber} text_pattern_ops`),
    // Search by procedure (and status), newest first; the register export of a procedure-year.
    index("cases_procedure_status_created").on(t.organisation, t.procedureId, t.status, t.createdAt, t.id),
    index("cases_procedure_created").on(t.organisation, t.procedureId, t.createdAt, t.id),
    index("cases_requester").on(t.requesterId),
    // The cases a case started (hand-offs, call activities): what its end or cancellation reaches.
    index("cases_parent_active")
      .on(t.parentCaseId)
      .where(sql`${t.parentCaseId} is not null and ${t.status} = 'active'`),
    check("cases_has_requester", sql`${t.requesterId} is not null or ${t.externalRequester} is not null`),
  ],
);

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    /**
     * The case's organisation and procedure version, copied from the case when the task is
     * inserted (trigger `tasks_copy_case`, migration 0014): the inbox and its counts read tasks
     * alone, without joining a million cases.
     */
    organisation: organisationColumn(),
    procedureId: text("procedure_id").notNull(),
    procedureVersion: integer("procedure_version").notNull(),
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
    // One ordered read per queue of the inbox (due date, undated last, then creation and id),
    // covering what its counts group by.
    index("tasks_open_queue")
      .on(t.roleCode, t.unitId, t.dueAt, t.createdAt, t.id)
      .where(sql`${t.status} = 'open' and ${t.assigneeId} is null`),
    index("tasks_open_assignee")
      .on(t.assigneeId, t.dueAt, t.createdAt, t.id)
      .where(sql`${t.status} = 'open'`),
    // The open tasks of a unit whoever holds them: what a head watches in the units below.
    index("tasks_open_unit").on(t.unitId, t.dueAt, t.createdAt, t.id).where(sql`${t.status} = 'open'`),
  ],
);

/**
 * Who reads a case, one row per reader: a person (requester, author of an event, assignee or
 * closer of a task), a unit (of one of its tasks or candidates, the unit it is imputed to), a
 * role offered one of its open tasks anywhere in the organisation, the overseers of its procedure
 * (`reader_id` is then derived from the role or procedure: `role_reader`, `procedure_reader`).
 * Kept by triggers on cases, events, tasks and task_candidates (migration 0014), so that the read
 * rule is one indexed semi-join whatever the writer. See DECISIONS « case_access ».
 */
export const caseAccess = pgTable(
  "case_access",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    readerId: uuid("reader_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.readerId] }),
    index("case_access_reader").on(t.readerId, t.caseId),
  ],
);

/**
 * The roles a task is offered to when its actor has alternatives (« CB / CS »): one row per
 * candidate, the first one included. A task with no rows here is offered to its own role and unit.
 */
export const taskCandidates = pgTable(
  "task_candidates",
  {
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id),
    roleCode: text("role_code").notNull(),
    unitId: uuid("unit_id").references(() => orgUnits.id),
  },
  (t) => [
    index("task_candidates_task").on(t.taskId),
    index("task_candidates_role_unit").on(t.roleCode, t.unitId),
  ],
);

export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organisation: organisationColumn(),
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
    organisation: organisationColumn(),
    procedureId: text("procedure_id").notNull(),
    year: integer("year").notNull(),
    lastValue: bigint("last_value", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisation, t.procedureId, t.year] })],
);

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisation: organisationColumn(),
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
    organisation: organisationColumn(),
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

/** Server-side sessions: any app server can serve any request. Only the token's hash is kept. */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** Sent back by the client in X-CSRF-Token on every state-changing request. */
    csrfToken: text("csrf_token").notNull(),
    /** Password accepted but the second factor not yet given: the session may only finish logging in. */
    pendingSecondFactor: boolean("pending_second_factor").notNull().default(false),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** One-time recovery codes for the second factor, kept as hashes. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/** Tokens other systems call the API with: they act as one user, within their scopes. */
export const apiTokens = pgTable("api_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  organisation: organisationColumn(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  /** The first characters of the token, to recognise it in a list. */
  prefix: text("prefix").notNull(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id),
  scopes: jsonb("scopes").$type<string[]>().notNull(),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: createdAt(),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

/** "Intérim": while the user is absent, the deputy receives and acts on their tasks. */
export const delegations = pgTable(
  "delegations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisation: organisationColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    deputyId: uuid("deputy_id")
      .notNull()
      .references(() => users.id),
    /** Inclusive dates, in the organisation's calendar. */
    fromDate: date("from_date").notNull(),
    toDate: date("to_date").notNull(),
    reason: text("reason"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("delegations_deputy").on(t.deputyId), index("delegations_user").on(t.userId)],
);

/** Roles allowed to read every case of a procedure (quality direction, auditors, directors). */
export const procedureOverseers = pgTable(
  "procedure_overseers",
  {
    organisation: organisationColumn(),
    procedureId: text("procedure_id").notNull(),
    roleCode: text("role_code").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisation, t.procedureId, t.roleCode] })],
);

/**
 * Logins, failures, locks, password and second-factor changes, administration: the security audit
 * trail. Hash-chained per organisation like case events, and append-only.
 */
export const securityEvents = pgTable(
  "security_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organisation: text("organisation").notNull(),
    type: text("type").notNull(),
    /** The account concerned, when known (a failed login names a matricule that may not exist). */
    userId: uuid("user_id"),
    matricule: text("matricule"),
    /** Who did it, when not the account itself (an administrator). */
    actorUserId: uuid("actor_user_id"),
    ip: text("ip"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("security_events_user").on(t.userId), index("security_events_org").on(t.organisation, t.id)],
);

/** Messages to people (in the app, and by e-mail when a mailer is configured). */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisation: organisationColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    subject: jsonb("subject").$type<{ fr: string; en: string }>().notNull(),
    body: jsonb("body").$type<{ fr: string; en: string }>().notNull(),
    caseId: uuid("case_id").references(() => cases.id),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
  },
  (t) => [index("notifications_user").on(t.userId, t.createdAt)],
);

/**
 * How a person wants their notifications by e-mail (no row: immediately, in French). Escalations
 * go out immediately whatever is chosen here.
 */
export const notificationPreferences = pgTable("notification_preferences", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id),
  email: text("email").$type<"immediate" | "digest" | "none">().notNull().default("immediate"),
  language: text("language").$type<"fr" | "en">().notNull().default("fr"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** An organisation's webhook: which events are sent to which URL, signed with which secret. */
export const webhookSubscriptions = pgTable(
  "webhook_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisation: text("organisation").notNull(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    eventTypes: jsonb("event_types").$type<string[]>().notNull(),
    /**
     * `whsec_<base64>` (Standard Webhooks). Kept readable, unlike passwords and API tokens: the
     * server needs the key itself to sign each delivery.
     */
    secret: text("secret").notNull(),
    /** The administrator told when the subscription is disabled. */
    ownerUserId: uuid("owner_user_id")
      .notNull()
      .references(() => users.id),
    active: boolean("active").notNull().default(true),
    /** Deliveries that ended dead in a row; reset by a success. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_subscriptions_org").on(t.organisation)],
);

/** The delivery log: one row per event and subscription, its attempts and the last answer. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    /** Also the `webhook-id` header: the same on every retry, so receivers can drop duplicates. */
    id: uuid("id").primaryKey().defaultRandom(),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => webhookSubscriptions.id),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<"pending" | "delivered" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [index("webhook_deliveries_subscription").on(t.subscriptionId, t.createdAt)],
);

/**
 * Background jobs (server/jobs/): enqueued in the transaction of the change that causes them,
 * claimed by any app server with FOR UPDATE SKIP LOCKED under a lease, retried with backoff.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The organisation the job works for; null for system-wide jobs (session purge). */
    organisation: text("organisation"),
    name: text("name").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** Idempotency key: a second enqueue with the same key is a no-op, whatever became of the first. */
    key: text("key"),
    status: text("status").$type<"queued" | "running" | "done" | "dead">().notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    runAt: timestamp("run_at", { withTimezone: true }).notNull(),
    lockedBy: text("locked_by"),
    /** The lease: past it, a running job whose worker died is claimable again. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("jobs_key").on(t.key).where(sql`${t.key} is not null`),
    index("jobs_due").on(t.runAt).where(sql`${t.status} = 'queued'`),
    index("jobs_leased").on(t.lockedUntil).where(sql`${t.status} = 'running'`),
    index("jobs_organisation_status").on(t.organisation, t.status, t.createdAt),
  ],
);

/**
 * The last period each cron schedule fired for, per organisation ('' for system-wide schedules):
 * advancing it is the compare-and-set that makes a period fire once across app servers.
 */
export const jobSchedules = pgTable(
  "job_schedules",
  {
    schedule: text("schedule").notNull(),
    organisation: text("organisation").notNull(),
    lastPeriod: timestamp("last_period", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.schedule, t.organisation] })],
);

/**
 * Counters of failed sign-ins that are not an account's own `failed_logins`: per source address
 * (`source:<ip>`), per unknown matricule (`unknown:<matricule>`, so that it locks like a real one),
 * per account and source the person already signed in from (`account-source:<user>:<ip>`), and the
 * mark of such a known source (`known:<user>:<ip>`, its window the end of the trust). See DECISIONS.
 */
export const signInThrottles = pgTable("sign_in_throttles", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowEndsAt: timestamp("window_ends_at", { withTimezone: true }).notNull(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/**
 * Official documents the server wrote (PV, bons, attestations): the PDF is an attachment of the
 * case; this row is what the public verification page reads, by the code printed on the document
 * or by the file's SHA-256. Never updated: a new issue is a new row with a new code.
 */
export const issuedDocuments = pgTable(
  "issued_documents",
  {
    /** Short, unguessable, printed under the QR code: /verifier/<code>. */
    code: text("code").primaryKey(),
    attachmentId: uuid("attachment_id")
      .notNull()
      .references(() => attachments.id),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    organisation: organisationColumn(),
    documentId: text("document_id").notNull(),
    title: text("title").notNull(),
    registryNumber: text("registry_number").notNull(),
    /** The issuing organisation and unit as printed on the letterhead, kept as issued. */
    issuer: text("issuer").notNull(),
    sha256: text("sha256").notNull(),
    issuedBy: uuid("issued_by").references(() => users.id),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("issued_documents_sha256").on(t.sha256), index("issued_documents_case").on(t.caseId)],
);

/**
 * The registers an organisation keeps (declared in `procedures/<org>/registers/*.yaml`), as
 * loaded from the catalog. Unlike procedures they are not versioned: entries keep their data
 * as JSON, and a field added later is simply empty on older entries.
 */
export const registerDefinitions = pgTable(
  "register_definitions",
  {
    organisation: text("organisation").notNull(),
    id: text("id").notNull(),
    title: text("title").notNull(),
    definition: jsonb("definition").$type<RegisterDefinition>().notNull(),
    contentHash: text("content_hash").notNull(),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organisation, t.id] })],
);

/** One entry of a register: its number, its state and its field values. */
export const registerEntries = pgTable(
  "register_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisation: text("organisation").notNull(),
    registerId: text("register_id").notNull(),
    number: text("number").notNull(),
    state: text("state"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    /** Number, state and values folded (lower case, no accents) by the application: both databases search alike. */
    searchText: text("search_text").notNull(),
    /** Hash of the entry's last history event, and how many there are (the chain's head). */
    headHash: text("head_hash").notNull(),
    eventCount: integer("event_count").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when an archivist approved the end of its retention: archived or destroyed. */
    disposedAt: timestamp("disposed_at", { withTimezone: true }),
    disposal: text("disposal").$type<"archive" | "destroy">(),
  },
  (t) => [
    unique("register_entries_number").on(t.organisation, t.registerId, t.number),
    index("register_entries_list").on(t.organisation, t.registerId, t.createdAt, t.id),
    index("register_entries_state").on(t.organisation, t.registerId, t.state, t.createdAt, t.id),
    index("register_entries_data").using("gin", sql`${t.data} jsonb_path_ops`),
    index("register_entries_search").using("gin", sql`to_tsvector('simple', ${t.searchText})`),
  ],
);

/** Each change of an entry (who, when, before and after), hash-chained per entry like case events. */
export const registerEntryEvents = pgTable(
  "register_entry_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => registerEntries.id),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    actorUserId: uuid("actor_user_id"),
    caseId: uuid("case_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [unique("register_entry_events_seq").on(t.entryId, t.seq)],
);

/** Which cases created or changed which entries: the link read from both sides. */
export const registerEntryCases = pgTable(
  "register_entry_cases",
  {
    entryId: uuid("entry_id")
      .notNull()
      .references(() => registerEntries.id),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    stepId: text("step_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.entryId, t.caseId, t.stepId] }),
    index("register_entry_cases_case").on(t.caseId),
  ],
);

/** Stock movements of a quantity field: the level is their sum. */
export const stockMovements = pgTable(
  "stock_movements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => registerEntries.id),
    field: text("field").notNull(),
    kind: text("kind").$type<"in" | "out" | "adjustment">().notNull(),
    /** Signed: an exit is negative. */
    quantity: integer("quantity").notNull(),
    reason: text("reason"),
    caseId: uuid("case_id"),
    actorUserId: uuid("actor_user_id"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("stock_movements_entry").on(t.entryId, t.field)],
);

/** An archivist's decision on entries past their retention period. */
export const registerDisposals = pgTable("register_disposals", {
  id: uuid("id").primaryKey().defaultRandom(),
  organisation: text("organisation").notNull(),
  registerId: text("register_id").notNull(),
  disposal: text("disposal").$type<"archive" | "destroy">().notNull(),
  entryIds: jsonb("entry_ids").$type<string[]>().notNull(),
  approvedBy: uuid("approved_by")
    .notNull()
    .references(() => users.id),
  approvedAt: timestamp("approved_at", { withTimezone: true }).notNull(),
});

/**
 * The clock's hold on a waiting step (server/time/): one row per token of a step with reminders,
 * an escalation, a timer or a message to send, written with the transition that opens it.
 * `stage` counts the milestones already handled (the plan itself is recomputed by the engine from
 * the definition and the calendar); `next_at` is when the next one is due, null when none is left
 * or the step is done. The scan job reads the due rows by (organisation, next_at).
 */
export const stepTimers = pgTable(
  "step_timers",
  {
    organisation: organisationColumn(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    tokenId: text("token_id").notNull(),
    stepId: text("step_id").notNull(),
    stage: integer("stage").notNull().default(0),
    nextAt: timestamp("next_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.tokenId] }),
    index("step_timers_due").on(t.organisation, t.nextAt).where(sql`${t.nextAt} is not null`),
  ],
);

/**
 * Signed checkpoints of the audit chains' heads (docs/AUDIT-INTEGRITY.md): every hour, the newest
 * event of each case and register entry written since the last checkpoints, and the head of the
 * security trail, signed with an Ed25519 key the database does not hold. A chain rewritten and
 * recomputed end to end no longer meets the hashes a checkpoint signed. Append-only.
 */
export const auditCheckpoints = pgTable(
  "audit_checkpoints",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organisation: organisationColumn(),
    takenAt: timestamp("taken_at", { withTimezone: true }).notNull(),
    /** The signed content: `AuditCheckpointHeads` (server/audit/checkpoints.ts). */
    heads: jsonb("heads").$type<Record<string, unknown>>().notNull(),
    /** Fingerprint of the signing key's public half: which key to check the signature with. */
    keyId: text("key_id").notNull(),
    signature: text("signature").notNull(),
  },
  (t) => [index("audit_checkpoints_org").on(t.organisation, t.id)],
);

/**
 * The public portal's thread between the office and a requester without an account: the office
 * writes (and may ask for a document), the requester answers from the tracking page.
 */
export const portalMessages = pgTable(
  "portal_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisation: organisationColumn(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    /** True when an agent wrote it; false when the requester did. */
    fromOffice: boolean("from_office").notNull(),
    /** The agent who wrote it; null for the requester. */
    authorId: uuid("author_id").references(() => users.id),
    text: text("text").notNull(),
    /** The document the office asks the requester for (its title), if any. */
    asksFor: text("asks_for"),
    /** The document the requester added with this message, if any. */
    attachmentId: uuid("attachment_id").references(() => attachments.id),
    createdAt: createdAt(),
  },
  (t) => [index("portal_messages_case").on(t.caseId, t.createdAt)],
);

/** The requester's satisfaction with a closed case (1 to 5), once per case. */
export const portalRatings = pgTable("portal_ratings", {
  caseId: uuid("case_id")
    .primaryKey()
    .references(() => cases.id),
  organisation: organisationColumn(),
  rating: integer("rating").notNull(),
  comment: text("comment"),
  ratedAt: timestamp("rated_at", { withTimezone: true }).notNull(),
});

/**
 * The portal's key (one row): signs its proof-of-work challenges, derives e-mail confirmation
 * codes and seals tracking codes on their way to the mail job. Shared by every app server.
 */
export const portalKeys = pgTable("portal_keys", {
  id: integer("id").primaryKey(),
  secret: text("secret").notNull(),
  createdAt: createdAt(),
});

/**
 * The oversight read model (issue 13), kept from the audit trail by the `oversight.refresh` job
 * and rebuilt from it by `logigramme oversight rebuild`: never written by a transition. Where each
 * organisation's job stopped reading events, and the moment its late counts are true of.
 */
export const oversightProgress = pgTable("oversight_progress", {
  organisation: text("organisation")
    .primaryKey()
    .references(() => organisations.code),
  lastEventId: bigint("last_event_id", { mode: "number" }).notNull(),
  lateCheckedAt: timestamp("late_checked_at", { withTimezone: true }).notNull(),
});

/** Per case: how many of its events the read model has applied, and its start and end. */
export const oversightCases = pgTable(
  "oversight_cases",
  {
    caseId: uuid("case_id")
      .primaryKey()
      .references(() => cases.id),
    organisation: organisationColumn(),
    procedureId: text("procedure_id").notNull(),
    procedureVersion: integer("procedure_version").notNull(),
    eventsApplied: integer("events_applied").notNull(),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    outcome: text("outcome"),
  },
  (t) => [index("oversight_cases_procedure").on(t.organisation, t.procedureId, t.procedureVersion)],
);

/** One passage of a case through a step (engine/oversight/stepInstances.ts), with its durations. */
export const oversightSteps = pgTable(
  "oversight_steps",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    enteredSeq: integer("entered_seq").notNull(),
    organisation: organisationColumn(),
    procedureId: text("procedure_id").notNull(),
    procedureVersion: integer("procedure_version").notNull(),
    stepId: text("step_id").notNull(),
    tokenId: text("token_id").notNull(),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    finishedBy: uuid("finished_by"),
    ending: text("ending"),
    outcome: text("outcome"),
    workingDays: integer("working_days"),
    waitingDays: integer("waiting_days").notNull(),
    onTime: boolean("on_time"),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.enteredSeq] }),
    // Durations of one procedure's steps over a period.
    index("oversight_steps_finished")
      .on(t.organisation, t.procedureId, t.procedureVersion, t.stepId, t.finishedAt)
      .where(sql`${t.finishedAt} is not null`),
    // The open instances whose due date the clock passes: waiting → late.
    index("oversight_steps_open_due").on(t.organisation, t.dueAt).where(sql`${t.finishedAt} is null`),
    index("oversight_steps_open_case").on(t.caseId).where(sql`${t.finishedAt} is null`),
  ],
);

/** Per organisation × procedure × version × step: instances waiting, late and done. */
export const oversightStepCounts = pgTable(
  "oversight_step_counts",
  {
    organisation: organisationColumn(),
    procedureId: text("procedure_id").notNull(),
    procedureVersion: integer("procedure_version").notNull(),
    stepId: text("step_id").notNull(),
    waiting: integer("waiting").notNull(),
    late: integer("late").notNull(),
    done: integer("done").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisation, t.procedureId, t.procedureVersion, t.stepId] })],
);

/** Cases opened and closed per month of the organisation's calendar (« 2027-03 »), per procedure version. */
export const oversightMonths = pgTable(
  "oversight_months",
  {
    organisation: organisationColumn(),
    procedureId: text("procedure_id").notNull(),
    procedureVersion: integer("procedure_version").notNull(),
    month: text("month").notNull(),
    opened: integer("opened").notNull(),
    closed: integer("closed").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisation, t.procedureId, t.procedureVersion, t.month] })],
);
