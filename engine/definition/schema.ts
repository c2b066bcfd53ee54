import { z } from "zod";
import { stepRecords } from "../register/records.js";

/**
 * The procedure definition format: one YAML file per procedure under `procedures/`.
 * This schema is the single source of truth: it validates files, gives the TypeScript
 * types, and is exported as JSON Schema for editors (`procedures/definition.schema.json`).
 */

const identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "un identifiant s'écrit en minuscules, chiffres, « - » ou « _ »");

const actorCode = z.string().min(1).max(40);

const localDate = z.iso.date("une date s'écrit AAAA-MM-JJ");

export const definitionStatus = z.enum(["draft", "in_force", "expired"]);

export const sourceReference = z.strictObject({
  document: z.string().min(1).describe("Title of the manual the procedure comes from"),
  file: z.string().optional().describe("Seed file the procedure was read from"),
  section: z.string().optional(),
  reference: z.string().optional().describe("The manual's own reference, e.g. PO 001/DSI"),
  manualVersion: z.string().optional(),
});

export const relativeActor = z.enum(["requester", "requester_manager", "imputed_unit_head"]);

export const actorDefinition = z
  .strictObject({
    title: z.string().min(1).describe("Full title, in the manual's words"),
    role: actorCode.optional().describe("Role code in the org chart (defaults to the actor's own code)"),
    unit: z.string().optional().describe("Code of the org unit the role belongs to, when fixed"),
    relative: relativeActor
      .optional()
      .describe("Resolved at run time from the org chart instead of a fixed role"),
    anyOf: z
      .array(
        z.strictObject({
          role: actorCode.describe("Role code in the org chart"),
          unit: z.string().optional().describe("Code of the org unit, when fixed"),
        }),
      )
      .min(2)
      .optional()
      .describe("Alternatives (« CB / CS »): the task is offered to each; whoever holds one may act"),
    person: z
      .strictObject({
        field: identifier.describe("A `person` field (a matricule) of an earlier step's form"),
      })
      .optional()
      .describe(
        "Bound to the case: the person named at an earlier step (the maître de stage, the agent a head imputes the case to)",
      ),
  })
  .refine((a) => !(a.relative && (a.role || a.unit)), {
    message: "un acteur relatif ne peut pas avoir de rôle ni d'unité fixe",
  })
  .refine((a) => !(a.anyOf && (a.relative || a.role || a.unit)), {
    message: "un acteur à choix (anyOf) nomme ses rôles et unités dans anyOf seulement",
  })
  .refine((a) => !(a.person && (a.relative || a.role || a.unit || a.anyOf)), {
    message: "un acteur désigné dans un formulaire (person) n'a ni rôle, ni unité, ni relatif, ni anyOf",
  });

export const deadline = z.union([
  z.strictObject({ businessDays: z.number().int().positive() }),
  z.strictObject({ hours: z.number().positive().describe("Working hours") }),
  z.strictObject({ calendarDays: z.number().int().positive() }),
  z.strictObject({ months: z.number().int().positive().describe("Calendar months") }),
  z.strictObject({
    setWhenActing: z.literal(true),
    note: z.string().optional().describe("Why, in the manual's words (e.g. « dépend du volume »)"),
  }),
  z.strictObject({
    fromField: identifier.describe(
      "A date (or date and time) entered in a form earlier (« date de livraison prévue »): due at the end of that working day",
    ),
  }),
]);

/** A length of time counted in the organisation's working calendar. */
export const timeSpan = z.union([
  z.strictObject({ businessDays: z.number().int().positive() }),
  z.strictObject({ hours: z.number().positive().describe("Working hours") }),
  z.strictObject({ calendarDays: z.number().int().positive() }),
]);

/** Someone a message goes to: people of the org chart, or an address outside it. */
export const recipient = z.union([
  z.strictObject({ actor: actorCode.describe("Whoever holds this actor of the definition") }),
  z.strictObject({ role: actorCode, unit: z.string().optional().describe("Code of the unit, when fixed") }),
  z.strictObject({ field: identifier.describe("An e-mail address entered in a form of the case") }),
  z.strictObject({ address: z.email("une adresse électronique valide") }),
  z.strictObject({ relative: z.enum(["requester"]) }),
]);

/** A message the system sends from the case's data: `{{field}}`, `{{case.number}}`, `{{case.title}}`, `{{procedure.title}}`. */
export const messageTemplate = z.strictObject({
  to: z.array(recipient).min(1),
  cc: z.array(recipient).optional().describe("Copy list"),
  subject: z.string().min(1),
  body: z.string().min(1),
});

/** A reminder to whoever holds the task, some time before it is due. */
export const reminder = z.strictObject({
  before: z
    .strictObject({ businessDays: z.number().int().positive() })
    .describe("At the start of the working day this many working days before the due day"),
});

