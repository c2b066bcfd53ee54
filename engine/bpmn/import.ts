import { BpmnModdle, type ModdleElement } from "bpmn-moddle";
import {
  type ActorDefinition,
  type ProcedureDefinition,
  procedureDefinition,
  type Step,
} from "../definition/schema.js";
import { validateDefinition } from "../definition/validate.js";
import { type LocalizedMessage, message } from "../messages.js";
import { LOGIGRAMME_NS } from "./export.js";

/**
 * Reads a BPMN 2.0 file into a definition: ours (with `lg:` extensions, losslessly) and those of
 * other modellers (Camunda Modeler, bpmn.io…) as far as they use the subset a procedure needs:
 * lanes, none start event, tasks, exclusive and parallel gateways, end events, sequence flows.
 * Everything else is named, all at once, rather than silently dropped.
 */

export interface BpmnProblem {
  element: string;
  id: string | null;
  message: LocalizedMessage;
}

export type BpmnImport =
  | { ok: true; definition: ProcedureDefinition; warnings: LocalizedMessage[] }
  | { ok: false; problems: BpmnProblem[] };

const TASKS = new Set(["bpmn:Task", "bpmn:UserTask", "bpmn:ManualTask"]);
const IGNORED = new Set([
  "bpmn:DataObject",
  "bpmn:DataObjectReference",
  "bpmn:DataStoreReference",
  "bpmn:TextAnnotation",
  "bpmn:Association",
  "bpmn:Group",
]);

type El = ModdleElement;
const list = (value: unknown): El[] => (Array.isArray(value) ? (value as El[]) : []);
const ref = (value: unknown): El | null => (value && typeof value === "object" ? (value as El) : null);
const kind = (type: string) => type.replace(/^bpmn:/, "");

export function slug(text: string, fallback: string): string {
  const s = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return s || fallback;
}

function extension(element: El, name: string): unknown {
  const values = list(ref(element.extensionElements)?.values);
  const found = values.find((v) => v.$type === `lg:${name}` || v.$type.endsWith(`:${name}`));
  if (!found?.$body) return undefined;
  try {
    return JSON.parse(found.$body);
  } catch {
    return undefined;
  }
}

function attr(element: El, name: string): string | undefined {
  const attrs = element.$attrs ?? {};
  return Object.entries(attrs).find(([key]) => key === `lg:${name}` || key.endsWith(`:${name}`))?.[1];
}

