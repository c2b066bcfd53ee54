import type {
  ActorDefinition,
  CallActivity,
  Condition,
  Deadline,
  Decision,
  DocumentSpec,
  EndOutcome,
  FormField,
  ProcedureDefinition,
  ProvenanceMark,
  Step,
} from "../definition/schema.js";
import { type AttributeValue, xmlElement, xmlText } from "./xml.js";

/**
 * What BPMN has no words for — délais, documents, forms, decision rules, org-chart roles, how a
 * case ends — written as elements of our own namespace inside `bpmn:extensionElements`. Writing
 * and reading live side by side so that they cannot drift apart: the round trip loses nothing.
 */

export const LOGIGRAMME_NS = "https://logigramme.example/schema/bpmn";
export const PREFIX = "lg";

const lg = (name: string) => `${PREFIX}:${name}`;

/** An extension element once read, whatever prefix the file bound our namespace to. */
export interface ExtensionNode {
  name: string;
  attrs: Record<string, string>;
  children: ExtensionNode[];
  text: string | undefined;
}

type Scalar = string | number | boolean;

/** XML attributes are text: a value that is not a string says which type it was. */
function typed(value: Scalar): Record<string, AttributeValue> {
  return { value: String(value), type: typeof value === "string" ? undefined : typeof value };
}

function untyped(node: ExtensionNode): Scalar {
  const value = node.attrs.value ?? "";
  if (node.attrs.type === "number") return Number(value);
  if (node.attrs.type === "boolean") return value === "true";
  return value;
}

const flag = (value: string | undefined) => (value === undefined ? undefined : value === "true");
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const childrenNamed = (node: ExtensionNode, name: string) => node.children.filter((c) => c.name === name);
const childNamed = (node: ExtensionNode, name: string) => node.children.find((c) => c.name === name);

/** Drops the keys left undefined, so that read objects compare equal to parsed definitions. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---- writing ----

export function writeProcedure(def: ProcedureDefinition, actorsWithoutLane: string[]): string {
  return xmlElement(
    lg("procedure"),
    {
      id: def.id,
      organisation: def.organisation,
      version: def.version,
      status: def.status,
      registry: def.registry,
      calendar: def.calendar,
      effectiveDate: def.effectiveDate,
      revisionDate: def.revisionDate,
      reconstructed: def.reconstructed,
    },
    [
      xmlElement(lg("source"), { ...def.source }),
      xmlText(lg("reconstructionNote"), def.reconstructionNote),
      xmlText(lg("purpose"), def.purpose),
      xmlText(lg("scope"), def.scope),
      ...(def.glossary ?? []).map((g) => xmlElement(lg("term"), { code: g.code, label: g.label })),
      // Actors who never act have no lane, but the org chart may still need them.
      ...actorsWithoutLane.map((code) => writeActor(code, def.actors[code]!, true)),
      ...(def.history ?? []).map((h) =>
        xmlElement(lg("revision"), {
          version: h.version,
          definitionVersion: h.definitionVersion,
          date: h.date,
          description: h.description,
        }),
      ),
      ...(def.documentTemplates ?? []).map((d) =>
        xmlElement(lg("documentTemplate"), { document: d.document, step: d.step, template: d.template }),
      ),
      // Who may open a case, when the system starts cases by itself, and how the revision starts:
      // carried whole, as JSON.
      def.startableBy ? xmlElement(lg("startableBy"), { json: JSON.stringify(def.startableBy) }) : null,
      def.schedule ? xmlElement(lg("schedule"), { json: JSON.stringify(def.schedule) }) : null,
      def.revision ? xmlElement(lg("revisionPlan"), { json: JSON.stringify(def.revision) }) : null,
    ].filter((e): e is string => e !== null),
  );
}

export function writeActor(code: string, actor: ActorDefinition, withTitle = false): string {
  return xmlElement(
    lg("actor"),
    {
      code,
      title: withTitle ? actor.title : undefined,
      role: actor.role,
      unit: actor.unit,
      relative: actor.relative,
      personField: actor.person?.field,
    },
    (actor.anyOf ?? []).map((a) => xmlElement(lg("choice"), { role: a.role, unit: a.unit })),
  );
}

/** A step's or an outcome's provenance mark. */
export function writeMark(mark: ProvenanceMark | undefined): string | null {
  return mark ? xmlElement(lg("mark"), { kind: mark.kind }, [xmlText(lg("note"), mark.note)]) : null;
}

