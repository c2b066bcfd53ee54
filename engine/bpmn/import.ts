import { BpmnModdle, type ModdleElement } from "bpmn-moddle";
import {
  type ActorDefinition,
  type CallActivity,
  type DecisionOutcome,
  type EndOutcome,
  type ProcedureDefinition,
  procedureDefinition,
  type Step,
} from "../definition/schema.js";
import { validateDefinition } from "../definition/validate.js";
import { type LocalizedMessage, message } from "../messages.js";
import {
  type ExtensionNode,
  LOGIGRAMME_NS,
  readActor,
  readMark,
  readProcedure,
  readRule,
  readStep,
} from "./extensions.js";

/**
 * Reads a BPMN 2.0 file into a definition: ours (through our extension elements, losslessly) and
 * those of other modellers (Camunda Modeler, bpmn.io…) as far as they use the subset a procedure
 * needs: lanes, a none start event, tasks, exclusive and parallel gateways, end events, sequence
 * flows. Everything else is named, all at once, rather than silently dropped.
 */

export interface BpmnProblem {
  /** The BPMN element type without its prefix (UserTask, BoundaryEvent…), or "definition". */
  element: string;
  id: string | null;
  message: LocalizedMessage;
}

export type BpmnImport =
  | { ok: true; definition: ProcedureDefinition; warnings: LocalizedMessage[] }
  | { ok: false; problems: BpmnProblem[] };

export interface ImportOptions {
  id?: string;
  organisation?: string;
}

const TASKS = new Set(["bpmn:Task", "bpmn:UserTask", "bpmn:ManualTask", "bpmn:CallActivity"]);
const SUPPORTED = new Set([
  ...TASKS,
  "bpmn:StartEvent",
  "bpmn:EndEvent",
  "bpmn:ExclusiveGateway",
  "bpmn:ParallelGateway",
  "bpmn:SequenceFlow",
]);
/** Drawing aids that carry no behaviour: dropped, with a word. */
const IGNORED = new Set([
  "bpmn:DataObject",
  "bpmn:DataObjectReference",
  "bpmn:DataStoreReference",
  "bpmn:TextAnnotation",
  "bpmn:Association",
  "bpmn:Group",
]);
const UNKNOWN_ACTOR = "ACTEUR";

/** A call activity's procedure is its `calledElement`; waiting, copies and outcomes ride in lg:call. */
function callOf(task: El, restored: Omit<CallActivity, "procedure"> | undefined): CallActivity {
  const called = typeof task.calledElement === "string" ? task.calledElement : "";
  return { procedure: called, wait: true, ...restored };
}

type El = ModdleElement;
const list = (value: unknown): El[] => (Array.isArray(value) ? (value as El[]) : []);
const ref = (value: unknown): El | null => (value && typeof value === "object" ? (value as El) : null);
const kind = (type: string) => type.replace(/^bpmn:/, "");
const isGateway = (el: El) => el.$type === "bpmn:ExclusiveGateway" || el.$type === "bpmn:ParallelGateway";
const label = (el: El) => (typeof el.name === "string" && el.name.trim() ? el.name.trim() : null);

/** A name as an identifier of the definition format: `^[a-z0-9][a-z0-9_-]*$`. */
export function slug(text: string, fallback: string): string {
  const s = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return s || fallback;
}

