import { z } from "zod";
import { pageOf, pageQuery } from "./pagination.js";

/** Request schemas of the cases API, shared by the server (validation) and clients (types). */

export const caseIdParams = z.object({ caseId: z.uuid() });
export const taskIdParams = z.object({ taskId: z.uuid() });

/** Someone without an account who asks (a letter's sender, a citizen, a company): a name and a way to reach them. */
export const externalRequester = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[+0-9 ().-]{4,40}$/)
    .optional(),
  /** Their organisation or company, when they write on its behalf. */
  company: z.string().trim().min(1).max(200).optional(),
});

/** A file sent with the first form, before the case exists: its bytes in base64. */
const firstFormFile = z.strictObject({
  documentId: z.string().min(1).max(100),
  fileName: z.string().min(1).max(255),
  mediaType: z.string().min(1).max(200).optional(),
  contentBase64: z.base64().max(34_000_000),
});

/**
 * The first step's form submitted with the start: the case, its registry number and its tasks are
 * created only then, in one transaction, the first step completed by the caller when they are its
 * actor. A start left unsubmitted leaves nothing behind.
 */
export const firstFormSubmission = z.strictObject({
  outcome: z.string().min(1).max(200).optional(),
  imputeTo: z.string().min(1).max(100).optional(),
  checklist: z.array(z.string().min(1).max(200)).max(100).optional(),
  files: z.array(firstFormFile).max(10).optional(),
});

export const startCaseBody = z.strictObject({
  procedureId: z.string().min(1).max(200),
  /** The object of the letter or request; the procedure's title when left out. */
  title: z.string().trim().min(1).max(300).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  /** The requester has no account: the caller (a secretary registering the letter) opens it for them. */
  externalRequester: externalRequester.optional(),
  /** The first step's form is submitted: `data` is its values, checked as a completion. */
  submit: firstFormSubmission.optional(),
});

const formValues = z.record(z.string(), z.unknown());

/** What a person does on one of their tasks. */
export const taskActionBody = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("complete"),
    expectedVersion: z.number().int().positive().max(2_147_483_647),
    form: formValues.optional(),
    outcome: z.string().min(1).optional(),
    documents: z.record(z.string(), z.string()).optional(),
    checklist: z.array(z.string()).optional(),
    imputeTo: z.string().min(1).optional(),
    /** The motif of the outcome chosen (a NON that returns the case): shown to whoever receives it. */
    reason: z.string().trim().max(4000).optional(),
  }),
  z.strictObject({
    type: z.literal("send_back"),
    expectedVersion: z.number().int().positive().max(2_147_483_647),
    toStepId: z.string().min(1),
    reason: z.string().min(1).max(4000),
  }),
  z.strictObject({
    type: z.literal("reassign"),
    expectedVersion: z.number().int().positive().max(2_147_483_647),
    toUserId: z.uuid(),
    reason: z.string().max(4000).optional(),
  }),
  z.strictObject({
    type: z.literal("take"),
    expectedVersion: z.number().int().positive().max(2_147_483_647),
  }),
  z.strictObject({
    type: z.literal("set_deadline"),
    expectedVersion: z.number().int().positive().max(2_147_483_647),
    dueAt: z.iso.datetime({ offset: true }),
    note: z.string().max(4000).optional(),
  }),
]);

/** What anyone taking part may do on the case as a whole. */
export const caseActionBody = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("comment"),
    expectedVersion: z.number().int().positive().max(2_147_483_647),
    text: z.string().min(1).max(10000),
  }),
  z.strictObject({
    type: z.literal("cancel"),
    expectedVersion: z.number().int().positive().max(2_147_483_647),
    reason: z.string().min(1).max(4000),
  }),
]);

export type StartCaseBody = z.infer<typeof startCaseBody>;
export type FirstFormSubmission = z.infer<typeof firstFormSubmission>;
export type TaskActionBody = z.infer<typeof taskActionBody>;
export type CaseActionBody = z.infer<typeof caseActionBody>;

export const commentBody = z.strictObject({
  expectedVersion: z.number().int().positive().max(2_147_483_647),
  text: z.string().min(1).max(10000),
});

export const attachmentParams = z.object({ caseId: z.uuid(), attachmentId: z.uuid() });

/* ---- Responses ---- */

const person = z.object({ id: z.uuid(), matricule: z.string(), name: z.string() });

/**
 * A step the case came back to (a send-back, or a NON given with its motif): who returned it,
 * from which step, when and why, so that whoever receives it knows before opening the case.
 */
export const caseReturn = z.object({
  byName: z.string().nullable(),
  fromStepId: z.string().nullable(),
  /** Its title: the reader may not be allowed the procedure's definition. */
  fromStepTitle: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
});
const unitRef = z.object({ code: z.string(), name: z.string() });

/** Who holds a task: a role in a unit, or one named person. */
const holder = z.object({
  roleCode: z.string().nullable(),
  roleTitle: z.string().nullable(),
  unitName: z.string().nullable(),
  person: person.nullable(),
});

