import type { DefinitionIssue } from '../errors';
import { checkTimerLiteral } from '../eventDefinitions/timerDue';
import { checkFeel } from '../feel/checkFeel';
import { feelSource } from '../feel/feelSource';
import { graftCalledProcess } from './graftCalledProcess';
import { readMultiInstance } from './readMultiInstance';
import type {
  ElementKind,
  EventDefinition,
  FlowNode,
  Limit,
  LimitKind,
  LimitUnit,
  ProcessDefinition,
  SequenceFlow,
  TimerSpec,
} from './types';

// biome-ignore lint/suspicious/noExplicitAny: moddle elements are dynamically typed.
export type ModdleElement = any;

const SUPPORTED: Record<string, ElementKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
};

/** Elements that carry no behaviour and may appear anywhere. */
const IGNORED = new Set([
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:Group',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

const TASK_HINT = 'use a user task routed to a department (yj:department) instead.';
/** How to fix each unsupported element, said to the process designer. */
const HINTS: Record<string, string> = {
  'bpmn:Task': TASK_HINT,
  'bpmn:ServiceTask': TASK_HINT,
  'bpmn:SendTask': TASK_HINT,
  'bpmn:ReceiveTask': 'use an intermediate message catch event instead.',
  'bpmn:ScriptTask': TASK_HINT,
  'bpmn:BusinessRuleTask': 'use an exclusive gateway with FEEL conditions instead.',
  'bpmn:ManualTask': TASK_HINT,
  'bpmn:CallActivity':
    'use an embedded sub-process with the called steps instead (call activities come later).',
  'bpmn:Transaction': 'use an embedded sub-process instead.',
  'bpmn:AdHocSubProcess': 'use an embedded sub-process with a parallel gateway instead.',
  'bpmn:ComplexGateway': 'use an inclusive gateway with FEEL conditions instead.',
  'bpmn:IntermediateThrowEvent': 'remove it; the engine throws no intermediate events yet.',
};

const UNITS: readonly LimitUnit[] = ['workingDays', 'calendarDays', 'calendarMonths'];
const KINDS: readonly LimitKind[] = ['statutory', 'promised'];

interface Compilation {
  /** Processes the call activities call, compiled already, by calledElement (null: refused). */
  called: ReadonlyMap<string, ProcessDefinition | null>;
  nodes: Record<string, FlowNode>;
  flows: Record<string, SequenceFlow>;
  /** Elements refused already: flows touching them are not reported a second time. */
  refused: Set<string>;
  issues: DefinitionIssue[];
  /**
   * Compiled as the process a call activity calls: an error end event at its process level throws
   * to the call activity (grafted, the call is its scope), where a boundary event catches it.
   */
  calledByActivity: boolean;
}

/**
 * Compiles one `bpmn:process` into a {@link ProcessDefinition}, adding every problem to `issues`
 * (and returning null when there are any).
 */
export function compileProcess(
  process: ModdleElement,
  options: { key?: string; version: number; calledByActivity?: boolean },
  issues: DefinitionIssue[],
  called: ReadonlyMap<string, ProcessDefinition | null> = new Map(),
): ProcessDefinition | null {
  const before = issues.length;
  const c: Compilation = {
    called,
    nodes: {},
    flows: {},
    refused: new Set(),
    issues,
    calledByActivity: options.calledByActivity === true,
  };
  compileContainer(c, process, null);
  wireFlows(c);
  const starts = startEventsOf(c, null);
  if (starts.length !== 1) {
    issues.push({
      elementId: process.id ?? null,
      message: `A process needs exactly one none start event; found ${starts.length}.`,
    });
  }
  for (const node of Object.values(c.nodes)) checkWiring(c, node);
  const limits = readLimits(process, issues);
  if (issues.length > before) return null;
  for (const node of Object.values(c.nodes)) {
    const callee = node.calledElement ? called.get(node.calledElement) : null;
    if (callee) graftCalledProcess(c.nodes, c.flows, node, callee);
  }
  return {
    key: options.key ?? process.id,
    version: options.version,
    name: { zh: process.name ?? process.id, en: process.nameEn ?? process.name ?? process.id },
    startEventId: starts[0]!.id,
    nodes: c.nodes,
    flows: c.flows,
    limits,
  };
}

function compileContainer(c: Compilation, container: ModdleElement, parentId: string | null): void {
  for (const element of (container.flowElements ?? []) as ModdleElement[]) {
    const type: string | undefined = element?.$type;
    if (!type || IGNORED.has(type)) continue;
    if (type === 'bpmn:SequenceFlow') {
      compileFlow(c, element);
      continue;
    }
    const callee = type === 'bpmn:CallActivity' ? c.called.get(element.calledElement) : undefined;
    // A call activity whose process the library resolved runs as a sub-process scope.
    const kind = callee ? 'subProcess' : SUPPORTED[type];
    const label = type.replace(/^bpmn:/, '');
    if (!kind || (kind === 'subProcess' && element.triggeredByEvent)) {
      c.refused.add(element.id);
      // A called process that was refused has had its problems reported on this element already.
      if (callee === null) continue;
      c.issues.push({
        elementId: element.id ?? null,
        message: element.triggeredByEvent
          ? 'Event sub-processes are not supported yet; use boundary events on an embedded sub-process.'
          : type === 'bpmn:CallActivity'
            ? element.calledElement
              ? `This call activity calls "${element.calledElement}", which is not available; deploy with the library (parseBpmn resolveCalledProcess), fix calledElement, or embed the steps in a sub-process.`
              : 'This call activity has no calledElement; name the library process it calls, or embed the steps in a sub-process.'
            : `${label} is not supported; ${HINTS[type] ?? 'use a start/end event, user task, gateway, sub-process or timer/message catch event.'}`,
      });
      // Look inside anyway, so every unsupported element is named in one go.
      if (element.flowElements) compileContainer({ ...c, nodes: {}, flows: {} }, element, element.id);
      continue;
    }
    const node: FlowNode = {
      id: element.id,
      kind,
      name: { zh: element.name ?? element.id, en: element.nameEn ?? element.name ?? element.id },
      incoming: [],
      outgoing: [],
      departmentId: element.department ?? null,
      itemCode: element.itemCode ?? null,
      formKey: element.formKey ?? null,
      limits: readLimits(element, c.issues),
    };
    if (parentId) node.parentId = parentId;
    const eventDefinition = readEventDefinition(c, element, kind, label);
    if (eventDefinition) node.eventDefinition = eventDefinition;
    if (kind === 'boundaryEvent') {
      node.attachedTo = element.attachedToRef?.id ?? null;
      node.cancelActivity = element.cancelActivity !== false;
    }
    if (element.default?.id) node.defaultFlow = element.default.id;
    if (kind === 'userTask') {
      const multiInstance = readMultiInstance(element, c.issues);
      if (multiInstance) node.multiInstance = multiInstance;
    } else if (element.loopCharacteristics) {
      c.issues.push({
        elementId: element.id,
        message: `${label} cannot be multi-instance or a loop; only user tasks can (yj:countersign).`,
      });
    }
    c.nodes[node.id] = node;
    if (callee) {
      node.calledElement = element.calledElement;
      continue;
    }
    if (kind === 'subProcess') {
      compileContainer(c, element, node.id);
      const starts = startEventsOf(c, node.id);
      if (starts.length !== 1) {
        c.issues.push({
          elementId: node.id,
          message: `A sub-process needs exactly one none start event inside; found ${starts.length}.`,
        });
      } else node.startEventId = starts[0]!.id;
    }
  }
}

function compileFlow(c: Compilation, element: ModdleElement): void {
  const flow: SequenceFlow = {
    id: element.id,
    sourceRef: element.sourceRef?.id,
    targetRef: element.targetRef?.id,
  };
  if (element.conditionExpression) {
    const body: unknown = element.conditionExpression.body;
    const language: unknown = element.conditionExpression.language;
    const problem =
      typeof body !== 'string'
        ? 'The condition has no expression text; write FEEL such as =amount > 100.'
        : typeof language === 'string' && !/feel/i.test(language)
          ? `The condition is in ${language}; conditions are FEEL, e.g. =amount > 100 (remove the language attribute).`
          : checkFeel(body);
    if (problem) c.issues.push({ elementId: flow.id, message: problem });
    else flow.condition = feelSource(body as string);
  }
  c.flows[flow.id] = flow;
}

function readEventDefinition(
  c: Compilation,
  element: ModdleElement,
  kind: ElementKind,
  label: string,
): EventDefinition | null {
  const definitions = (element.eventDefinitions ?? []) as ModdleElement[];
  if (definitions.length === 0) {
    if (kind === 'intermediateCatchEvent' || kind === 'boundaryEvent') {
      c.issues.push({
        elementId: element.id,
        message: `${label} needs a timer, message or error definition.`,
      });
    }
    return null;
  }
  const issue = (message: string) => {
    c.issues.push({ elementId: element.id, message });
    return null;
  };
  if (definitions.length > 1) {
    return issue(`${label} has ${definitions.length} event definitions; keep exactly one.`);
  }
  const definition = definitions[0];
  const type = String(definition.$type)
    .replace(/^bpmn:/, '')
    .replace(/EventDefinition$/, '');
  const allowed: Partial<Record<ElementKind, string[]>> = {
    endEvent: ['Terminate', 'Error'],
    intermediateCatchEvent: ['Timer', 'Message'],
    boundaryEvent: ['Timer', 'Message', 'Error'],
  };
  if (!allowed[kind]?.includes(type)) {
    const fix =
      kind === 'startEvent'
        ? 'use a none start event (a case starts when it is filed).'
        : kind === 'endEvent'
          ? 'use a none, terminate or error end event.'
          : `use one of: ${(allowed[kind] ?? []).join(', ').toLowerCase() || 'none'}.`;
    const what = `${type.toLowerCase()} ${words(label)}`;
    return issue(`${/^[aeiou]/.test(what) ? 'An' : 'A'} ${what} is not supported; ${fix}`);
  }
  switch (type) {
    case 'Terminate':
      return { type: 'terminate' };
    case 'Error': {
      const errorCode: string | null = definition.errorRef?.errorCode ?? null;
      if (kind === 'endEvent' && !errorCode) {
        return issue('An error end event needs an error with an errorCode (bpmn:error errorCode="…").');
      }
      if (kind === 'boundaryEvent' && element.cancelActivity === false) {
        return issue('An error boundary event always interrupts; remove cancelActivity="false".');
      }
      return { type: 'error', errorCode };
    }
    case 'Message': {
      const message = definition.messageRef;
      const messageName: string | undefined = message?.name ?? message?.id;
      if (!messageName) return issue('A message event needs a message (messageRef) with a name.');
      const correlation: string | null = message.correlationKey ?? null;
      const problem = correlation ? checkFeel(correlation) : null;
      if (problem) return issue(`yj:correlationKey of message ${message.id}: ${problem}`);
      return { type: 'message', messageName, correlation };
    }
    default: {
      if (definition.timeCycle) {
        return issue('Timer cycles are not supported yet; use a duration (e.g. P3D) or a date.');
      }
      const duration = String(definition.timeDuration?.body ?? '').trim();
      const date = String(definition.timeDate?.body ?? '').trim();
      const timer: TimerSpec | null = duration
        ? { kind: 'duration', expression: duration }
        : date
          ? { kind: 'date', expression: date }
          : null;
      if (!timer) return issue('A timer needs a timeDuration (e.g. P3D) or a timeDate.');
      const problem = timer.expression.startsWith('=')
        ? checkFeel(timer.expression)
        : checkTimerLiteral(timer);
      if (problem) return issue(problem);
      return { type: 'timer', timer };
    }
  }
}

/** `IntermediateCatchEvent` → `intermediate catch event`, for sentences. */
function words(label: string): string {
  return label.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function wireFlows(c: Compilation): void {
  for (const flow of Object.values(c.flows)) {
    const source = flow.sourceRef ? c.nodes[flow.sourceRef] : undefined;
    const target = flow.targetRef ? c.nodes[flow.targetRef] : undefined;
    if (!source || !target) {
      if (!c.refused.has(flow.sourceRef) && !c.refused.has(flow.targetRef)) {
        c.issues.push({
          elementId: flow.id,
          message: 'This sequence flow must connect two supported elements.',
        });
      }
      continue;
    }
    if ((source.parentId ?? null) !== (target.parentId ?? null)) {
      c.issues.push({
        elementId: flow.id,
        message:
          'A sequence flow cannot cross a sub-process border; connect elements inside the same sub-process.',
      });
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
  for (const node of Object.values(c.nodes)) {
    if (node.kind !== 'boundaryEvent') continue;
    const host = node.attachedTo ? c.nodes[node.attachedTo] : undefined;
    if (!host || (host.kind !== 'userTask' && host.kind !== 'subProcess')) {
      if (!node.attachedTo || !c.refused.has(node.attachedTo)) {
        c.issues.push({
          elementId: node.id,
          message: 'A boundary event must be attached to a user task or a sub-process.',
        });
      }
      continue;
    }
    host.boundaryEvents = [...(host.boundaryEvents ?? []), node.id];
  }
}

function startEventsOf(c: Compilation, parentId: string | null): FlowNode[] {
  return Object.values(c.nodes).filter(
    (n) => n.kind === 'startEvent' && (n.parentId ?? null) === parentId && !n.eventDefinition,
  );
}

function checkWiring(c: Compilation, node: FlowNode): void {
  const issue = (message: string) => c.issues.push({ elementId: node.id, message });
  if (node.kind === 'startEvent' && node.outgoing.length === 0) {
    issue('The start event has no outgoing sequence flow; connect it to the first step.');
  }
  if (node.kind === 'startEvent' && node.incoming.length > 0) {
    issue('A start event cannot have incoming sequence flows; connect them to the next step instead.');
  }
  if (node.kind === 'boundaryEvent' && node.incoming.length > 0) {
    issue('A boundary event cannot have incoming sequence flows.');
  }
  if (node.kind !== 'startEvent' && node.kind !== 'boundaryEvent' && node.incoming.length === 0) {
    issue('Nothing leads here; connect an incoming sequence flow or delete the element.');
  }
  if (node.kind !== 'endEvent' && node.outgoing.length === 0) {
    issue('No way out; connect an outgoing sequence flow (e.g. to an end event).');
  }
  if (
    node.eventDefinition?.type === 'error' &&
    node.kind === 'endEvent' &&
    !node.parentId &&
    !c.calledByActivity
  ) {
    issue(
      'An error end event at process level has nothing to catch it; put it inside a sub-process with an error boundary event, or use a terminate end event.',
    );
  }
  if (node.kind === 'userTask' && !node.departmentId && !node.multiInstance) {
    issue('A user task needs yj:department so its task reaches a department queue.');
  }
  if (node.defaultFlow && !node.outgoing.includes(node.defaultFlow)) {
    issue(`The default flow ${node.defaultFlow} must be one of this element's outgoing flows.`);
  }
  const conditional = node.outgoing.filter((id) => c.flows[id]?.condition);
  if (
    conditional.length > 0 &&
    !['exclusiveGateway', 'inclusiveGateway', 'userTask', 'subProcess'].includes(node.kind)
  ) {
    issue(
      `Conditions are only evaluated after exclusive/inclusive gateways and activities; remove the condition from ${conditional.join(', ')} or put a gateway in between.`,
    );
  }
  if (node.defaultFlow && c.flows[node.defaultFlow]?.condition) {
    issue(`The default flow ${node.defaultFlow} cannot have a condition; remove it.`);
  }
  if (node.kind === 'eventBasedGateway') {
    for (const flowId of node.outgoing) {
      const target = c.nodes[c.flows[flowId]!.targetRef];
      const catches = target?.kind === 'intermediateCatchEvent' && target.eventDefinition;
      if (!catches || target.incoming.length !== 1) {
        issue(
          `An event-based gateway must lead only to timer or message catch events that nothing else leads to; fix flow ${flowId}.`,
        );
      }
    }
    if (node.outgoing.length < 2) issue('An event-based gateway needs at least two events to race.');
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
    if (limits.some((l) => l.kind === limit.kind)) {
      issues.push({
        elementId: element.id,
        message: `Two ${limit.kind} yj:limits; keep one statutory and at most one promised limit.`,
      });
      continue;
    }
    limits.push(limit as Limit);
  }
  // DOMAIN rule 11: an agency may promise less time than the law allows, never more.
  const statutory = limits.find((l) => l.kind === 'statutory');
  const promised = limits.find((l) => l.kind === 'promised');
  if (statutory && promised && promised.unit === statutory.unit && promised.value > statutory.value) {
    issues.push({
      elementId: element.id,
      message: `The promised limit (${promised.value} ${promised.unit}) exceeds the statutory limit (${statutory.value} ${statutory.unit}); promise at most the statutory limit.`,
    });
  }
  return limits;
}
