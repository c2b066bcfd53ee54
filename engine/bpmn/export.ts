import type { ProcedureDefinition, ProvenanceMark } from "../definition/schema.js";
import { type DiagramNode, layoutProcedure, procedureGraph } from "../diagram/layout.js";
import { escapeMarkup } from "../text/escapeMarkup.js";
import {
  LOGIGRAMME_NS,
  PREFIX,
  writeActor,
  writeEnd,
  writeMark,
  writeProcedure,
  writeRule,
  writeStep,
} from "./extensions.js";
import { xmlElement, xmlText } from "./xml.js";

/**
 * A definition as BPMN 2.0 XML: one pool, a lane per actor who acts, a user task per step,
 * exclusive gateways for decisions, parallel gateways for splits and joins, and diagram
 * interchange from the same layout as the logigramme, so that bpmn.io or Camunda Modeler open it
 * laid out. What BPMN cannot say travels in our own extension elements (see extensions.ts).
 */

export { LOGIGRAMME_NS };

/** BPMN ids are XML names: our step ids (lowercase, digits, dashes) fit after a prefix. */
export const bpmnId = {
  task: (stepId: string) => `Task_${stepId}`,
  gateway: (stepId: string) => `Gateway_${stepId}`,
  fork: (stepId: string) => `Fork_${stepId}`,
  join: (stepId: string) => `Join_${stepId}`,
  end: (outcome: string) => `EndEvent_${outcome}`,
  // Actor codes may hold characters an XML name refuses (they come from org charts).
  lane: (actor: string) => `Lane_${actor.replace(/[^A-Za-z0-9_.-]/g, "_")}`,
};

const START_ID = "StartEvent_1";
const GATEWAY_SIZE = 50;

interface Point {
  x: number;
  y: number;
}
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Flow {
  id: string;
  source: string;
  target: string;
  name: string | null;
  outcome: string | null;
  mark?: ProvenanceMark | null;
  points: Point[];
}

function elementId(node: DiagramNode): string {
  switch (node.kind) {
    case "start":
      return START_ID;
    case "end":
      return bpmnId.end(node.outcome!);
    case "task":
      return bpmnId.task(node.stepId!);
    case "decision":
      return bpmnId.gateway(node.stepId!);
    case "fork":
      return bpmnId.fork(node.stepId!);
  }
}

const inside = (p: Point, b: Box) =>
  p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;

/** Ends a route drawn towards a task on the joining gateway placed just before that task. */
function routeTo(points: Point[], box: Box): Point[] {
  const kept = points.slice(0, -1);
  while (kept.length > 1 && inside(kept.at(-1)!, box)) kept.pop();
  const last = kept.at(-1)!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  if (last.x >= box.x && last.x <= box.x + box.width)
    return [...kept, { x: last.x, y: last.y < cy ? box.y : box.y + box.height }];
  if (last.y >= box.y && last.y <= box.y + box.height)
    return [...kept, { x: last.x < cx ? box.x : box.x + box.width, y: last.y }];
  return [...kept, { x: cx, y: last.y }, { x: cx, y: last.y < cy ? box.y : box.y + box.height }];
}

