import {
  type CaseSnapshot,
  compileFeel,
  type Effect,
  type FlowNode,
  IncidentError,
  type LocalizedName,
  type ProcessDefinition,
  RunError,
  readCase,
  type TokenState,
  transition,
  type WorkCalendar,
} from '@yijian/engine';
import { describeCondition } from '@yijian/process-library';
import { errorMessages } from '../jobs/jobIncidentMessages';

/** A step the application would open, in the order the engine opens them. */
export interface TestRunStep {
  elementId: string;
  name: LocalizedName;
  itemCode: string | null;
  departmentId: string;
}

/** An item of the bundle: taken, or skipped with the condition that skipped it. */
export interface TestRunItem {
  itemCode: string;
  elementId: string;
  name: LocalizedName;
  applies: boolean;
  /** The FEEL condition on the way into the item (null: none, the item always applies). */
  condition: string | null;
  conditionText: LocalizedName | null;
}

/**
 * Why a run stopped short, at which element, in both languages: the designer shows the reader's
 * (an incident's sentence is the engine's own, the one an operator would see on a real case).
 */
export interface TestRunProblem {
  elementId: string | null;
  /** The engine's incident code (e.g. `variable_missing`), or `test_run_stuck`. */
  code: string;
  /** In English, what logs and tests read. */
  message: string;
  messages: LocalizedName;
}

/** Nothing left for the run to do, yet the case has not concluded. */
const STUCK: LocalizedName = {
  zh: '没有可处理的步骤，办件却未办结：流程在等待试运行无法提供的事件。',
  en: 'Nothing is open and the case is not concluded: a token waits for something a test run cannot give.',
};

const problemOf = (elementId: string | null, code: string, messages: LocalizedName): TestRunProblem => ({
  elementId,
  code,
  message: messages.en,
  messages,
});

export interface TestRunOutcome {
  /** concluded: every token reached an end; stuck: waiting for something a test run cannot give; incident: a fault. */
  outcome: 'concluded' | 'stuck' | 'incident';
  phase: string;
  steps: TestRunStep[];
  items: TestRunItem[];
  visitedElements: string[];
  takenFlows: string[];
  problems: TestRunProblem[];
}

const MAX_EVENTS = 1_000;
const RUNNING = new Set(['preReview', 'correction', 'inProgress']);
/** Kinds that count an activation when a token enters them: whether they ran is known exactly. */
const COUNTED = new Set(['userTask', 'subProcess', 'intermediateCatchEvent', 'eventBasedGateway']);

/**
 * 试运行: files a case with `answers` on the real engine (pure `transition`, nothing stored),
 * accepts it at the window, approves every step as a clerk would, fires timers when nothing else
 * can move and answers awaited messages, until the case concludes, faults or can go no further.
 * Reports the steps opened, which items apply and which were skipped by which condition, and the
 * elements and flows on the path, for the diagram.
 */
export function testRun(
  definition: ProcessDefinition,
  answers: Record<string, unknown>,
  options: { now: string; calendar: WorkCalendar },
): TestRunOutcome {
  const steps: TestRunStep[] = [];
  const problems: TestRunProblem[] = [];
  // The snapshot keeps an incident's English only; its raise effect has both languages.
  const incidentMessages = new Map<string, LocalizedName>();
  let now = options.now;
  const collect = (effects: Effect[]) => {
    for (const effect of effects) {
      if (effect.type === 'incident.raise') incidentMessages.set(effect.key, effect.messages);
      if (effect.type === 'task.create') {
        steps.push({
          elementId: effect.elementId,
          name: effect.name,
          itemCode: effect.itemCode,
          departmentId: effect.departmentId,
        });
      }
    }
  };
  const step = (snapshot: CaseSnapshot | null, event: Parameters<typeof transition>[2]) => {
    const next = transition(definition, snapshot, event, { now, calendar: options.calendar });
    collect(next.effects);
    return next.snapshot;
  };

  let snapshot: CaseSnapshot;
  let outcome: TestRunOutcome['outcome'] = 'stuck';
  try {
    snapshot = step(null, { type: 'case.file', actorId: null, variables: answers, acceptOnTheSpot: true });
    for (let n = 0; n < MAX_EVENTS; n++) {
      if (snapshot.phase === 'preReview') {
        snapshot = step(snapshot, { type: 'intake.accept', actorId: 'test-run' });
        continue;
      }
      if (!RUNNING.has(snapshot.phase)) {
        outcome = 'concluded';
        break;
      }
      const tokens = readCase(definition, snapshot).context.tokens;
      if (tokens.incidents.length > 0) {
        outcome = 'incident';
        for (const incident of tokens.incidents) {
          const messages = incidentMessages.get(incident.key) ?? {
            zh: incident.message,
            en: incident.message,
          };
          problems.push(problemOf(incident.elementId, incident.code, messages));
        }
        break;
      }
      const waiting = tokens.waiting[0];
      if (waiting) {
        const node = definition.nodes[waiting.elementId];
        snapshot = step(snapshot, {
          type: 'task.complete',
          activationKey: waiting.activationKey,
          actorId: null,
          outcome: node?.multiInstance?.approveOutcome ?? 'approved',
        });
        continue;
      }
      const subscription = tokens.subscriptions[0];
      if (subscription) {
        snapshot = step(snapshot, {
          type: 'message.receive',
          name: subscription.name,
          correlation: subscription.correlation,
        });
        continue;
      }
      const timer = [...tokens.timers].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
      if (timer) {
        if (timer.dueAt > now) now = timer.dueAt;
        snapshot = step(snapshot, { type: 'timer.fire', key: timer.key });
        continue;
      }
      problems.push(problemOf(tokens.catches[0]?.elementId ?? null, 'test_run_stuck', STUCK));
      break;
    }
  } catch (error) {
    if (!(error instanceof RunError)) throw error;
    return {
      outcome: 'incident',
      phase: 'failed',
      steps,
      items: itemsOf(definition, new Set(), {}),
      visitedElements: [],
      takenFlows: [],
      problems: [
        ...problems,
        problemOf(error instanceof IncidentError ? error.elementId : null, error.code, errorMessages(error)),
      ],
    };
  }

  const state = readCase(definition, snapshot);
  const tokens = state.context.tokens;
  const { visited, taken } = pathOf(definition, tokens, outcome === 'concluded');
  return {
    outcome,
    phase: state.phase,
    steps,
    items: itemsOf(definition, visited, tokens.variables),
    visitedElements: [...visited],
    takenFlows: [...taken],
    problems,
  };
}