/**
 * What happens when a task is late: at the start of the N-th working day after its due day (and
 * every N working days again, `times` times), the task moves to someone else's inbox and/or a
 * message goes out; then, when the manual says so, the system takes an outcome of the step.
 */
export const escalation = z
  .strictObject({
    after: z
      .strictObject({ businessDays: z.number().int().positive() })
      .describe("Working days late before each escalation"),
    to: z
      .union([
        z
          .enum(["manager", "unit_head"])
          .describe("The N+1 of whoever holds the task, or the head of its unit"),
        z.strictObject({ role: actorCode, unit: z.string().optional() }),
      ])
      .optional()
      .describe("Who the task is handed to (it enters their inbox)"),
    message: messageTemplate.optional().describe("Sent at each escalation (e.g. to the supplier)"),
    times: z.number().int().min(1).max(20).default(1),
    outcome: identifier
      .optional()
      .describe("Outcome of the step's decision the system takes after the last escalation"),
  })
  .refine((e) => e.to !== undefined || e.message !== undefined || e.outcome !== undefined, {
    message:
      "une escalade dit à qui passe la tâche (to), quel message part (message) ou quelle issue est prise (outcome)",
  });

/** A step the system does by itself: waiting, or sending a message. */
export const wait = z.union([
  timeSpan,
  z.strictObject({ untilField: identifier.describe("A date or date-and-time field of the case") }),
]);

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "une heure s'écrit HH:MM");

/**
 * When the system starts a case by itself, in the organisation's calendar and time zone:
 * every (working) day, the first working day of some months, or on dates of the year.
 */
export const recurrence = z
  .strictObject({
    every: z.enum(["day", "working_day", "first_working_day_of_month"]).optional(),
    months: z
      .array(z.number().int().min(1).max(12))
      .min(1)
      .optional()
      .describe("Only these months (1 = January), with every"),
    dates: z
      .array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "une date de l'année s'écrit MM-JJ"))
      .min(1)
      .optional()
      .describe("Dates of the year (MM-DD); on the next working day when one is not worked"),
    at: localTime.describe("Local time of the organisation"),
    catchUp: z
      .enum(["once", "skip"])
      .describe("After a stop that spanned one or more runs: start one case for them, or none"),
  })
  .refine((r) => (r.every === undefined) !== (r.dates === undefined), {
    message: "une récurrence a soit « every », soit « dates »",
  });

/** The manual's lifecycle: who answers for a definition and how its revision starts. */
export const revisionPlan = z.strictObject({
  procedure: identifier.describe("Procedure started by the system before the revision date"),
  owner: actorCode.describe("Actor of this definition notified of the coming revision"),
  noticeMonths: z.number().int().positive().default(6),
});

export const documentSpec = z.strictObject({
  id: identifier,
  title: z.string().min(1),
  kind: z.enum(["produces", "requires"]).default("produces"),
  required: z.boolean().default(false).describe("An upload is required to complete the step"),
  checklist: z
    .array(
      z.strictObject({
        id: identifier,
        label: z.string().min(1),
        when: z
          .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
          .optional()
          .describe("Only required when these form values match (e.g. type: creation)"),
      }),
    )
    .optional(),
});

const fieldOption = z.strictObject({ value: z.string().min(1), label: z.string().min(1) });

export const formField = z.strictObject({
  id: identifier,
  label: z.string().min(1),
  type: z
    .enum([
      "text",
      "textarea",
      "number",
      "integer",
      "boolean",
      "date",
      "datetime",
      "select",
      "email",
      "person",
    ])
    .describe("`person`: the matricule of someone of the organisation, whom an actor may be bound to"),
  required: z.boolean().default(false),
  options: z.array(fieldOption).optional(),
  unit: z.string().optional().describe("Unit shown beside a number (Go, jours...)"),
  help: z.string().optional(),
});

/** A condition on case data, evaluated by the engine (never typed by hand). */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | {
      field: string;
      equals?: string | number | boolean;
      gte?: number;
      lte?: number;
      gt?: number;
      lt?: number;
      in?: Array<string | number>;
    };

export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(condition).min(1) }),
    z.strictObject({ any: z.array(condition).min(1) }),
    z.strictObject({ not: condition }),
    z.strictObject({
      field: z.string().min(1),
      equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
      gte: z.number().optional(),
      lte: z.number().optional(),
      gt: z.number().optional(),
      lt: z.number().optional(),
      in: z.array(z.union([z.string(), z.number()])).optional(),
    }),
  ]),
);

/**
 * How far a step or an outcome is the manual's own: `reconstructed` when the manual gives no chart
 * for it, `inferred` when the chart is there but does not draw it (a NON whose target is not drawn,
 * a loop the comments imply). Drawn dashed with a legend and printed with its note in the manual,
 * for the manual's owners to confirm.
 */