export async function importBpmn(
  xml: string,
  options: { id?: string; organisation?: string } = {},
): Promise<BpmnImport> {
  const problems: BpmnProblem[] = [];
  const warnings: LocalizedMessage[] = [];
  const problem = (element: El | null, fr: string, en: string) =>
    problems.push({
      element: element ? kind(element.$type) : "definitions",
      id: element?.id ?? null,
      message: message(fr, en),
    });

  let parsed: Awaited<ReturnType<BpmnModdle["fromXML"]>>;
  try {
    parsed = await new BpmnModdle().fromXML(xml);
  } catch (error) {
    return {
      ok: false,
      problems: [
        {
          element: "definitions",
          id: null,
          message: message(
            `fichier BPMN illisible : ${(error as Error).message}`,
            `unreadable BPMN file: ${(error as Error).message}`,
          ),
        },
      ],
    };
  }
  for (const w of parsed.warnings)
    warnings.push(
      message(`avertissement du lecteur BPMN : ${w.message}`, `BPMN reader warning: ${w.message}`),
    );

  const roots = list(parsed.rootElement.rootElements);
  const processes = roots.filter((r) => r.$type === "bpmn:Process");
  for (const collaboration of roots.filter((r) => r.$type === "bpmn:Collaboration")) {
    for (const flow of list(collaboration.messageFlows)) {
      problem(
        flow,
        "flux de messages entre participants non pris en charge",
        "message flows between participants are not supported",
      );
    }
  }
  const withContent = processes.filter((p) => list(p.flowElements).length > 0);
  if (withContent.length !== 1) {
    problem(
      null,
      `un seul processus est attendu, le fichier en contient ${withContent.length}`,
      `exactly one process is expected, the file has ${withContent.length}`,
    );
    if (withContent.length === 0) return { ok: false, problems };
  }
  const process = withContent[0]!;
  const elements = list(process.flowElements);

  // Everything outside the supported subset, named one by one.
  for (const el of [...elements, ...list(process.artifacts)]) {
    const t = el.$type;
    if (
      TASKS.has(t) ||
      t === "bpmn:SequenceFlow" ||
      t === "bpmn:ExclusiveGateway" ||
      t === "bpmn:ParallelGateway"
    )
      continue;
    if (t === "bpmn:StartEvent" || t === "bpmn:EndEvent") {
      const defs = list(el.eventDefinitions).filter(
        (d) => !(t === "bpmn:EndEvent" && d.$type === "bpmn:TerminateEventDefinition"),
      );
      if (defs.length > 0) {
        problem(
          el,
          `événement « ${kind(defs[0]!.$type)} » non pris en charge`,
          `event definition "${kind(defs[0]!.$type)}" is not supported`,
        );
      }
      continue;
    }
    if (IGNORED.has(t)) {
      warnings.push(
        message(`élément « ${kind(t)} » (${el.id}) ignoré`, `element "${kind(t)}" (${el.id}) ignored`),
      );
      continue;
    }
    problem(
      el,
      `élément « ${kind(t)} » non pris en charge par les procédures`,
      `element "${kind(t)}" is not supported in procedures`,
    );
  }

  const flows = elements.filter((e) => e.$type === "bpmn:SequenceFlow");
  const outgoing = (el: El) => flows.filter((f) => ref(f.sourceRef)?.id === el.id);
  const incoming = (el: El) => flows.filter((f) => ref(f.targetRef)?.id === el.id);
  const tasks = elements.filter((e) => TASKS.has(e.$type));
  const starts = elements.filter((e) => e.$type === "bpmn:StartEvent");
  if (starts.length !== 1)
    problem(
      starts[1] ?? null,
      `un seul événement de début est attendu (${starts.length})`,
      `exactly one start event is expected (${starts.length})`,
    );
  if (tasks.length === 0)
    problem(process, "le processus ne contient aucune tâche", "the process has no task");

  // Actors from lanes; a task outside every lane goes to a generic actor.
  const actors: Record<string, ActorDefinition> = {};
  const laneOf = new Map<string, string>();
  const lanes = list(process.laneSets).flatMap((s) => list(s.lanes));
  const usedCodes = new Set<string>();
  for (const lane of lanes) {
    const restored = extension(lane, "actor") as ActorDefinition | undefined;
    const base =
      attr(lane, "code") ??
      slug(lane.name ?? lane.id ?? "acteur", "acteur")
        .toUpperCase()
        .replaceAll("-", "_");
    let code = base;
    for (let i = 2; usedCodes.has(code); i++) code = `${base}_${i}`;
    usedCodes.add(code);
    actors[code] = restored?.title ? restored : { title: lane.name ?? code };
    for (const node of list(lane.flowNodeRef)) laneOf.set(node.id!, code);
  }
  const actorOf = (task: El) => {
    const code = laneOf.get(task.id!);
    if (code) return code;
    if (!actors.ACTEUR) {
      actors.ACTEUR = { title: "Acteur à préciser" };
      warnings.push(
        message(
          "des tâches ne sont dans aucun couloir : acteur « ACTEUR » à préciser",
          'some tasks are in no lane: actor "ACTEUR" to be named',
        ),
      );
    }
    return "ACTEUR";
  };

  const stepIds = new Map<string, string>();
  const usedSteps = new Set<string>();
  for (const task of tasks) {
    const restored =
      attr(task, "actor") !== undefined && task.id?.startsWith("Task_") ? task.id.slice(5) : null;
    let id = restored ?? slug(task.name ?? task.id ?? "etape", "etape");
    for (let i = 2; usedSteps.has(id); i++) id = `${restored ?? slug(task.name ?? "etape", "etape")}-${i}`;
    usedSteps.add(id);
    stepIds.set(task.id!, id);
  }

  const endOutcome = (end: El): "completed" | "rejected" | "cancelled" => {
    const o = attr(end, "outcome");
    if (o === "rejected" || o === "cancelled" || o === "completed") return o;
    // Other modellers only name their ends: read the name the way a person would.
    const name = slug(end.name ?? "", "");
    if (/refus|rejet|irrecevable|non-conforme/.test(name)) return "rejected";
    if (/annul|abandon/.test(name)) return "cancelled";
    return "completed";
  };

  /** Where a flow leads, seen from a step: the next step or an end (gateways are read by the caller). */
  const destination = (
    flow: El,
  ): { next: string } | { end: "completed" | "rejected" | "cancelled" } | null => {
    const target = ref(flow.targetRef);
    if (!target) return null;
    if (TASKS.has(target.$type)) return { next: stepIds.get(target.id!)! };
    if (target.$type === "bpmn:EndEvent") return { end: endOutcome(target) };
    if (target.$type === "bpmn:ParallelGateway" && outgoing(target).length === 1) {
      // A joining gateway: the flow goes on to the join step.
      const after = ref(outgoing(target)[0]!.targetRef);
      if (after && TASKS.has(after.$type)) return { next: stepIds.get(after.id!)! };
    }
    // Unsupported elements are already named; only report what is supported but misplaced.
    if (target.$type === "bpmn:ExclusiveGateway" || target.$type === "bpmn:ParallelGateway") {
      problem(
        target,
        `« ${kind(target.$type)} » ne peut pas suivre directement une passerelle ou un début`,
        `"${kind(target.$type)}" cannot directly follow a gateway or the start`,
      );
    }
    return null;
  };

  const steps: Step[] = [];
  for (const task of tasks) {
    const out = outgoing(task);
    const restored = (extension(task, "step") ?? {}) as Record<string, unknown>;
    const { rule, join: _join, ...extra } = restored;
    const documentation = list(task.documentation)[0]?.text;
    const base = {
      ...extra,
      id: stepIds.get(task.id!)!,
      title: task.name ?? task.id!,
      actor: actorOf(task),
      ...(typeof documentation === "string" && documentation.trim() && !("comment" in extra)
        ? { comment: documentation.trim() }
        : {}),
    };
    if (out.length !== 1) {
      problem(
        task,
        `la tâche « ${task.name ?? task.id} » a ${out.length} flux sortants : une passerelle doit porter le choix`,
        `task "${task.name ?? task.id}" has ${out.length} outgoing flows: a gateway must carry the choice`,
      );
      continue;
    }
    const target = ref(out[0]!.targetRef);
    if (target?.$type === "bpmn:ExclusiveGateway") {
      const outcomes = outgoing(target).map((f, i) => {
        const to = destination(f);
        const label = f.name ?? (ref(f.targetRef)?.name as string | undefined) ?? `Issue ${i + 1}`;
        const id = attr(f, "outcome") ?? slug(label, `issue-${i + 1}`);
        return { id, label, ...(to ?? { end: "completed" as const }) };
      });
      const unique = new Set<string>();
      for (const o of outcomes) {
        for (let i = 2; unique.has(o.id); i++) o.id = `${o.id}-${i}`;
        unique.add(o.id);
      }
      for (const f of outgoing(target)) {
        if (f.conditionExpression) {
          warnings.push(
            message(
              `condition du flux « ${f.name ?? f.id} » ignorée : l'acteur choisit l'issue`,
              `condition of flow "${f.name ?? f.id}" ignored: the actor chooses the outcome`,
            ),
          );
        }
      }
      steps.push({
        ...base,
        decision: { question: target.name ?? "Décision ?", outcomes, ...(rule ? { rule } : {}) },
      } as Step);
    } else if (target?.$type === "bpmn:ParallelGateway" && outgoing(target).length > 1) {
      const branches = outgoing(target)
        .map((f) => destination(f))
        .filter((d): d is { next: string } => d !== null && "next" in d);
      const joinGateway = elements.find(
        (e) => e.$type === "bpmn:ParallelGateway" && incoming(e).length > 1 && outgoing(e).length === 1,
      );
      const join = joinGateway ? destination(outgoing(joinGateway)[0]!) : null;
      if (!join || !("next" in join)) {
        problem(
          target,
          "branches parallèles sans passerelle de jonction",
          "parallel branches without a joining gateway",
        );
        continue;
      }
      steps.push({ ...base, parallel: { branches: branches.map((b) => b.next), join: join.next } } as Step);
    } else {
      const to = destination(out[0]!);
      if (to) steps.push({ ...base, ...to } as Step);
    }
  }

  const start = starts[0] ? ref(outgoing(starts[0])[0]?.targetRef) : null;
  if (starts[0] && (!start || !TASKS.has(start.$type))) {
    problem(starts[0], "l'événement de début doit mener à une tâche", "the start event must lead to a task");
  }
  if (problems.length > 0) return { ok: false, problems };

  const header = (extension(process, "definition") ?? {}) as Partial<ProcedureDefinition>;
  const id =
    options.id ?? header.id ?? slug(process.name ?? process.id ?? "procedure-importee", "procedure-importee");
  const candidate = {
    id,
    title: process.name ?? header.title ?? id,
    organisation: options.organisation ?? header.organisation ?? "import",
    source: { document: "Import BPMN" },
    version: 1,
    status: "draft" as const,
    registry: `${id
      .slice(0, 4)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "X")}-{YYYY}-{seq:5}`,
    ...header,
    ...(options.id ? { id: options.id } : {}),
    ...(options.organisation ? { organisation: options.organisation } : {}),
    actors,
    start: stepIds.get(start!.id!)!,
    steps,
  };
  const checked = procedureDefinition.safeParse(candidate);
  if (!checked.success) {
    return {
      ok: false,
      problems: checked.error.issues.map((i) => ({
        element: "definition",
        id: i.path.join("."),
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

export { LOGIGRAMME_NS };
