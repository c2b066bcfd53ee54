import type { ProcedureDefinition, Step } from "../definition/schema.js";
import { type DiagramNode, layoutProcedure } from "../diagram/layout.js";
import { escapeMarkup } from "../text/escapeMarkup.js";

/**
 * A definition as BPMN 2.0 XML: one pool, a lane per actor, a user task per step, exclusive
 * gateways for decisions, parallel gateways for splits and joins, and diagram interchange from
 * the same layout as the logigramme, so that bpmn.io or Camunda Modeler open it laid out.
 * What BPMN cannot say (délais, documents, forms, rules, roles) travels in `lg:` extensions so
 * that importing the file gives the same definition back.
 */

export const LOGIGRAMME_NS = "https://logigramme.example/schema/bpmn";

/** BPMN ids are XML names: our step ids (lowercase, digits, dashes) fit after a prefix. */
export const bpmnId = {
  task: (stepId: string) => `Task_${stepId}`,
  gateway: (stepId: string) => `Gateway_${stepId}`,
  fork: (stepId: string) => `Fork_${stepId}`,
  join: (stepId: string) => `Join_${stepId}`,
  end: (outcome: string) => `EndEvent_${outcome}`,
  lane: (actor: string) => `Lane_${actor.replace(/[^A-Za-z0-9_.-]/g, "_")}`,
};

function elementId(node: DiagramNode): string {
  if (node.kind === "start") return "StartEvent_1";
  if (node.kind === "end") return bpmnId.end(node.outcome!);
  if (node.kind === "task") return bpmnId.task(node.stepId!);
  if (node.kind === "decision") return bpmnId.gateway(node.stepId!);
  return bpmnId.fork(node.stepId!);
}

/** What BPMN has no place for, kept so that a round trip loses nothing. */
function stepExtension(step: Step): Record<string, unknown> {
  const { id: _id, title: _title, actor: _actor, next: _next, end: _end, parallel, decision, ...rest } = step;
  return {
    ...rest,
    ...(decision?.rule ? { rule: decision.rule } : {}),
    ...(parallel ? { join: parallel.join } : {}),
  };
}

function json(value: unknown): string {
  return escapeMarkup(JSON.stringify(value));
}