/** Whether a FEEL condition holds for the case's variables; a fault or a non-boolean counts as no. */
function holds(condition: string | null | undefined, variables: Record<string, unknown>): boolean {
  if (!condition) return true;
  try {
    return compileFeel(condition).evaluate(variables).value === true;
  } catch {
    return false;
  }
}

/**
 * The elements and flows the run went through. Activities, catch events and event-based gateways
 * count their activations, so whether they ran is exact; gateways and end events are reached along
 * the flows their source took (conditions evaluated on the final answers, as the gateway did).
 */
function pathOf(
  definition: ProcessDefinition,
  tokens: TokenState,
  concluded: boolean,
): { visited: Set<string>; taken: Set<string> } {
  const activated = new Set(
    Object.keys(tokens.activations).filter((id) => {
      const node = definition.nodes[id];
      return node !== undefined && node.kind !== 'boundaryEvent';
    }),
  );
  const stillWaiting = new Set([
    ...tokens.waiting.map((t) => t.elementId),
    ...tokens.catches.map((c) => c.elementId),
  ]);
  const visited = new Set<string>();
  const taken = new Set<string>();
  const queue: string[] = [];
  const visit = (id: string) => {
    if (visited.has(id)) return;
    visited.add(id);
    queue.push(id);
  };
  visit(definition.startEventId);
  for (const id of activated) visit(id);

  while (queue.length > 0) {
    const id = queue.shift()!;
    const node = definition.nodes[id];
    if (!node) continue;
    if (node.kind === 'subProcess' && node.startEventId) visit(node.startEventId);
    if (stillWaiting.has(id)) continue;
    for (const flowId of outgoingTaken(definition, node, tokens.variables)) {
      const flow = definition.flows[flowId];
      if (!flow) continue;
      const target = definition.nodes[flow.targetRef];
      if (!target) continue;
      if (COUNTED.has(target.kind) && !activated.has(target.id)) continue;
      if (target.kind === 'endEvent' && !concluded && !target.parentId) continue;
      taken.add(flowId);
      visit(target.id);
    }
  }
  return { visited, taken };
}

function outgoingTaken(
  definition: ProcessDefinition,
  node: FlowNode,
  variables: Record<string, unknown>,
): string[] {
  const flows = node.outgoing.filter((id) => id !== node.defaultFlow);
  const fallback = node.defaultFlow ? [node.defaultFlow] : [];
  const condition = (id: string) => definition.flows[id]?.condition;
  switch (node.kind) {
    case 'exclusiveGateway': {
      const first = flows.find((id) => holds(condition(id), variables));
      return first ? [first] : fallback;
    }
    case 'inclusiveGateway': {
      const all = flows.filter((id) => holds(condition(id), variables));
      return all.length > 0 ? all : fallback;
    }
    case 'parallelGateway':
    case 'eventBasedGateway':
      return node.outgoing;
    default: {
      const all = flows.filter((id) => holds(condition(id), variables));
      return all.length > 0 ? all : fallback;
    }
  }
}

/**
 * The items of the process: an element with an item code whose parent is not of the same item (the
 * item's sub-process, or a lone task). Skipped ones name the condition on the flow leading in (or
 * into the gateway before it).
 */
function itemsOf(
  definition: ProcessDefinition,
  visited: ReadonlySet<string>,
  _variables: Record<string, unknown>,
): TestRunItem[] {
  const items = new Map<string, TestRunItem>();
  for (const node of Object.values(definition.nodes)) {
    if (!node.itemCode) continue;
    const parent = node.parentId ? definition.nodes[node.parentId] : undefined;
    if (parent?.itemCode === node.itemCode) continue;
    const applies = visited.has(node.id);
    const previous = items.get(node.itemCode);
    if (previous && (previous.applies || !applies)) continue;
    const condition = conditionInto(definition, node);
    items.set(node.itemCode, {
      itemCode: node.itemCode,
      elementId: node.id,
      name: node.name,
      applies,
      condition,
      conditionText: condition ? describeCondition(condition) : null,
    });
  }
  return [...items.values()];
}

function conditionInto(definition: ProcessDefinition, node: FlowNode): string | null {
  let current = node;
  for (let depth = 0; depth < 5; depth++) {
    const incoming = current.incoming.map((id) => definition.flows[id]).filter((f) => f !== undefined);
    const conditioned = incoming.find((f) => f.condition);
    if (conditioned?.condition) return conditioned.condition;
    // Through a gateway or event that has a single way in, e.g. a fork right before the item.
    const source = incoming.length === 1 ? definition.nodes[incoming[0]!.sourceRef] : undefined;
    if (!source?.kind.endsWith('Gateway')) return null;
    current = source;
  }
  return null;
}
