import { BpmnModdle } from 'bpmn-moddle';
import { DefinitionError, type DefinitionIssue } from '../errors';
import yjDescriptor from '../moddle/yj.json' with { type: 'json' };
import type {
  ElementKind,
  FlowNode,
  Limit,
  LimitKind,
  LimitUnit,
  ProcessDefinition,
  SequenceFlow,
} from './types';

/** Models larger than this are refused before parsing: no real bundle comes near it. */
export const MAX_BPMN_BYTES = 5 * 1024 * 1024;

// biome-ignore lint/suspicious/noExplicitAny: moddle elements are dynamically typed.
type ModdleElement = any;

const SUPPORTED: Record<string, ElementKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ParallelGateway': 'parallelGateway',
};

/** Elements that carry no behaviour and may appear anywhere. */
const IGNORED = new Set(['bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group']);

const UNITS: readonly LimitUnit[] = ['workingDays', 'calendarDays', 'calendarMonths'];
const KINDS: readonly LimitKind[] = ['statutory', 'promised'];

export function createModdle(): BpmnModdle {
  return new BpmnModdle({ yj: yjDescriptor });
}

/**
 * Parses BPMN 2.0 XML and compiles its executable process into a {@link ProcessDefinition}.
 * Refuses anything the engine cannot run, naming each element and how to fix it.
 */
export async function parseBpmn(
  xml: string,
  options: { key?: string; version: number },
): Promise<ProcessDefinition> {
  assertSafeXml(xml);
  let definitions: ModdleElement;
  try {
    const result = await createModdle().fromXML(xml, 'bpmn:Definitions');
    definitions = result.rootElement;
    const fatal = (result.warnings as { message: string; element?: { id?: string } }[]).filter((w) =>
      /unparsable|unresolved reference/i.test(w.message),
    );
    if (fatal.length > 0) {
      throw new DefinitionError(
        'The BPMN XML has broken parts; fix them in the designer and deploy again.',
        fatal.map((w) => ({ elementId: w.element?.id ?? null, message: w.message })),
      );
    }
  } catch (error) {
    if (error instanceof DefinitionError) throw error;
    throw new DefinitionError('The file is not valid BPMN 2.0 XML.', [
      { elementId: null, message: (error as Error).message.split('\n')[0] ?? 'parse error' },
    ]);
  }

  const processes = (definitions.rootElements ?? []).filter(
    (e: ModdleElement) => e.$type === 'bpmn:Process' && e.isExecutable !== false,
  );
  if (processes.length !== 1) {
    throw new DefinitionError('Expected exactly one executable process.', [
      {
        elementId: null,
        message: `Found ${processes.length} executable processes; mark exactly one bpmn:process isExecutable="true".`,
      },
    ]);
  }
  return compileProcess(processes[0], options);
}

/** Refuses DOCTYPE/entities (XXE, billion laughs) and oversized input before any parser sees it. */
function assertSafeXml(xml: string): void {
  if (typeof xml !== 'string' || xml.trim().length === 0) {
    throw new DefinitionError('The BPMN file is empty.', [
      { elementId: null, message: 'Send BPMN 2.0 XML.' },
    ]);
  }
  if (Buffer.byteLength(xml, 'utf8') > MAX_BPMN_BYTES) {
    throw new DefinitionError('The BPMN file is too large.', [
      {
        elementId: null,
        message: `Models are limited to ${MAX_BPMN_BYTES} bytes; split the bundle into items.`,
      },
    ]);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new DefinitionError('The BPMN file declares a DOCTYPE or entities, which are not allowed.', [
      { elementId: null, message: 'Remove the <!DOCTYPE …> declaration; BPMN needs none.' },
    ]);
  }
}