export async function exportBpmn(def: ProcedureDefinition): Promise<string> {
  const layout = await layoutProcedure(def);
  const nodeById = new Map(layout.nodes.map((n) => [n.id, n]));
  const idOf = new Map(layout.nodes.map((n) => [n.id, elementId(n)]));
  const stepById = new Map(def.steps.map((s) => [s.id, s]));

  // A task with several incoming flows only merges; branches must meet at a joining gateway.
  const joinBoxes = new Map<string, Box>();
  for (const step of def.steps) {
    if (!step.parallel || joinBoxes.has(step.parallel.join)) continue;
    const task = nodeById.get(`task-${step.parallel.join}`)!;
    joinBoxes.set(step.parallel.join, {
      x: task.x - 5 - GATEWAY_SIZE,
      y: task.y + (task.height - GATEWAY_SIZE) / 2,
      width: GATEWAY_SIZE,
      height: GATEWAY_SIZE,
    });
  }

  const flows: Flow[] = [];
  const addFlow = (flow: Omit<Flow, "id">) => flows.push({ id: `Flow_${flows.length + 1}`, ...flow });
  for (const e of layout.edges) {
    const to = nodeById.get(e.to)!;
    const joinBox = to.kind === "task" ? joinBoxes.get(to.stepId!) : undefined;
    addFlow({
      source: idOf.get(e.from)!,
      target: joinBox ? bpmnId.join(to.stepId!) : idOf.get(e.to)!,
      name: e.label,
      outcome: e.outcomeId,
      mark: e.mark,
      points: joinBox ? routeTo(e.points, joinBox) : e.points,
    });
  }
  for (const [stepId, box] of joinBoxes) {
    const cy = box.y + box.height / 2;
    addFlow({
      source: bpmnId.join(stepId),
      target: bpmnId.task(stepId),
      name: null,
      outcome: null,
      points: [
        { x: box.x + box.width, y: cy },
        { x: box.x + box.width + 5, y: cy },
      ],
    });
  }

  const links = (id: string) => [
    ...flows.filter((f) => f.target === id).map((f) => xmlText("bpmn:incoming", f.id)),
    ...flows.filter((f) => f.source === id).map((f) => xmlText("bpmn:outgoing", f.id)),
  ];
  const extensions = (children: string[]) =>
    children.length > 0 ? xmlElement("bpmn:extensionElements", {}, children) : null;

  const elements: string[] = [];
  const shapes: string[] = [];
  const shape = (id: string, box: Box, extra: Record<string, boolean> = {}) =>
    shapes.push(
      xmlElement("bpmndi:BPMNShape", { id: `${id}_di`, bpmnElement: id, ...extra }, [
        xmlElement("dc:Bounds", { x: r(box.x), y: r(box.y), width: r(box.width), height: r(box.height) }),
      ]),
    );

  // Layout lists nodes lane by lane; the file lists them as the definition does, so that an
  // import gives the steps back in their order.
  const rank = new Map(procedureGraph(def).nodes.map((n, i) => [n.id, i]));
  const inDefinitionOrder = [...layout.nodes].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
  for (const node of inDefinitionOrder) {
    const id = idOf.get(node.id)!;
    const step = node.stepId ? stepById.get(node.stepId)! : undefined;
    switch (node.kind) {
      case "start":
        elements.push(xmlElement("bpmn:startEvent", { id, name: node.label }, links(id)));
        break;
      case "end":
        elements.push(
          xmlElement("bpmn:endEvent", { id, name: node.label }, [
            extensions([writeEnd(node.outcome!)]),
            ...links(id),
          ]),
        );
        break;
      case "task":
        elements.push(
          xmlElement(
            step!.call ? "bpmn:callActivity" : "bpmn:userTask",
            { id, name: step!.title, ...(step!.call ? { calledElement: step!.call.procedure } : {}) },
            [xmlText("bpmn:documentation", step!.comment), extensions(writeStep(step!)), ...links(id)],
          ),
        );
        break;
      case "decision": {
        const rule = step!.decision!.rule;
        elements.push(
          xmlElement("bpmn:exclusiveGateway", { id, name: step!.decision!.question }, [
            extensions(rule ? [writeRule(rule)] : []),
            ...links(id),
          ]),
        );
        break;
      }
      case "fork":
        elements.push(xmlElement("bpmn:parallelGateway", { id }, links(id)));
        break;
    }
    shape(id, node, node.kind === "decision" ? { isMarkerVisible: true } : {});
  }
  for (const [stepId, box] of joinBoxes) {
    const id = bpmnId.join(stepId);
    elements.push(xmlElement("bpmn:parallelGateway", { id }, links(id)));
    shape(id, box);
  }

  const sequenceFlows = flows.map((f) =>
    xmlElement("bpmn:sequenceFlow", { id: f.id, name: f.name, sourceRef: f.source, targetRef: f.target }, [
      extensions(
        [
          f.outcome ? xmlElement(`${PREFIX}:outcome`, { id: f.outcome }) : null,
          writeMark(f.mark ?? undefined),
        ].filter((x): x is string => x !== null),
      ),
    ]),
  );
  const edges = flows.map((f) =>
    xmlElement(
      "bpmndi:BPMNEdge",
      { id: `${f.id}_di`, bpmnElement: f.id },
      f.points.map((p) => xmlElement("di:waypoint", { x: r(p.x), y: r(p.y) })),
    ),
  );

  const laneActors = new Set(layout.lanes.map((l) => l.actor));
  const lanes = layout.lanes.map((lane) => {
    const members = layout.nodes.filter((n) => n.lane === lane.actor).map((n) => idOf.get(n.id)!);
    for (const stepId of joinBoxes.keys()) {
      if (stepById.get(stepId)!.actor === lane.actor) members.push(bpmnId.join(stepId));
    }
    return xmlElement("bpmn:lane", { id: bpmnId.lane(lane.actor), name: lane.title }, [
      extensions([writeActor(lane.actor, def.actors[lane.actor] ?? { title: lane.title })]),
      ...members.map((m) => xmlText("bpmn:flowNodeRef", m)),
    ]);
  });
  const lanesBottom = Math.max(...layout.lanes.map((l) => l.y + l.height));
  const laneShapes = layout.lanes.map((lane) =>
    xmlElement(
      "bpmndi:BPMNShape",
      { id: `${bpmnId.lane(lane.actor)}_di`, bpmnElement: bpmnId.lane(lane.actor), isHorizontal: true },
      [xmlElement("dc:Bounds", { x: 30, y: r(lane.y), width: r(layout.width - 30), height: r(lane.height) })],
    ),
  );

  const processId = `Process_${def.id}`;
  const procedure = writeProcedure(
    def,
    Object.keys(def.actors).filter((code) => !laneActors.has(code)),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:${PREFIX}="${LOGIGRAMME_NS}" id="Definitions_${def.id}" targetNamespace="${LOGIGRAMME_NS}/${def.id}" exporter="Logigramme" exporterVersion="1">`,
    xmlElement("bpmn:collaboration", { id: "Collaboration_1" }, [
      xmlElement("bpmn:participant", { id: "Participant_1", name: def.title, processRef: processId }),
    ]),
    `<bpmn:process id="${processId}" name="${escapeMarkup(def.title)}" isExecutable="true">`,
    xmlElement("bpmn:extensionElements", {}, [procedure]),
    xmlElement("bpmn:laneSet", { id: "LaneSet_1" }, lanes),
    ...elements,
    ...sequenceFlows,
    "</bpmn:process>",
    '<bpmndi:BPMNDiagram id="Diagram_1">',
    '<bpmndi:BPMNPlane id="Plane_1" bpmnElement="Collaboration_1">',
    xmlElement(
      "bpmndi:BPMNShape",
      { id: "Participant_1_di", bpmnElement: "Participant_1", isHorizontal: true },
      [xmlElement("dc:Bounds", { x: 0, y: 0, width: r(layout.width), height: r(lanesBottom) })],
    ),
    ...laneShapes,
    ...shapes,
    ...edges,
    "</bpmndi:BPMNPlane>",
    "</bpmndi:BPMNDiagram>",
    "</bpmn:definitions>",
    "",
  ].join("\n");
}

const r = (n: number) => Math.round(n);