export const provenanceMark = z.strictObject({
  kind: z.enum(["reconstructed", "inferred"]),
  note: z.string().min(1).describe("What was reconstructed or inferred, and from what"),
});

export const endOutcome = z.enum(["completed", "rejected", "cancelled"]);

/** Where a step or a decision outcome leads: another step, or the end of the case. */
const transitionTarget = {
  next: identifier.optional(),
  end: endOutcome.optional(),
};

export const decisionOutcome = z
  .strictObject({
    id: identifier,
    label: z.string().min(1).describe("The manual's own words: OUI, NON, Recevable..."),
    ...transitionTarget,
    mark: provenanceMark.optional(),
  })
  .refine((o) => (o.next === undefined) !== (o.end === undefined), {
    message: "une issue de décision mène soit à une étape (next), soit à la fin (end)",
  });

export const decision = z.strictObject({
  question: z.string().min(1),
  outcomes: z.array(decisionOutcome),
  rule: z
    .strictObject({
      when: condition,
      choose: identifier.describe("Outcome taken when the condition holds"),
      otherwise: identifier.describe("Outcome taken otherwise"),
    })
    .optional()
    .describe("Evaluated from the form data: the actor does not choose"),
});

export const handoff = z.strictObject({
  procedure: identifier.describe("Procedure started as a linked case when the step completes"),
  copy: z.array(z.string()).optional().describe("Case data fields copied to the linked case"),
});

/**
 * A call activity: entering the step starts a case of another procedure, asked for by the person
 * who holds the step's actor on this case (« Le CB BPDA demande … l'intégration »), not by this
 * case's requester. With `wait` the step waits for that case to end and takes its end as the
 * step's outcome (through `outcomes` when the step has a decision); cancelling this case cancels
 * it. Without `wait` the step moves on at once.
 */
export const callActivity = z.strictObject({
  procedure: identifier.describe("Procedure the step starts (of the same organisation)"),
  wait: z.boolean().default(true).describe("Wait for the called case to end (false: start it and move on)"),
  copy: z.array(z.string()).optional().describe("Case data fields copied to the called case"),
  outcomes: z
    .strictObject({
      completed: identifier.optional(),
      rejected: identifier.optional(),
      cancelled: identifier.optional(),
    })
    .optional()
    .describe("The step's decision outcome taken for each way the called case ends"),
});

export const parallel = z.strictObject({
  branches: z.array(identifier).min(2).describe("Steps started together"),
  join: identifier.describe("Step that starts once every branch has reached it"),
});

export const step = z
  .strictObject({
    id: identifier,
    title: z.string().min(1).describe("The activity, in the manual's words"),
    actor: actorCode,
    comment: z.string().optional().describe("The manual's comment on the activity"),
    documents: z.array(documentSpec).optional(),
    form: z.array(formField).optional(),
    deadline: deadline.optional(),
    reminders: z.array(reminder).optional(),
    escalation: escalation.optional(),
    wait: wait.optional().describe("The system completes the step once this time has passed"),
    notify: messageTemplate.optional().describe("The system sends this message and completes the step"),
    imputation: z
      .strictObject({
        label: z.string().min(1),
        notOn: z
          .array(identifier)
          .optional()
          .describe("Decision outcomes that impute to no unit (e.g. filing the mail away)"),
        units: z
          .array(z.string().min(1))
          .min(1)
          .optional()
          .describe("The units the actor may impute to, when the manual names them; otherwise any unit"),
      })
      .optional()
      .describe("The actor picks the unit the case is imputed to (« imputer à »)"),
    handoff: handoff.optional(),
    call: callActivity.optional(),
    records: stepRecords
      .optional()
      .describe("Entries the step writes into the organisation's registers when it completes"),
    ...transitionTarget,
    decision: decision.optional(),
    parallel: parallel.optional(),
    mark: provenanceMark.optional(),
  })
  .refine(
    (s) =>
      [s.next !== undefined, s.end !== undefined, s.decision !== undefined, s.parallel !== undefined].filter(
        Boolean,
      ).length === 1,
    { message: "une étape a exactement une suite : next, decision, parallel ou end" },
  );

/**
 * An official document the server writes from a case (PV, bon, attestation): once `step` has been
 * completed, `document` (one the step produces) is rendered with the organisation's template file
 * `procedures/<organisation>/documents/<template>.yaml`.
 */
export const documentTemplateUse = z.strictObject({
  document: identifier.describe("Id of a document the step produces"),
  step: identifier.describe("The step whose completion gives the document its data"),
  template: identifier.describe("Template file procedures/<organisation>/documents/<template>.yaml"),
});

/**
 * Who may open a case of the procedure; absent, anyone holding a role in the organisation. Any one
 * of the entries suffices; the organisation's administrators may always open one. `public` opens the procedure on the
 * organisation's portal to people without an account.
 */