export function readMark(nodes: ExtensionNode[]): ProvenanceMark | undefined {
  const node = nodes.find((n) => n.name === "mark");
  if (!node) return undefined;
  return {
    kind: node.attrs.kind === "reconstructed" ? "reconstructed" : "inferred",
    note: childNamed(node, "note")?.text ?? "",
  };
}

function writeDeadline(deadline: Deadline): string {
  if ("setWhenActing" in deadline)
    return xmlElement(lg("deadline"), { setWhenActing: true }, [xmlText(lg("note"), deadline.note)]);
  return xmlElement(lg("deadline"), { ...deadline });
}

function writeDocument(doc: DocumentSpec): string {
  return xmlElement(
    lg("document"),
    { id: doc.id, title: doc.title, kind: doc.kind, required: doc.required },
    (doc.checklist ?? []).map((item) =>
      xmlElement(
        lg("check"),
        { id: item.id, label: item.label },
        Object.entries(item.when ?? {}).map(([field, value]) =>
          xmlElement(lg("when"), { field, ...typed(value) }),
        ),
      ),
    ),
  );
}

function writeField(field: FormField): string {
  return xmlElement(
    lg("field"),
    {
      id: field.id,
      label: field.label,
      type: field.type,
      required: field.required,
      unit: field.unit,
      hasOptions: field.options?.length === 0 ? true : undefined,
    },
    [
      ...(field.options ?? []).map((o) => xmlElement(lg("option"), { value: o.value, label: o.label })),
      xmlText(lg("help"), field.help),
    ],
  );
}

/** The step's own data, on its user task; its transitions are the sequence flows. */
export function writeStep(step: Step): string[] {
  return [
    // The actor is the lane the task sits in, so that moving it in a modeller is enough.
    xmlElement(lg("step"), { id: step.id }),
    step.deadline ? writeDeadline(step.deadline) : null,
    ...(step.documents ?? []).map(writeDocument),
    ...(step.form ?? []).map(writeField),
    step.imputation
      ? xmlElement(lg("imputation"), { label: step.imputation.label }, [
          ...(step.imputation.notOn ?? []).map((o) => xmlElement(lg("notOn"), { outcome: o })),
          ...(step.imputation.units ?? []).map((u) => xmlElement(lg("unit"), { code: u })),
        ])
      : null,
    step.handoff
      ? xmlElement(
          lg("handoff"),
          { procedure: step.handoff.procedure },
          (step.handoff.copy ?? []).map((f) => xmlElement(lg("copy"), { field: f })),
        )
      : null,
    // A call activity's procedure is the element's calledElement; the rest rides here.
    step.call
      ? xmlElement(lg("call"), {
          json: JSON.stringify({
            wait: step.call.wait,
            ...(step.call.copy ? { copy: step.call.copy } : {}),
            ...(step.call.outcomes ? { outcomes: step.call.outcomes } : {}),
          }),
        })
      : null,
    // What the step writes into registers: carried whole, as JSON, for the round trip.
    step.records ? xmlElement(lg("records"), { json: JSON.stringify(step.records) }) : null,
    // Reminders, escalation, timer and message: carried whole, as JSON.
    timingOf(step) ? xmlElement(lg("timing"), { json: JSON.stringify(timingOf(step)) }) : null,
    writeMark(step.mark),
  ].filter((e): e is string => e !== null);
}

type StepTiming = Pick<Step, "reminders" | "escalation" | "wait" | "notify">;

function timingOf(step: Step): StepTiming | null {
  const timing = defined({
    reminders: step.reminders,
    escalation: step.escalation,
    wait: step.wait,
    notify: step.notify,
  });
  return Object.keys(timing).length > 0 ? timing : null;
}

function writeCondition(c: Condition): string {
  if ("all" in c) return xmlElement(lg("all"), {}, c.all.map(writeCondition));
  if ("any" in c) return xmlElement(lg("any"), {}, c.any.map(writeCondition));
  if ("not" in c) return xmlElement(lg("not"), {}, [writeCondition(c.not)]);
  return xmlElement(
    lg("condition"),
    {
      field: c.field,
      ...(c.equals !== undefined ? typed(c.equals) : {}),
      gte: c.gte,
      lte: c.lte,
      gt: c.gt,
      lt: c.lt,
    },
    (c.in ?? []).map((v) => xmlElement(lg("in"), typed(v))),
  );
}

