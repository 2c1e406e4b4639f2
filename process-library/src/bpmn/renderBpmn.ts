import { layoutProcess } from 'bpmn-auto-layout';
import type { TimeLimit } from '../catalogue/ServiceItem';

/** A flow node to render: a BPMN tag, its attributes, and what goes inside it. */
export interface BpmnNode {
  id: string;
  /** Local name in the BPMN namespace: `userTask`, `callActivity`, `subProcess`, `inclusiveGateway` … */
  tag: string;
  /** Attributes besides id; prefixed ones (`yj:itemCode`) are written as given. */
  attrs?: Record<string, string>;
  limits?: BpmnLimit[];
  /** The outgoing flow taken when no condition holds (gateways). */
  defaultFlow?: string;
  /** Embedded sub-process content. */
  children?: BpmnGraph;
  /**
   * The event's definition: an error (boundary catch or error end, naming a {@link BpmnErrorDef}
   * of the process) or a terminate end.
   */
  eventDefinition?: { type: 'error'; errorRef: string } | { type: 'terminate' };
}

/** A `<bpmn:error>` at the definitions level, what error events refer to. */
export interface BpmnErrorDef {
  id: string;
  name: string;
  errorCode: string;
}

export interface BpmnLimit extends TimeLimit {
  kind: 'statutory' | 'promised';
  /** Longest extension that may be approved; written as an `extension` attribute. */
  extension?: number;
}

export interface BpmnFlow {
  id: string;
  source: string;
  target: string;
  /** FEEL condition without the leading `=`. */
  condition?: string;
  /**
   * Draw the flow over the top of the shapes between its ends (leaving its source and entering
   * its target from above), for a flow that skips them: the auto-layout would draw it straight
   * through the first of them.
   */
  drawAbove?: boolean;
}

export interface BpmnGraph {
  nodes: BpmnNode[];
  flows: BpmnFlow[];
}

export interface BpmnProcess extends BpmnGraph {
  id: string;
  attrs: Record<string, string>;
  limits: BpmnLimit[];
  /** Business errors the process throws or catches (不予许可 …). */
  errors?: BpmnErrorDef[];
}

const NAMESPACES = [
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"',
  'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"',
  'xmlns:di="http://www.omg.org/spec/DD/20100524/DI"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  'xmlns:yj="http://yijian.dev/schema/bpmn/1.0"',
].join(' ');

/**
 * Writes one executable process as BPMN 2.0 XML and lays it out with `bpmn-auto-layout`, so it
 * opens in bpmn-js as a readable diagram. Embedded sub-processes are drawn expanded.
 */