export const historyEntry = z.object({
  seq: z.number().int(),
  type: z.string(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  /** The person the actor stood in for ("intérim"), when they did. */
  onBehalfOfUserId: z.uuid().nullable(),
  onBehalfOfName: z.string().nullable(),
  /** « Système »: the job (and its run) that made the change, when no person did. */
  system: z.object({ job: z.string(), jobId: z.string() }).nullable(),
  stepBefore: z.string().nullable(),
  stepAfter: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});

export const attachmentView = z.object({
  id: z.uuid(),
  documentId: z.string().nullable(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
});

/** A case as its page shows it. */
export const caseView = z.object({
  id: z.uuid(),
  registryNumber: z.string(),
  title: z.string(),
  procedure: z.object({ id: z.string(), version: z.number().int(), title: z.string() }),
  status: z.string(),
  version: z.number().int(),
  /** An account, or someone without one (`id` and `matricule` null, their contact in `external`). */
  requester: z.object({
    id: z.uuid().nullable(),
    matricule: z.string().nullable(),
    name: z.string(),
    external: externalRequester.nullable(),
  }),
  imputedUnit: unitRef.nullable(),
  data: z.record(z.string(), z.unknown()),
  currentSteps: z.array(
    z.object({
      stepId: z.string(),
      title: z.string(),
      dueAt: z.string().nullable(),
      actorCode: z.string().nullable(),
      actorTitle: z.string().nullable(),
      heldBy: holder.nullable(),
      /** The step was reconstructed or inferred, not read in the manual's chart: its note. */
      mark: z.object({ kind: z.enum(["reconstructed", "inferred"]), note: z.string() }).nullable(),
      /** A call activity: the procedure whose case the step waits for. */
      calls: z.string().nullable(),
      returned: caseReturn.nullable(),
    }),
  ),
  tasks: z.array(
    z.object({
      id: z.uuid(),
      stepId: z.string(),
      status: z.string(),
      actorCode: z.string(),
      roleCode: z.string().nullable(),
      unitId: z.uuid().nullable(),
      assigneeId: z.uuid().nullable(),
      dueAt: z.string().nullable(),
      closedAt: z.string().nullable(),
    }),
  ),
  /** What the reader may do now; step actions name the task to post to. */
  actions: z.array(z.looseObject({ type: z.string() })),
  history: z.array(historyEntry),
  comments: z.array(
    z.object({
      id: z.uuid(),
      authorId: z.uuid(),
      authorName: z.string(),
      body: z.string(),
      createdAt: z.string(),
    }),
  ),
  attachments: z.array(attachmentView),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});

export const historyPage = pageOf(historyEntry);
export const historyQuery = pageQuery;

/* ---- Search and register ---- */

const isoDate = z.iso.date();

/** Filters of the case search and of the register export (the same ones). */
export const caseFilters = z.object({
  /** Exact registry number, or its beginning. */
  registryNumber: z.string().trim().min(1).max(100).optional(),
  procedureId: z.string().min(1).max(200).optional(),
  status: z.enum(["active", "completed", "cancelled"]).optional(),
  /** A unit code: cases whose tasks or imputation passed through it. */
  unit: z.string().min(1).max(100).optional(),
  /** The requester's matricule. */
  requester: z.string().min(1).max(100).optional(),
  /** Creation dates, inclusive, in the organisation's calendar. */
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  /** Full text (French) over the title and the form data. */
  q: z.string().trim().min(1).max(500).optional(),
  procedureVersion: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  /**
   * Cases with an open task matching every one of these (what a dashboard's number counts): on
   * this step, in this unit (code), named to this person (matricule), and late (strictly past its
   * due date), due within the coming seven days, or not late.
   */
  step: z.string().min(1).max(200).optional(),
  waitingUnit: z.string().min(1).max(100).optional(),
  waitingFor: z.string().min(1).max(100).optional(),
  due: z.enum(["late", "week", "onTime"]).optional(),
  /** Closing dates, inclusive, in the organisation's calendar. */
  closedFrom: isoDate.optional(),
  closedTo: isoDate.optional(),
  /** Cases that passed through this step (completed it or sent it back), per the oversight figures. */
  passedStep: z.string().min(1).max(200).optional(),
});

export const caseSearchQuery = pageQuery.extend(caseFilters.shape);
export const caseExportQuery = caseFilters.extend({
  format: z.enum(["csv", "xlsx"]).default("csv"),
  /** The CSV's separator: `;` by default, what Excel in French opens in columns; `,` elsewhere. */
  separator: z.enum(["semicolon", "comma"]).default("semicolon"),
});

export const caseListItem = z.object({
  id: z.uuid(),
  registryNumber: z.string(),
  createdAt: z.string(),
  procedure: z.object({ id: z.string(), version: z.number().int(), title: z.string() }),
  title: z.string(),
  /**
   * The requester: the account that asked, or the sender without an account a secretary named
   * when registering the letter (with their company, if any).
   */
  requesterName: z.string(),
  imputedUnit: unitRef.nullable(),
  status: z.string(),
  currentSteps: z.array(z.object({ stepId: z.string(), title: z.string(), dueAt: z.string().nullable() })),
});

export const caseList = pageOf(caseListItem);

export type CaseView = z.infer<typeof caseView>;
export type CaseReturn = z.infer<typeof caseReturn>;
export type CaseFilters = z.infer<typeof caseFilters>;
export type CaseListItem = z.infer<typeof caseListItem>;