/** A rule decides from the form data: it belongs on the gateway. */
export function writeRule(rule: NonNullable<Decision["rule"]>): string {
  return xmlElement(lg("rule"), { choose: rule.choose, otherwise: rule.otherwise }, [
    writeCondition(rule.when),
  ]);
}

export function writeEnd(outcome: EndOutcome): string {
  return xmlElement(lg("end"), { outcome });
}

// ---- reading ----

export type ProcedureHeader = Omit<ProcedureDefinition, "actors" | "start" | "steps">;

export function readProcedure(node: ExtensionNode): {
  header: Partial<ProcedureHeader>;
  actors: Record<string, ActorDefinition>;
} {
  const a = node.attrs;
  const source = childNamed(node, "source");
  const text = (name: string) => childNamed(node, name)?.text;
  const glossary = childrenNamed(node, "term").map((t) => ({
    code: t.attrs.code ?? "",
    label: t.attrs.label ?? "",
  }));
  const history = childrenNamed(node, "revision").map((h) =>
    defined({
      version: h.attrs.version ?? "",
      definitionVersion: number(h.attrs.definitionVersion),
      date: h.attrs.date,
      description: h.attrs.description ?? "",
    }),
  );
  const documentTemplates = childrenNamed(node, "documentTemplate").map((d) => ({
    document: d.attrs.document ?? "",
    step: d.attrs.step ?? "",
    template: d.attrs.template ?? "",
  }));
  const header = defined({
    id: a.id,
    organisation: a.organisation,
    source: source
      ? defined({
          document: source.attrs.document ?? "",
          file: source.attrs.file,
          section: source.attrs.section,
          reference: source.attrs.reference,
          manualVersion: source.attrs.manualVersion,
        })
      : undefined,
    version: number(a.version),
    status: a.status as ProcedureHeader["status"] | undefined,
    effectiveDate: a.effectiveDate,
    revisionDate: a.revisionDate,
    reconstructed: flag(a.reconstructed),
    reconstructionNote: text("reconstructionNote"),
    purpose: text("purpose"),
    scope: text("scope"),
    glossary: glossary.length > 0 ? glossary : undefined,
    registry: a.registry,
    calendar: a.calendar,
    history: history.length > 0 ? history : undefined,
    documentTemplates: documentTemplates.length > 0 ? documentTemplates : undefined,
    // Checked with the whole definition by the importer's schema.
    startableBy: jsonOf<ProcedureDefinition["startableBy"]>(childNamed(node, "startableBy")),
    schedule: jsonOf<ProcedureDefinition["schedule"]>(childNamed(node, "schedule")),
    revision: jsonOf<ProcedureDefinition["revision"]>(childNamed(node, "revisionPlan")),
  });
  const actors: Record<string, ActorDefinition> = {};
  for (const actor of childrenNamed(node, "actor")) {
    const code = actor.attrs.code;
    if (code) actors[code] = { ...readActor(actor), title: actor.attrs.title ?? code };
  }
  return { header, actors };
}

export function readActor(node: ExtensionNode): Omit<ActorDefinition, "title"> {
  const choices = childrenNamed(node, "choice").map((c) =>
    defined({ role: c.attrs.role ?? "", unit: c.attrs.unit }),
  );
  return defined({
    role: node.attrs.role,
    unit: node.attrs.unit,
    relative: node.attrs.relative as ActorDefinition["relative"],
    anyOf: choices.length > 0 ? choices : undefined,
    person: node.attrs.personField ? { field: node.attrs.personField } : undefined,
  });
}

function jsonOf<T>(node: ExtensionNode | undefined): T | undefined {
  const json = node?.attrs.json;
  return json ? (JSON.parse(json) as T) : undefined;
}

function readDeadline(node: ExtensionNode): Deadline {
  if (node.attrs.fromField !== undefined) return { fromField: node.attrs.fromField };
  if (node.attrs.setWhenActing === "true") {
    return defined({ setWhenActing: true as const, note: childNamed(node, "note")?.text });
  }
  for (const unit of ["businessDays", "hours", "calendarDays", "months"] as const) {
    if (node.attrs[unit] !== undefined) return { [unit]: Number(node.attrs[unit]) } as Deadline;
  }
  return { setWhenActing: true };
}