function unique(base: string, used: Set<string>, separator = "-"): string {
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}${separator}${i}`;
  used.add(id);
  return id;
}

/** Our extension elements under an element, read whatever prefix the file gave our namespace. */
function extensionsOf(element: El | null, prefix: string | null): ExtensionNode[] {
  if (!element || !prefix) return [];
  const toNode = (generic: El): ExtensionNode | null => {
    const [p, name] = generic.$type.split(":");
    if (p !== prefix || !name) return null;
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(generic)) {
      if (!key.startsWith("$") && typeof value === "string") attrs[key] = value;
    }
    return {
      name,
      attrs,
      children: list(generic.$children)
        .map(toNode)
        .filter((n): n is ExtensionNode => n !== null),
      text: typeof generic.$body === "string" ? generic.$body : undefined,
    };
  };
  return list(ref(element.extensionElements)?.values)
    .map(toNode)
    .filter((n): n is ExtensionNode => n !== null);
}

export async function importBpmn(xml: string, options: ImportOptions = {}): Promise<BpmnImport> {
  const problems: BpmnProblem[] = [];
  const warnings: LocalizedMessage[] = [];
  const problem = (element: El | null, fr: string, en: string) =>
    problems.push({
      element: element ? kind(element.$type) : "definitions",
      id: element?.id ?? null,
      message: message(fr, en),
    });
  const warn = (fr: string, en: string) => warnings.push(message(fr, en));

  let parsed: Awaited<ReturnType<BpmnModdle["fromXML"]>>;
  try {
    parsed = await new BpmnModdle().fromXML(xml);
  } catch (error) {
    const why = (error as Error).message;
    return {
      ok: false,
      problems: [
        {
          element: "definitions",
          id: null,
          message: message(`fichier BPMN illisible : ${why}`, `unreadable BPMN file: ${why}`),
        },
      ],
    };
  }
  for (const w of parsed.warnings) {
    warn(`avertissement du lecteur BPMN : ${w.message}`, `BPMN reader warning: ${w.message}`);
  }
  const root = parsed.rootElement;
  if (root.$type !== "bpmn:Definitions") {
    return {
      ok: false,
      problems: [
        {
          element: kind(root.$type),
          id: root.id ?? null,
          message: message(
            "le fichier ne commence pas par bpmn:definitions",
            "the file does not start with bpmn:definitions",
          ),
        },
      ],
    };
  }
  const prefix =
    Object.entries(root.$attrs ?? {})
      .find(([key, value]) => key.startsWith("xmlns:") && value === LOGIGRAMME_NS)?.[0]
      .slice("xmlns:".length) ?? null;
  const ext = (element: El | null) => extensionsOf(element, prefix);

  const roots = list(root.rootElements);
  for (const collaboration of roots.filter((r) => r.$type === "bpmn:Collaboration")) {
    for (const flow of list(collaboration.messageFlows)) {
      problem(
        flow,
        `« MessageFlow » (${flow.id}) entre participants non pris en charge : une procédure n'a qu'un seul participant`,
        `"MessageFlow" (${flow.id}) between participants is not supported: a procedure has a single participant`,
      );
    }
  }
  // Pools drawn as black boxes have an empty process or none: only processes with content count.
  const processes = roots.filter((r) => r.$type === "bpmn:Process" && list(r.flowElements).length > 0);
  if (processes.length === 0) {
    problem(null, "le fichier ne contient aucun processus", "the file holds no process");
    return { ok: false, problems };
  }
  for (const extra of processes.slice(1)) {
    problem(
      extra,
      `processus supplémentaire « ${label(extra) ?? extra.id} » : un seul processus est pris en charge`,
      `extra process "${label(extra) ?? extra.id}": a single process is supported`,
    );
  }
  const process = processes[0]!;
  const elements = list(process.flowElements);

  // Everything outside the supported subset, named one by one.
  for (const el of [...elements, ...list(process.artifacts)]) {
    const type = el.$type;
    if (IGNORED.has(type)) {
      warn(`élément « ${kind(type)} » (${el.id}) ignoré`, `element "${kind(type)}" (${el.id}) ignored`);
      continue;
    }
    if (!SUPPORTED.has(type)) {
      // A timer on a boundary event is a délai in BPMN's words: saying so helps rewrite it.
      const with_ = list(el.eventDefinitions).map((d) => kind(d.$type));
      const fr = with_.length > 0 ? ` avec ${with_.join(", ")}` : "";
      const en = with_.length > 0 ? ` with ${with_.join(", ")}` : "";
      problem(
        el,
        `élément « ${kind(type)} » (${el.id})${fr} non pris en charge par les procédures`,
        `element "${kind(type)}" (${el.id})${en} is not supported in procedures`,
      );
      continue;
    }
    for (const definition of list(el.eventDefinitions)) {
      // Ending everything at once is what an end means in a procedure anyway.
      if (type === "bpmn:EndEvent" && definition.$type === "bpmn:TerminateEventDefinition") continue;
      problem(
        el,
        `événement « ${kind(type)} » (${el.id}) de type « ${kind(definition.$type)} » non pris en charge : seuls les débuts et fins simples le sont`,
        `${kind(definition.$type)} on "${kind(type)}" (${el.id}) is not supported: only plain start and end events are`,
      );
    }
    if (list(el.dataInputAssociations).length > 0 || list(el.dataOutputAssociations).length > 0) {
      warn(
        `associations de données de « ${label(el) ?? el.id} » ignorées`,
        `data associations of "${label(el) ?? el.id}" ignored`,
      );
    }
  }

  const flows = elements.filter((e) => e.$type === "bpmn:SequenceFlow");
  const outgoing = (el: El) => flows.filter((f) => ref(f.sourceRef)?.id === el.id);
  const incoming = (el: El) => flows.filter((f) => ref(f.targetRef)?.id === el.id);
  const tasks = elements.filter((e) => TASKS.has(e.$type));
  const starts = elements.filter((e) => e.$type === "bpmn:StartEvent");
  if (starts.length !== 1) {
    problem(
      starts[1] ?? process,
      `un seul événement de début est attendu, le processus en a ${starts.length}`,
      `exactly one start event is expected, the process has ${starts.length}`,
    );
  }
  if (tasks.length === 0)
    problem(process, "le processus ne contient aucune tâche", "the process has no task");

  // Actors from lanes (the innermost ones when lanes are nested).
  const actors: Record<string, ActorDefinition> = {};
  const laneOf = new Map<string, string>();
  const usedCodes = new Set<string>();
  const leafLanes = (sets: El[]): El[] =>
    sets
      .flatMap((s) => list(s.lanes))
      .flatMap((lane) => {
        const child = ref(lane.childLaneSet);
        return child && list(child.lanes).length > 0 ? leafLanes([child]) : [lane];
      });
  for (const lane of leafLanes(list(process.laneSets))) {
    const restored = ext(lane).find((n) => n.name === "actor");
    const title = label(lane) ?? lane.id ?? "Acteur";
    const code = unique(
      restored?.attrs.code ?? slug(title, "acteur").toUpperCase().replaceAll("-", "_"),
      usedCodes,
      "_",
    );
    actors[code] = { title, ...(restored ? readActor(restored) : {}) };
    for (const node of list(lane.flowNodeRef)) if (node.id) laneOf.set(node.id, code);
  }
  const laneless: string[] = [];
  const actorOf = (task: El) => {
    const code = laneOf.get(task.id!);
    if (code) return code;
    laneless.push(label(task) ?? task.id!);
    actors[UNKNOWN_ACTOR] ??= { title: "Acteur à préciser" };
    return UNKNOWN_ACTOR;
  };

  const stepIds = new Map<string, string>();
  const usedSteps = new Set<string>();
  for (const task of tasks) {
    const restored = readStep(ext(task)).id;
    stepIds.set(task.id!, unique(restored ?? slug(label(task) ?? task.id ?? "etape", "etape"), usedSteps));
  }

  const endOutcome = (end: El): EndOutcome => {
    const restored = ext(end).find((n) => n.name === "end")?.attrs.outcome;
    if (restored === "rejected" || restored === "cancelled" || restored === "completed") return restored;
    // Other modellers only name their ends: read the name the way a person would.
    const name = slug(label(end) ?? "", "");
    if (/refus|rejet|irrecevable|non-conforme|rejected|refused|denied/.test(name)) return "rejected";
    if (/annul|abandon|cancel/.test(name)) return "cancelled";
    return "completed";
  };

  /**
   * The element a flow really leads to: merging gateways (one way out) are passed through, since
   * a step simply names the step after them.
   */
  const follow = (flow: El): El | null => {
    let target = ref(flow.targetRef);
    const seen = new Set<string>();
    while (target && isGateway(target) && outgoing(target).length === 1 && !seen.has(target.id!)) {
      seen.add(target.id!);
      target = ref(outgoing(target)[0]!.targetRef);
    }
    return target;
  };

  type Destination = { next: string } | { end: EndOutcome };
  /** A step or an end; a gateway here is two gateways in a row, which a procedure cannot say. */
  const destination = (flow: El, from: El): Destination | null => {
    const target = follow(flow);
    if (!target) return null;
    if (TASKS.has(target.$type)) return { next: stepIds.get(target.id!)! };
    if (target.$type === "bpmn:EndEvent") return { end: endOutcome(target) };
    if (isGateway(target)) {
      problem(
        target,
        `passerelle « ${label(target) ?? target.id} » directement après la passerelle « ${label(from) ?? from.id} » : placez entre elles la tâche qui décide`,
        `gateway "${label(target) ?? target.id}" right after gateway "${label(from) ?? from.id}": put the task that decides between them`,
      );
    }
    // Unsupported targets are already named above.
    return null;
  };

  /** The joining gateway the branches of a split meet at: the first one reachable from all. */
  const joinOf = (split: El): El | null => {
    const reach = (start: El) => {
      const seen = new Map<string, El>();
      const queue = [start];
      while (queue.length > 0) {
        const el = queue.shift()!;
        for (const f of outgoing(el)) {
          const t = ref(f.targetRef);
          if (!t || seen.has(t.id!)) continue;
          seen.set(t.id!, t);
          queue.push(t);
        }
      }
      return seen;
    };
    const branches = outgoing(split).map((f) => reach(ref(f.targetRef) ?? split));
    const candidates = [...(branches[0]?.values() ?? [])].filter(
      (el) => el.$type === "bpmn:ParallelGateway" && incoming(el).length > 1 && outgoing(el).length === 1,
    );
    return candidates.find((el) => branches.every((b) => b.has(el.id!))) ?? null;
  };

  const steps: Step[] = [];
  for (const task of tasks) {
    const out = outgoing(task);
    const restored = readStep(ext(task));
    const documentation = list(task.documentation)
      .map((d) => (typeof d.text === "string" ? d.text.trim() : ""))
      .filter(Boolean)
      .join("\n\n");
    const base = {
      id: stepIds.get(task.id!)!,
      title: label(task) ?? task.id!,
      actor: actorOf(task),
      ...(documentation ? { comment: documentation } : {}),
      ...(restored.documents ? { documents: restored.documents } : {}),
      ...(restored.form ? { form: restored.form } : {}),
      ...(restored.deadline ? { deadline: restored.deadline } : {}),
      ...(restored.imputation ? { imputation: restored.imputation } : {}),
      ...(restored.handoff ? { handoff: restored.handoff } : {}),
      ...(restored.records ? { records: restored.records } : {}),
      ...(restored.timing ?? {}),
      ...(restored.mark ? { mark: restored.mark } : {}),
      ...(task.$type === "bpmn:CallActivity" ? { call: callOf(task, restored.call) } : {}),
    };
    if (!label(task)) warn(`la tâche ${task.id} n'a pas de nom`, `task ${task.id} has no name`);
    if (out.length !== 1) {
      problem(
        task,
        out.length === 0
          ? `la tâche « ${base.title} » ne mène nulle part : reliez-la à une étape ou à une fin`
          : `la tâche « ${base.title} » a ${out.length} flux sortants : une passerelle doit porter le choix`,
        out.length === 0
          ? `task "${base.title}" leads nowhere: connect it to a step or an end`
          : `task "${base.title}" has ${out.length} outgoing flows: a gateway must carry the choice`,
      );
      continue;
    }
    const target = follow(out[0]!);
    if (target?.$type === "bpmn:ExclusiveGateway") {
      const usedOutcomes = new Set<string>();
      const outcomes: DecisionOutcome[] = [];
      outgoing(target).forEach((f, i) => {
        const to = destination(f, target);
        if (!to) return;
        const name = label(f);
        if (!name) {
          warn(
            `le flux ${f.id} de la passerelle « ${label(target) ?? target.id} » n'a pas de nom : « Issue ${i + 1} »`,
            `flow ${f.id} of gateway "${label(target) ?? target.id}" has no name: "Issue ${i + 1}"`,
          );
        }
        if (f.conditionExpression) {
          warn(
            `condition du flux « ${name ?? f.id} » ignorée : l'acteur choisit l'issue`,
            `condition of flow "${name ?? f.id}" ignored: the actor chooses the outcome`,
          );
        }
        const restoredId = ext(f).find((n) => n.name === "outcome")?.attrs.id;
        const text = name ?? `Issue ${i + 1}`;
        const mark = readMark(ext(f));
        outcomes.push({
          id: unique(restoredId ?? slug(text, `issue-${i + 1}`), usedOutcomes),
          label: text,
          ...to,
          ...(mark ? { mark } : {}),
        });
      });
      if (!label(target)) {
        warn(
          `la passerelle ${target.id} n'a pas de nom : question « ${base.title} ? »`,
          `gateway ${target.id} has no name: question "${base.title} ?"`,
        );
      }
      const ruleNode = ext(target).find((n) => n.name === "rule");
      const rule = ruleNode ? readRule(ruleNode) : undefined;
      steps.push({
        ...base,
        decision: { question: label(target) ?? `${base.title} ?`, outcomes, ...(rule ? { rule } : {}) },
      });
    } else if (target?.$type === "bpmn:ParallelGateway") {
      const branches = outgoing(target).map((f) => {
        const to = destination(f, target);
        if (to && "end" in to) {
          problem(
            target,
            `une branche parallèle de « ${target.id} » mène directement à une fin`,
            `a parallel branch of "${target.id}" leads straight to an end`,
          );
        }
        return to && "next" in to ? to.next : null;
      });
      const joinGateway = joinOf(target);
      const join = joinGateway ? follow(outgoing(joinGateway)[0]!) : null;
      if (!join || !TASKS.has(join.$type)) {
        problem(
          target,
          `les branches parallèles de « ${target.id} » ne se rejoignent pas sur une passerelle parallèle suivie d'une tâche`,
          `the parallel branches of "${target.id}" do not meet at a parallel gateway followed by a task`,
        );
        continue;
      }
      if (branches.some((b) => b === null)) continue;
      steps.push({ ...base, parallel: { branches: branches as string[], join: stepIds.get(join.id!)! } });
    } else if (target) {
      const to = destination(out[0]!, task);
      if (to) steps.push({ ...base, ...to });
    }
  }
  if (laneless.length > 0) {
    warn(
      `tâches hors de tout couloir, confiées à l'acteur « ${UNKNOWN_ACTOR} » à préciser : ${laneless.join(", ")}`,
      `tasks in no lane, given to actor "${UNKNOWN_ACTOR}" to be named: ${laneless.join(", ")}`,
    );
  }

  const startFlow = starts[0] ? outgoing(starts[0])[0] : undefined;
  const first = startFlow ? follow(startFlow) : null;
  if (starts[0] && (!first || !TASKS.has(first.$type))) {
    problem(
      first && isGateway(first) ? first : starts[0],
      first && isGateway(first)
        ? `la passerelle « ${label(first) ?? first.id} » suit directement le début : une décision se prend dans une tâche, ajoutez-la avant`
        : "l'événement de début doit mener à une tâche",
      first && isGateway(first)
        ? `gateway "${label(first) ?? first.id}" directly follows the start: a decision is taken in a task, add one before it`
        : "the start event must lead to a task",
    );
  }
  if (problems.length > 0) return { ok: false, problems };

  const procedureNode = ext(process).find((n) => n.name === "procedure");
  const restored = procedureNode ? readProcedure(procedureNode) : { header: {}, actors: {} };
  const id =
    options.id ?? restored.header.id ?? slug(label(process) ?? process.id ?? "", "procedure-importee");
  const candidate = {
    title: label(process) ?? id,
    source: { document: "Import BPMN" },
    version: 1,
    status: "draft" as const,
    registry: `${
      id
        .replace(/[^a-z0-9]/g, "")
        .slice(0, 4)
        .toUpperCase() || "PROC"
    }-{YYYY}-{seq:5}`,
    ...restored.header,
    id,
    organisation: options.organisation ?? restored.header.organisation ?? "import",
    actors: { ...actors, ...restored.actors },
    start: stepIds.get(first!.id!)!,
    steps,
  };
  const checked = procedureDefinition.safeParse(candidate);
  if (!checked.success) {
    return {
      ok: false,
      problems: checked.error.issues.map((i) => ({
        element: "definition",
        id: i.path.join(".") || null,
        message: message(`${i.path.join(".")} : ${i.message}`, `${i.path.join(".")}: ${i.message}`),
      })),
    };
  }
  const invalid = validateDefinition(checked.data);
  if (invalid.length > 0) {
    return {
      ok: false,
      problems: invalid.map((p) => ({ element: "definition", id: p.path.join("."), message: p.message })),
    };
  }
  return { ok: true, definition: checked.data, warnings };
}