export async function renderBpmn(process: BpmnProcess): Promise<string> {
  const expanded = subProcessIds(process);
  // bpmn-auto-layout draws a sub-process expanded only when the input DI says so.
  const diagramHint =
    expanded.length === 0
      ? ''
      : `<bpmndi:BPMNDiagram id="Diagram_hint"><bpmndi:BPMNPlane id="Plane_hint" bpmnElement="${escapeXml(process.id)}">${expanded
          .map(
            (id) =>
              `<bpmndi:BPMNShape id="${escapeXml(id)}_di" bpmnElement="${escapeXml(id)}" isExpanded="true"><dc:Bounds x="0" y="0" width="100" height="80" /></bpmndi:BPMNShape>`,
          )
          .join('')}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`;
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<bpmn:definitions ${NAMESPACES} id="Definitions_${escapeXml(process.id)}" targetNamespace="http://yijian.dev/bundles">`,
    ...(process.errors ?? []).map(
      (e) =>
        `<bpmn:error id="${escapeXml(e.id)}" name="${escapeXml(e.name)}" errorCode="${escapeXml(e.errorCode)}" />`,
    ),
    `<bpmn:process id="${escapeXml(process.id)}"${attributes(process.attrs)} isExecutable="true">`,
    extensionElements(process.limits),
    graphXml(process),
    '</bpmn:process>',
    diagramHint,
    '</bpmn:definitions>',
  ].join('');
  return routeAbove(await layoutProcess(xml), process);
}

/** Gap between a flow drawn above a row and the top of the highest shape it passes over. */
const ABOVE_GAP = 30;

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Redraws the flows marked `drawAbove`: up from the top of the source, along a lane above every
 * top-level shape between the two ends, down into the top of the target. bpmn-auto-layout leaves
 * the top of a gateway free (it fans branches out to the right and below), so the lane crosses
 * nothing. Edits only the waypoints of those edges in the laid-out DI.
 */
function routeAbove(xml: string, process: BpmnProcess): string {
  const marked = process.flows.filter((f) => f.drawAbove);
  if (marked.length === 0) return xml;
  const bounds = new Map<string, Bounds>();
  const shape =
    /<bpmndi:BPMNShape id="[^"]*" bpmnElement="([^"]+)"[^>]*>\s*<dc:Bounds x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)" height="([-\d.]+)"/g;
  for (const m of xml.matchAll(shape)) {
    bounds.set(m[1]!, { x: Number(m[2]), y: Number(m[3]), width: Number(m[4]), height: Number(m[5]) });
  }
  const topLevel = process.nodes.flatMap((n) => {
    const b = bounds.get(n.id);
    return b ? [b] : [];
  });
  let result = xml;
  for (const flow of marked) {
    const source = bounds.get(flow.source);
    const target = bounds.get(flow.target);
    if (!source || !target) continue;
    const left = Math.min(source.x, target.x);
    const right = Math.max(source.x + source.width, target.x + target.width);
    const passedOver = topLevel.filter((b) => b.x < right && b.x + b.width > left);
    const lane = Math.min(...passedOver.map((b) => b.y)) - ABOVE_GAP;
    const fromX = source.x + source.width / 2;
    const toX = target.x + target.width / 2;
    const points = [
      [fromX, source.y],
      [fromX, lane],
      [toX, lane],
      [toX, target.y],
    ]
      .map(([x, y]) => `<di:waypoint x="${x}" y="${y}" />`)
      .join('');
    const edge = new RegExp(
      `(<bpmndi:BPMNEdge id="[^"]*" bpmnElement="${escapeRegExp(flow.id)}"[^>]*>)[\\s\\S]*?(</bpmndi:BPMNEdge>)`,
    );
    result = result.replace(edge, (_whole, open: string, close: string) => `${open}${points}${close}`);
  }
  return result;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function graphXml(graph: BpmnGraph): string {
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const flow of graph.flows) {
    (outgoing.get(flow.source) ?? outgoing.set(flow.source, []).get(flow.source)!).push(flow.id);
    (incoming.get(flow.target) ?? incoming.set(flow.target, []).get(flow.target)!).push(flow.id);
  }
  const nodes = graph.nodes.map((node) => {
    const attrs = { ...node.attrs, ...(node.defaultFlow ? { default: node.defaultFlow } : {}) };
    return [
      `<bpmn:${node.tag} id="${escapeXml(node.id)}"${attributes(attrs)}>`,
      extensionElements(node.limits ?? []),
      ...(incoming.get(node.id) ?? []).map((id) => `<bpmn:incoming>${escapeXml(id)}</bpmn:incoming>`),
      ...(outgoing.get(node.id) ?? []).map((id) => `<bpmn:outgoing>${escapeXml(id)}</bpmn:outgoing>`),
      node.children ? graphXml(node.children) : '',
      eventDefinitionXml(node),
      `</bpmn:${node.tag}>`,
    ].join('');
  });
  const flows = graph.flows.map((flow) => {
    const open = `<bpmn:sequenceFlow id="${escapeXml(flow.id)}" sourceRef="${escapeXml(flow.source)}" targetRef="${escapeXml(flow.target)}"`;
    if (flow.condition === undefined) return `${open} />`;
    // Camunda 8 marks FEEL with a leading `=`; the engine reads it with or without.
    return `${open}><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=${escapeXml(flow.condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
  });
  return [...nodes, ...flows].join('');
}

function eventDefinitionXml(node: BpmnNode): string {
  const definition = node.eventDefinition;
  if (!definition) return '';
  if (definition.type === 'terminate')
    return `<bpmn:terminateEventDefinition id="${escapeXml(node.id)}_def" />`;
  return `<bpmn:errorEventDefinition id="${escapeXml(node.id)}_def" errorRef="${escapeXml(definition.errorRef)}" />`;
}

function extensionElements(limits: BpmnLimit[]): string {
  if (limits.length === 0) return '';
  const items = limits.map(
    (l) =>
      `<yj:limit value="${l.value}" unit="${l.unit}" kind="${l.kind}"${l.extension === undefined ? '' : ` extension="${l.extension}"`} />`,
  );
  return `<bpmn:extensionElements>${items.join('')}</bpmn:extensionElements>`;
}

function attributes(attrs: Record<string, string> | undefined): string {
  return Object.entries(attrs ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

function subProcessIds(graph: BpmnGraph): string[] {
  return graph.nodes.flatMap((node) =>
    node.tag === 'subProcess' ? [node.id, ...(node.children ? subProcessIds(node.children) : [])] : [],
  );
}

/** Escapes text for an XML attribute or element. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