function compileProcess(
  process: ModdleElement,
  options: { key?: string; version: number },
): ProcessDefinition {
  const issues: DefinitionIssue[] = [];
  const nodes: Record<string, FlowNode> = {};
  const flows: Record<string, SequenceFlow> = {};

  for (const element of process.flowElements ?? []) {
    const type: string = element.$type;
    if (type === 'bpmn:SequenceFlow') {
      if (element.conditionExpression) {
        issues.push({
          elementId: element.id,
          message:
            'Conditions on sequence flows are not supported yet; remove the condition or use a parallel gateway.',
        });
      }
      flows[element.id] = {
        id: element.id,
        sourceRef: element.sourceRef?.id,
        targetRef: element.targetRef?.id,
      };
      continue;
    }
    if (IGNORED.has(type)) continue;
    const kind = SUPPORTED[type];
    if (!kind) {
      issues.push({
        elementId: element.id,
        message: `${type.replace('bpmn:', '')} is not supported; use a start/end event, user task or parallel gateway.`,
      });
      continue;
    }
    if ((element.eventDefinitions ?? []).length > 0) {
      issues.push({
        elementId: element.id,
        message: `${type.replace('bpmn:', '')} with an event definition is not supported yet; use a plain (none) event.`,
      });
    }
    nodes[element.id] = {
      id: element.id,
      kind,
      name: { zh: element.name ?? element.id, en: element.nameEn ?? element.name ?? element.id },
      incoming: [],
      outgoing: [],
      departmentId: element.department ?? null,
      itemCode: element.itemCode ?? null,
      formKey: element.formKey ?? null,
      limits: readLimits(element, issues),
    };
  }

  for (const flow of Object.values(flows)) {
    const source = flow.sourceRef ? nodes[flow.sourceRef] : undefined;
    const target = flow.targetRef ? nodes[flow.targetRef] : undefined;
    if (!source || !target) {
      issues.push({ elementId: flow.id, message: 'This sequence flow must connect two supported elements.' });
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }

  const starts = Object.values(nodes).filter((n) => n.kind === 'startEvent');
  if (starts.length !== 1) {
    issues.push({
      elementId: process.id,
      message: `A process needs exactly one start event; found ${starts.length}.`,
    });
  }
  for (const node of Object.values(nodes)) checkWiring(node, issues);

  if (issues.length > 0) {
    throw new DefinitionError(
      `The process "${process.id}" cannot be deployed (${issues.length} problems).`,
      issues,
    );
  }
  return {
    key: options.key ?? process.id,
    version: options.version,
    name: { zh: process.name ?? process.id, en: process.nameEn ?? process.name ?? process.id },
    startEventId: starts[0]!.id,
    nodes,
    flows,
    limits: readLimits(process, issues),
  };
}

function checkWiring(node: FlowNode, issues: DefinitionIssue[]): void {
  const where = { elementId: node.id };
  if (node.kind === 'startEvent' && node.outgoing.length === 0) {
    issues.push({
      ...where,
      message: 'The start event has no outgoing sequence flow; connect it to the first step.',
    });
  }
  if (node.kind !== 'startEvent' && node.incoming.length === 0) {
    issues.push({
      ...where,
      message: 'Nothing leads here; connect an incoming sequence flow or delete the element.',
    });
  }
  if (node.kind !== 'endEvent' && node.outgoing.length === 0) {
    issues.push({
      ...where,
      message: 'No way out; connect an outgoing sequence flow (e.g. to an end event).',
    });
  }
  if (node.kind === 'userTask' && !node.departmentId) {
    issues.push({
      ...where,
      message: 'A user task needs yj:department so its task reaches a department queue.',
    });
  }
}

function readLimits(element: ModdleElement, issues: DefinitionIssue[]): Limit[] {
  const values = (element.extensionElements?.values ?? []) as ModdleElement[];
  const limits: Limit[] = [];
  for (const value of values) {
    if (value.$type !== 'yj:Limit') continue;
    const limit = { value: Number(value.value), unit: value.unit, kind: value.kind ?? 'statutory' };
    if (
      !Number.isInteger(limit.value) ||
      limit.value <= 0 ||
      !UNITS.includes(limit.unit) ||
      !KINDS.includes(limit.kind)
    ) {
      issues.push({
        elementId: element.id,
        message: `yj:limit needs a positive integer value, unit one of ${UNITS.join('/')} and kind ${KINDS.join('/')}.`,
      });
      continue;
    }
    limits.push(limit as Limit);
  }
  return limits;
}