function readDocument(node: ExtensionNode): DocumentSpec {
  const checklist = childrenNamed(node, "check").map((c) => {
    const when = childrenNamed(c, "when");
    return defined({
      id: c.attrs.id ?? "",
      label: c.attrs.label ?? "",
      when:
        when.length > 0 ? Object.fromEntries(when.map((w) => [w.attrs.field ?? "", untyped(w)])) : undefined,
    });
  });
  return defined({
    id: node.attrs.id ?? "",
    title: node.attrs.title ?? "",
    kind: (node.attrs.kind as DocumentSpec["kind"] | undefined) ?? "produces",
    required: flag(node.attrs.required) ?? false,
    checklist: checklist.length > 0 ? checklist : undefined,
  });
}

function readField(node: ExtensionNode): FormField {
  const options = childrenNamed(node, "option").map((o) => ({
    value: o.attrs.value ?? "",
    label: o.attrs.label ?? "",
  }));
  return defined({
    id: node.attrs.id ?? "",
    label: node.attrs.label ?? "",
    type: (node.attrs.type ?? "text") as FormField["type"],
    required: flag(node.attrs.required) ?? false,
    options: options.length > 0 || node.attrs.hasOptions === "true" ? options : undefined,
    unit: node.attrs.unit,
    help: childNamed(node, "help")?.text,
  });
}

/** The parts of a step read from its task's extensions (id and actor are read by the caller). */
export function readStep(
  nodes: ExtensionNode[],
): { id?: string } & Pick<
  Step,
  "deadline" | "documents" | "form" | "imputation" | "handoff" | "records" | "mark"
> & { timing?: StepTiming; call?: Omit<CallActivity, "procedure"> } {
  const stepNode = nodes.find((n) => n.name === "step");
  const deadline = nodes.find((n) => n.name === "deadline");
  const documents = nodes.filter((n) => n.name === "document").map(readDocument);
  const form = nodes.filter((n) => n.name === "field").map(readField);
  const imputation = nodes.find((n) => n.name === "imputation");
  const handoff = nodes.find((n) => n.name === "handoff");
  const notOn = imputation ? childrenNamed(imputation, "notOn").map((n) => n.attrs.outcome ?? "") : [];
  const units = imputation ? childrenNamed(imputation, "unit").map((n) => n.attrs.code ?? "") : [];
  const copy = handoff ? childrenNamed(handoff, "copy").map((n) => n.attrs.field ?? "") : [];
  const records = nodes.find((n) => n.name === "records")?.attrs.json;
  return defined({
    id: stepNode?.attrs.id,
    documents: documents.length > 0 ? documents : undefined,
    form: form.length > 0 ? form : undefined,
    deadline: deadline ? readDeadline(deadline) : undefined,
    imputation: imputation
      ? defined({
          label: imputation.attrs.label ?? "",
          notOn: notOn.length > 0 ? notOn : undefined,
          units: units.length > 0 ? units : undefined,
        })
      : undefined,
    handoff: handoff
      ? defined({ procedure: handoff.attrs.procedure ?? "", copy: copy.length > 0 ? copy : undefined })
      : undefined,
    // Checked with the whole definition by the importer's schema.
    records: records ? (JSON.parse(records) as Step["records"]) : undefined,
    timing: jsonOf<StepTiming>(nodes.find((n) => n.name === "timing")),
    call: jsonOf<Omit<CallActivity, "procedure">>(nodes.find((n) => n.name === "call")),
    mark: readMark(nodes),
  });
}

function readCondition(node: ExtensionNode): Condition {
  if (node.name === "all") return { all: node.children.map(readCondition) };
  if (node.name === "any") return { any: node.children.map(readCondition) };
  if (node.name === "not") return { not: readCondition(node.children[0]!) };
  const inValues = childrenNamed(node, "in").map((v) => untyped(v) as string | number);
  return defined({
    field: node.attrs.field ?? "",
    equals: node.attrs.value !== undefined ? untyped(node) : undefined,
    gte: number(node.attrs.gte),
    lte: number(node.attrs.lte),
    gt: number(node.attrs.gt),
    lt: number(node.attrs.lt),
    in: inValues.length > 0 ? inValues : undefined,
  });
}

export function readRule(node: ExtensionNode): NonNullable<Decision["rule"]> | undefined {
  const when = node.children[0];
  if (!when || !node.attrs.choose || !node.attrs.otherwise) return undefined;
  return { when: readCondition(when), choose: node.attrs.choose, otherwise: node.attrs.otherwise };
}
