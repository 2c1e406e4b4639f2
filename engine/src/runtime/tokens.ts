import type { WorkCalendar } from '../calendar/workCalendar';
import type { FlowNode, ProcessDefinition } from '../definition/types';
import { RunError } from '../errors';
import { deadlineFor, governingLimit } from './deadlines';
import type { Effect } from './effects';

/** A token resting on a user task, waiting for its activation to complete. */
export interface WaitingToken {
  elementId: string;
  activationKey: string;
}

/** The BPMN part of a case snapshot: where tokens are, as plain JSON. */
export interface TokenState {
  waiting: WaitingToken[];
  /** Per joining gateway: the incoming flows a token has arrived on, in arrival order. */
  joinArrivals: Record<string, string[]>;
  /** Activation counter per element, so activation keys are deterministic. */
  activations: Record<string, number>;
  completed: boolean;
}

export interface StepContext {
  now: string;
  calendar: WorkCalendar;
}

export function emptyTokenState(): TokenState {
  return { waiting: [], joinArrivals: {}, activations: {}, completed: false };
}

/** Guards against models that loop without waiting (a bug, never a real bundle). */
const MAX_STEPS = 10_000;

/**
 * Moves tokens from the given arrivals until each rests on a wait state or is consumed.
 * Pure: returns the next state and the effects to run.
 */
export function advance(
  definition: ProcessDefinition,
  state: TokenState,
  arrivals: { elementId: string; viaFlow: string | null }[],
  ctx: StepContext,
): { state: TokenState; effects: Effect[] } {
  const next: TokenState = {
    waiting: [...state.waiting],
    joinArrivals: Object.fromEntries(Object.entries(state.joinArrivals).map(([k, v]) => [k, [...v]])),
    activations: { ...state.activations },
    completed: state.completed,
  };
  const effects: Effect[] = [];
  // FIFO keeps the order of created tasks stable, so the same events give the same snapshot.
  const queue = [...arrivals];
  let steps = 0;
  while (queue.length > 0) {
    if (++steps > MAX_STEPS) {
      throw new RunError(
        'loop',
        `Process ${definition.key} moved ${MAX_STEPS} tokens without waiting; check for a loop.`,
      );
    }
    const { elementId, viaFlow } = queue.shift()!;
    const node = nodeOf(definition, elementId);
    switch (node.kind) {
      case 'startEvent':
        leave(definition, node, queue);
        break;
      case 'userTask': {
        const n = (next.activations[node.id] ?? 0) + 1;
        next.activations[node.id] = n;
        const activationKey = `${node.id}#${n}`;
        next.waiting.push({ elementId: node.id, activationKey });
        const limit = governingLimit(node.limits);
        const due = limit ? deadlineFor(limit, ctx) : null;
        effects.push({
          type: 'task.create',
          activationKey,
          elementId: node.id,
          name: node.name,
          departmentId: node.departmentId!,
          itemCode: node.itemCode,
          formKey: node.formKey,
          dueAt: due?.dueAt ?? null,
          dueDate: due?.dueDate ?? null,
          dueProvisional: due?.provisional ?? false,
        });
        break;
      }
      case 'parallelGateway': {
        if (node.incoming.length <= 1) {
          leave(definition, node, queue);
          break;
        }
        const arrived = next.joinArrivals[node.id] ?? [];
        arrived.push(viaFlow ?? '');
        if (node.incoming.every((flowId) => arrived.includes(flowId))) {
          // Consume exactly one token per incoming flow; extra tokens wait for the next round.
          for (const flowId of node.incoming) arrived.splice(arrived.indexOf(flowId), 1);
          leave(definition, node, queue);
        }
        if (arrived.length > 0) next.joinArrivals[node.id] = arrived;
        else delete next.joinArrivals[node.id];
        break;
      }
      case 'endEvent':
        break;
    }
  }
  if (!next.completed && next.waiting.length === 0 && Object.keys(next.joinArrivals).length === 0) {
    next.completed = true;
    effects.push({ type: 'case.concluded', at: ctx.now });
  }
  return { state: next, effects };
}

/** Completes the activation of a waiting user task and moves its token on. */
export function completeActivation(
  definition: ProcessDefinition,
  state: TokenState,
  activationKey: string,
  ctx: StepContext,
): { state: TokenState; effects: Effect[] } {
  const token = state.waiting.find((t) => t.activationKey === activationKey);
  if (!token) {
    throw new RunError(
      'not_waiting',
      `No task ${activationKey} is waiting in this case; it may be completed already.`,
    );
  }
  const node = nodeOf(definition, token.elementId);
  const remaining = { ...state, waiting: state.waiting.filter((t) => t !== token) };
  const arrivals = node.outgoing.map((flowId) => ({
    elementId: definition.flows[flowId]!.targetRef,
    viaFlow: flowId,
  }));
  return advance(definition, remaining, arrivals, ctx);
}

function leave(
  definition: ProcessDefinition,
  node: FlowNode,
  queue: { elementId: string; viaFlow: string | null }[],
) {
  for (const flowId of node.outgoing)
    queue.push({ elementId: definition.flows[flowId]!.targetRef, viaFlow: flowId });
}

function nodeOf(definition: ProcessDefinition, elementId: string): FlowNode {
  const node = definition.nodes[elementId];
  if (!node)
    throw new RunError(
      'unknown_element',
      `Element ${elementId} is not in ${definition.key} v${definition.version}.`,
    );
  return node;
}