export async function exportBpmn(def: ProcedureDefinition): Promise<string> {
  const layout = await layoutProcedure(def);
  const idOf = new Map(layout.nodes.map((n) => [n.id, elementId(n)]));
  const joins = def.steps.filter((s) => s.parallel).map((s) => s.parallel!.join);

  interface Flow {
    id: string;
    source: string;
    target: string;
    name: string | null;
    outcome: string | null;
    points: Array<{ x: number; y: number }>;
  }
  const flows: Flow[] = [];
  for (const e of layout.edges) {
    const source = idOf.get(e.from)!;
    let target = idOf.get(e.to)!;
    const to = layout.nodes.find((n) => n.id === e.to)!;
    // Branches meet at a joining gateway in BPMN: a task with several incoming flows only merges.
    if (to.kind === "task" && joins.includes(to.stepId!)) target = bpmnId.join(to.stepId!);
    flows.push({
      id: `Flow_${flows.length + 1}`,
      source,
      target,
      name: e.label,
      outcome: e.outcomeId,
      points: e.points,
    });
  }
  for (const stepId of [...new Set(joins)]) {
    const task = layout.nodes.find((n) => n.kind === "task" && n.stepId === stepId)!;
    flows.push({
      id: `Flow_${flows.length + 1}`,
      source: bpmnId.join(stepId),
      target: bpmnId.task(stepId),
      name: null,
      outcome: null,
      points: [
        { x: task.x - 20, y: task.y + task.height / 2 },
        { x: task.x, y: task.y + task.height / 2 },
      ],
    });
  }
  const incoming = (id: string) =>
    flows.filter((f) => f.target === id).map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`);
  const outgoing = (id: string) =>
    flows.filter((f) => f.source === id).map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`);
  const links = (id: string) => [...incoming(id), ...outgoing(id)].join("");

  const elements: string[] = [];
  const shapes: string[] = [];
  const shape = (id: string, x: number, y: number, w: number, h: number, extra = "") =>
    shapes.push(
      `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"${extra}><dc:Bounds x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}"/></bpmndi:BPMNShape>`,
    );

  for (const node of layout.nodes) {
    const id = idOf.get(node.id)!;
    const step = node.stepId ? def.steps.find((s) => s.id === node.stepId) : undefined;
    switch (node.kind) {
      case "start":
        elements.push(`<bpmn:startEvent id="${id}" name="Début">${links(id)}</bpmn:startEvent>`);
        break;
      case "end":
        elements.push(
          `<bpmn:endEvent id="${id}" name="${escapeMarkup(node.label)}" lg:outcome="${node.outcome}">${links(id)}</bpmn:endEvent>`,
        );
        break;
      case "task":
        elements.push(
          `<bpmn:userTask id="${id}" name="${escapeMarkup(step!.title)}" lg:actor="${escapeMarkup(step!.actor)}">` +
            (step!.comment ? `<bpmn:documentation>${escapeMarkup(step!.comment)}</bpmn:documentation>` : "") +
            `<bpmn:extensionElements><lg:step>${json(stepExtension(step!))}</lg:step></bpmn:extensionElements>` +
            `${links(id)}</bpmn:userTask>`,
        );
        break;
      case "decision":
        elements.push(
          `<bpmn:exclusiveGateway id="${id}" name="${escapeMarkup(step!.decision!.question)}">${links(id)}</bpmn:exclusiveGateway>`,
        );
        break;
      case "fork":
        elements.push(`<bpmn:parallelGateway id="${id}">${links(id)}</bpmn:parallelGateway>`);
        break;
    }
    shape(
      id,
      node.x,
      node.y,
      node.width,
      node.height,
      node.kind === "decision" ? ' isMarkerVisible="true"' : "",
    );
  }
  for (const stepId of [...new Set(joins)]) {
    const id = bpmnId.join(stepId);
    const task = layout.nodes.find((n) => n.kind === "task" && n.stepId === stepId)!;
    elements.push(`<bpmn:parallelGateway id="${id}">${links(id)}</bpmn:parallelGateway>`);
    shape(id, task.x - 70, task.y + (task.height - 50) / 2, 50, 50);
  }

  const sequenceFlows = flows.map(
    (f) =>
      `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.source}" targetRef="${f.target}"${f.name ? ` name="${escapeMarkup(f.name)}"` : ""}${f.outcome ? ` lg:outcome="${escapeMarkup(f.outcome)}"` : ""}/>`,
  );
  const edges = flows.map(
    (f) =>
      `<bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${f.points.map((p) => `<di:waypoint x="${r(p.x)}" y="${r(p.y)}"/>`).join("")}</bpmndi:BPMNEdge>`,
  );

  const laneXml = layout.lanes.map((lane) => {
    const members = layout.nodes.filter((n) => n.lane === lane.actor).map((n) => idOf.get(n.id)!);
    for (const stepId of new Set(joins)) {
      if (def.steps.find((s) => s.id === stepId)?.actor === lane.actor) members.push(bpmnId.join(stepId));
    }
    const actor = def.actors[lane.actor];
    return (
      `<bpmn:lane id="${bpmnId.lane(lane.actor)}" name="${escapeMarkup(lane.title)}" lg:code="${escapeMarkup(lane.actor)}">` +
      `<bpmn:extensionElements><lg:actor>${json(actor ?? {})}</lg:actor></bpmn:extensionElements>` +
      members.map((m) => `<bpmn:flowNodeRef>${m}</bpmn:flowNodeRef>`).join("") +
      "</bpmn:lane>"
    );
  });
  const laneShapes = layout.lanes.map(
    (lane) =>
      `<bpmndi:BPMNShape id="${bpmnId.lane(lane.actor)}_di" bpmnElement="${bpmnId.lane(lane.actor)}" isHorizontal="true"><dc:Bounds x="30" y="${r(lane.y)}" width="${r(layout.width - 30)}" height="${r(lane.height)}"/></bpmndi:BPMNShape>`,
  );

  const { steps: _steps, ...header } = def;
  const processId = `Process_${def.id}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:lg="${LOGIGRAMME_NS}" id="Definitions_${def.id}" targetNamespace="${LOGIGRAMME_NS}/${def.id}" exporter="Logigramme" exporterVersion="1">
<bpmn:collaboration id="Collaboration_1">
<bpmn:participant id="Participant_1" name="${escapeMarkup(def.title)}" processRef="${processId}"/>
</bpmn:collaboration>
<bpmn:process id="${processId}" name="${escapeMarkup(def.title)}" isExecutable="true">
<bpmn:extensionElements><lg:definition>${json(header)}</lg:definition></bpmn:extensionElements>
<bpmn:laneSet id="LaneSet_1">
${laneXml.join("\n")}
</bpmn:laneSet>
${elements.join("\n")}
${sequenceFlows.join("\n")}
</bpmn:process>
<bpmndi:BPMNDiagram id="Diagram_1">
<bpmndi:BPMNPlane id="Plane_1" bpmnElement="Collaboration_1">
<bpmndi:BPMNShape id="Participant_1_di" bpmnElement="Participant_1" isHorizontal="true"><dc:Bounds x="0" y="0" width="${r(layout.width)}" height="${r(Math.max(...layout.lanes.map((l) => l.y + l.height)))}"/></bpmndi:BPMNShape>
${laneShapes.join("\n")}
${shapes.join("\n")}
${edges.join("\n")}
</bpmndi:BPMNPlane>
</bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

const r = (n: number) => Math.round(n);