export const startableBy = z
  .strictObject({
    organisation: z.literal(true).optional().describe("Anyone holding a role in the organisation"),
    roles: z
      .array(
        z.strictObject({
          role: actorCode.describe("Role code in the org chart"),
          unit: z.string().optional().describe("Code of the org unit, when fixed"),
        }),
      )
      .min(1)
      .optional(),
    units: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("Anyone in these units or in the units below them"),
    public: z
      .strictObject({
        audience: z.string().min(1).optional().describe("Who may use it, in the manual's words"),
        emailVerification: z
          .boolean()
          .default(false)
          .describe("The requester must confirm an e-mail address before the case is opened"),
        reopenDays: z
          .number()
          .int()
          .positive()
          .optional()
          .describe("Days after closure during which the requester may reopen the case"),
        stepTitles: z
          .boolean()
          .default(true)
          .describe("Show the steps' titles on the tracking page (false: only plain states)"),
        documentTypes: z
          .array(z.enum(["pdf", "png", "jpeg"]))
          .min(1)
          .default(["pdf", "png", "jpeg"])
          .describe("The kinds of file the portal accepts for the first step's documents"),
        maxDocumentMB: z
          .number()
          .positive()
          .max(20)
          .default(5)
          .describe("The largest document the portal accepts, in megabytes"),
      })
      .optional(),
  })
  .refine((s) => s.organisation || s.roles || s.units || s.public, {
    message: "startableBy nomme au moins un public : organisation, roles, units ou public",
  });

export const procedureDefinition = z.strictObject({
  id: identifier,
  title: z.string().min(1),
  organisation: identifier.describe("Code of the organisation whose org chart resolves the actors"),
  source: sourceReference,
  version: z.number().int().positive(),
  status: definitionStatus,
  effectiveDate: localDate.optional().describe("Date the procedure came into force"),
  revisionDate: localDate.optional().describe("Date it must be revised (5 years, notice 6 months before)"),
  reconstructed: z.boolean().default(false),
  reconstructionNote: z.string().optional().describe("What was inferred, for the manual's owners to review"),
  purpose: z.string().optional(),
  scope: z.string().optional(),
  glossary: z.array(z.strictObject({ code: z.string().min(1), label: z.string().min(1) })).optional(),
  registry: z
    .string()
    .regex(/\{seq(:\d+)?\}/, "le format du numéro d'enregistrement doit contenir {seq} ou {seq:N}")
    .describe("Registry number format, e.g. CE-{YYYY}-{seq:5}"),
  calendar: z.string().optional().describe("Working calendar code (defaults to the organisation's)"),
  schedule: recurrence.optional().describe("The system starts a case by itself at these times"),
  revision: revisionPlan
    .optional()
    .describe("Started noticeMonths before revisionDate, the owner notified (the manual's lifecycle)"),
  actors: z.record(actorCode, actorDefinition),
  start: identifier,
  startableBy: startableBy.optional(),
  steps: z.array(step).min(1),
  history: z
    .array(
      z.strictObject({
        version: z.string().describe("The manual's version number, as it writes it (« 00 », « 2 »)"),
        definitionVersion: z
          .number()
          .int()
          .positive()
          .optional()
          .describe("The definition version this line describes; every version after the first has one"),
        date: localDate.optional(),
        description: z.string(),
      }),
    )
    .optional(),
  documentTemplates: z
    .array(documentTemplateUse)
    .optional()
    .describe("Official documents the server writes from the case's data (PDF, verifiable)"),
});

export type ProcedureDefinition = z.infer<typeof procedureDefinition>;
export type Step = z.infer<typeof step>;
export type Deadline = z.infer<typeof deadline>;
export type Decision = z.infer<typeof decision>;
export type DecisionOutcome = z.infer<typeof decisionOutcome>;
export type FormField = z.infer<typeof formField>;
export type DocumentSpec = z.infer<typeof documentSpec>;
export type DocumentTemplateUse = z.infer<typeof documentTemplateUse>;
export type ActorDefinition = z.infer<typeof actorDefinition>;
export type EndOutcome = z.infer<typeof endOutcome>;
export type RelativeActor = z.infer<typeof relativeActor>;
export type ProvenanceMark = z.infer<typeof provenanceMark>;
export type CallActivity = z.infer<typeof callActivity>;
export type StartableBy = z.infer<typeof startableBy>;
export type TimeSpan = z.infer<typeof timeSpan>;
export type Recipient = z.infer<typeof recipient>;
export type MessageTemplate = z.infer<typeof messageTemplate>;
export type Escalation = z.infer<typeof escalation>;
export type Wait = z.infer<typeof wait>;
export type Recurrence = z.infer<typeof recurrence>;
