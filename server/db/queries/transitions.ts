import { and, eq, sql } from "drizzle-orm";
import type { CaseState } from "../../../engine/case/state.js";
import type { Db } from "../database.js";
import { rowsOf } from "../rows.js";
import { cases, organisations, procedureDefinitions } from "../schema.js";
import type { CaseRow } from "./cases.js";
import type { ChainedEvents } from "./events.js";
import type { NewJobRow } from "./jobs.js";

/** A case as a transition reads it, with what else it needs from the same round trip. */
export interface CaseForTransition {
  case: CaseRow;
  /** The organisation's revision: the directory kept in memory is used only if it is this one. */
  revision: string;
  /** Content hash of the case's definition version: the parsed definition kept in memory by it. */
  definitionHash: string;
  /** The task of the waiting step acted on, if one was named. */
  task: { stepId: string; unitId: string | null } | null;
  /** The attachments named by the action, as stored (any case: the command checks they are this one's). */
  attachments: Array<{ id: string; caseId: string | null; sha256: string }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads and locks the case (`for update`: a concurrent transition waits here, then reads the new
 * version and is refused), with the organisation's revision, the definition's hash, the task and
 * the attachments the action names — one round trip. Another organisation's case is not found.
 */
export async function readCaseForTransition(
  db: Db,
  organisation: string,
  caseId: string,
  tokenId: string | null,
  attachmentIds: string[],
): Promise<CaseForTransition | null> {
  if (!UUID.test(caseId)) return null;
  const ids = JSON.stringify(attachmentIds.filter((id) => UUID.test(id)));
  const rows = await db
    .select({
      case: cases,
      revision: organisations.revision,
      definitionHash: procedureDefinitions.contentHash,
      task: sql<CaseForTransition["task"]>`(select json_build_object('stepId', t.step_id, 'unitId', t.unit_id)
        from tasks t where t.case_id = ${cases.id} and t.token_id = ${tokenId ?? ""})`,
      attachments: sql<CaseForTransition["attachments"]>`(select coalesce(json_agg(json_build_object(
          'id', a.id, 'caseId', a.case_id, 'sha256', a.sha256)), '[]'::json)
        from attachments a where a.id in (select (jsonb_array_elements_text(${ids}::jsonb))::uuid))`,
    })
    .from(cases)
    .innerJoin(organisations, eq(organisations.code, cases.organisation))
    .innerJoin(
      procedureDefinitions,
      and(
        eq(procedureDefinitions.organisation, cases.organisation),
        eq(procedureDefinitions.id, cases.procedureId),
        eq(procedureDefinitions.version, cases.procedureVersion),
      ),
    )
    .where(and(eq(cases.id, caseId), eq(cases.organisation, organisation)))
    .for("update", { of: cases });
  return rows[0] ?? null;
}

/** A task to open, routed: a role in a unit, or one named person. */
export interface OpenedTask {
  tokenId: string;
  stepId: string;
  actorCode: string;
  roleCode: string | null;
  unitId: string | null;
  assigneeId: string | null;
  dueAt: string | null;
}

/** What a transition sends (notifications, webhook deliveries, the jobs that send them), as rows. */
export interface Outgoing {
  notifications: Array<{
    id: string;
    userId: string;
    kind: string;
    subject: { fr: string; en: string };
    body: { fr: string; en: string };
    caseId?: string | null;
  }>;
  webhookDeliveries: Array<{
    id: string;
    subscriptionId: string;
    eventType: string;
    payload: Record<string, unknown>;
  }>;
  jobs: NewJobRow[];
}

/** Everything one transition writes. */
export interface TransitionWrites {
  organisation: string;
  caseId: string;
  expectedVersion: number;
  state: CaseState;
  chained: ChainedEvents;
  now: Date;
  closing: { tokenIds: string[]; status: "done" | "cancelled"; by: string | null };
  opened: OpenedTask[];
  reassigned: Array<{ tokenId: string; assigneeId: string }>;
  deadlines: Array<{ tokenId: string; dueAt: string }>;
  comments: Array<{ authorId: string; body: string }>;
  /** The other roles an opened task is offered to (an actor with alternatives). */
  candidates: Array<{ tokenId: string; roleCode: string; unitId: string | null }>;
  /** Notifications, webhook deliveries and the jobs that send them. */
  outgoing: Outgoing;
}

/**
 * Writes a transition in one statement (one round trip): the case row under its version, the
 * events, the tasks closed, opened, reassigned or given a deadline, the comments. Every part hangs
 * off the case update, so if the version moved on nothing at all is written. Returns whether the
 * case was updated and how many of the consumed tasks were still open, for the caller to refuse.
 */
export async function writeTransition(
  db: Db,
  w: TransitionWrites,
): Promise<{ updated: boolean; closed: number }> {
  const events = w.chained.rows.map((e) => ({
    seq: e.seq,
    type: e.type,
    actor_user_id: e.actorUserId ?? null,
    actor_role: e.actorRole ?? null,
    on_behalf_of_user_id: e.onBehalfOfUserId ?? null,
    step_before: e.stepBefore ?? null,
    step_after: e.stepAfter ?? null,
    payload: e.payload,
    occurred_at: e.occurredAt.toISOString(),
    prev_hash: e.prevHash,
    hash: e.hash,
  }));
  const opened = w.opened.map((t) => ({
    token_id: t.tokenId,
    step_id: t.stepId,
    actor_code: t.actorCode,
    role_code: t.roleCode,
    unit_id: t.unitId,
    assignee_id: t.assigneeId,
    due_at: t.dueAt,
  }));
  const now = w.now.toISOString();
  const closedAt = w.state.status === "active" ? null : now;
  const result = await db.execute(sql`
    with updated as (
      update cases set state = ${JSON.stringify(w.state)}::jsonb, version = ${w.state.version},
        status = ${w.state.status}, head_hash = ${w.chained.head.hash}, event_count = ${w.chained.head.count},
        updated_at = ${now}::timestamptz, closed_at = ${closedAt}::timestamptz
      where id = ${w.caseId} and version = ${w.expectedVersion}
      returning id
    ), appended as (
      insert into events (organisation, case_id, seq, type, actor_user_id, actor_role, on_behalf_of_user_id,
        step_before, step_after, payload, occurred_at, prev_hash, hash)
      select ${w.organisation}, updated.id, e.seq, e.type, e.actor_user_id, e.actor_role, e.on_behalf_of_user_id,
        e.step_before, e.step_after, e.payload, e.occurred_at, e.prev_hash, e.hash
      from updated, jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(seq int, type text,
        actor_user_id uuid, actor_role text, on_behalf_of_user_id uuid, step_before text, step_after text,
        payload jsonb, occurred_at timestamptz, prev_hash text, hash text)
      returning 1
    ), closed as (
      update tasks set status = ${w.closing.status}, closed_at = ${now}::timestamptz, closed_by = ${w.closing.by}::uuid
      from updated
      where tasks.case_id = updated.id and tasks.status = 'open'
        and tasks.token_id in (select jsonb_array_elements_text(${JSON.stringify(w.closing.tokenIds)}::jsonb))
      returning 1
    ), opened as (
      insert into tasks (case_id, token_id, step_id, actor_code, role_code, unit_id, assignee_id, due_at, created_at)
      select updated.id, t.token_id, t.step_id, t.actor_code, t.role_code, t.unit_id, t.assignee_id, t.due_at, ${now}::timestamptz
      from updated, jsonb_to_recordset(${JSON.stringify(opened)}::jsonb) as t(token_id text, step_id text,
        actor_code text, role_code text, unit_id uuid, assignee_id uuid, due_at timestamptz)
      returning id, token_id
    ), offered as (
      insert into task_candidates (task_id, role_code, unit_id)
      select opened.id, c."roleCode", c."unitId"
      from opened join jsonb_to_recordset(${JSON.stringify(w.candidates)}::jsonb)
        as c("tokenId" text, "roleCode" text, "unitId" uuid) on c."tokenId" = opened.token_id
      returning 1
    ), notified as (
      insert into notifications (id, organisation, user_id, kind, subject, body, case_id, created_at)
      select n.id, ${w.organisation}, n."userId", n.kind, n.subject, n.body, n."caseId", ${now}::timestamptz
      from updated, jsonb_to_recordset(${JSON.stringify(w.outgoing.notifications)}::jsonb)
        as n(id uuid, "userId" uuid, kind text, subject jsonb, body jsonb, "caseId" uuid)
      returning 1
    ), delivering as (
      -- Joined to the subscription: one removed since the directory was read gets nothing, and its
      -- job, finding no delivery, does nothing.
      insert into webhook_deliveries (id, subscription_id, event_type, payload, created_at)
      select d.id, d."subscriptionId", d."eventType", d.payload, ${now}::timestamptz
      from updated, jsonb_to_recordset(${JSON.stringify(w.outgoing.webhookDeliveries)}::jsonb)
        as d(id uuid, "subscriptionId" uuid, "eventType" text, payload jsonb)
        join webhook_subscriptions s on s.id = d."subscriptionId"
      returning 1
    ), enqueued as (
      insert into jobs (organisation, name, payload, key, run_at, max_attempts)
      select j.organisation, j.name, j.payload, j.key, j."runAt", j."maxAttempts"
      from updated, jsonb_to_recordset(${JSON.stringify(w.outgoing.jobs)}::jsonb)
        as j(organisation text, name text, payload jsonb, key text, "runAt" timestamptz, "maxAttempts" int)
      on conflict (key) where key is not null do nothing
      returning 1
    ), reassigned as (
      update tasks set assignee_id = r."assigneeId"
      from updated, jsonb_to_recordset(${JSON.stringify(w.reassigned)}::jsonb) as r("tokenId" text, "assigneeId" uuid)
      where tasks.case_id = updated.id and tasks.token_id = r."tokenId" and tasks.status = 'open'
      returning 1
    ), rescheduled as (
      update tasks set due_at = d."dueAt"
      from updated, jsonb_to_recordset(${JSON.stringify(w.deadlines)}::jsonb) as d("tokenId" text, "dueAt" timestamptz)
      where tasks.case_id = updated.id and tasks.token_id = d."tokenId" and tasks.status = 'open'
      returning 1
    ), commented as (
      -- Comments also live in their own table, for listing and searching without replaying events.
      insert into comments (organisation, case_id, author_id, body, created_at)
      select ${w.organisation}, updated.id, c."authorId", c.body, ${now}::timestamptz
      from updated, jsonb_to_recordset(${JSON.stringify(w.comments)}::jsonb) as c("authorId" uuid, body text)
      returning 1
    )
    select (select count(*) from updated)::int as updated, (select count(*) from closed)::int as closed,
      (select count(*) from appended) + (select count(*) from opened) + (select count(*) from reassigned)
        + (select count(*) from rescheduled) + (select count(*) from commented) + (select count(*) from offered)
        + (select count(*) from notified) + (select count(*) from delivering) + (select count(*) from enqueued)
        as written`);
  const row = rowsOf<{ updated: number; closed: number }>(result)[0]!;
  return { updated: Number(row.updated) === 1, closed: Number(row.closed) };
}
