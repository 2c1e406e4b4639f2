import type { FlowNode, ProcessDefinition } from '../definition/types';
import { RunError } from '../errors';
import type { Effect } from './effects';
import { type Graph, graphOf } from './graph';
import type { ParkedSite } from './incidents';
import type { IncidentToken, StepContext, TokenState } from './tokens';

/** A token on its way to an element. */
export interface Arrival {
  elementId: string;
  viaFlow: string | null;
  scope: string;
  /** The outcome of the task the token just left, read by FEEL as `outcome`. */
  outcome: string | null;
}

/**
 * One pure step in progress: the next state (a private copy), the effects so far and the tokens
 * still moving. Element behaviours change it; nothing leaves it but the returned state and effects.
 */
export interface Run {
  definition: ProcessDefinition;
  graph: Graph;
  ctx: StepContext;
  state: TokenState;
  effects: Effect[];
  /** FIFO keeps the order of created tasks stable, so the same events give the same snapshot. */
  queue: Arrival[];
  steps: number;
  /** Sites where this attempt of the step parks the token as an incident (see incidents.ts). */
  parks: ParkedSite[];
  /** Visits per incident site in this attempt, so a retried attempt parks the same visit. */
  visits: Map<string, number>;
  /** The incident this step retries, if any: parking again at its place keeps its key. */
  retrying: IncidentToken | null;
  retryParkedAgain: boolean;
}

export function createRun(definition: ProcessDefinition, state: TokenState, ctx: StepContext): Run {
  return {
    definition,
    graph: graphOf(definition),
    ctx,
    state,
    effects: [],
    queue: [],
    steps: 0,
    parks: [],
    visits: new Map(),
    retrying: null,
    retryParkedAgain: false,
  };
}

/** The next deterministic key for an element: `${elementId}#${n}`. */
export function nextKey(run: Run, counter: string): string {
  const n = (run.state.activations[counter] ?? 0) + 1;
  run.state.activations[counter] = n;
  return `${counter}#${n}`;
}

export function nodeOf(run: Run, elementId: string): FlowNode {
  const node = run.definition.nodes[elementId];
  if (!node) {
    throw new RunError(
      'unknown_element',
      `Element ${elementId} is not in ${run.definition.key} v${run.definition.version}.`,
    );
  }
  return node;
}

/** Sends a token along each flow, into the given scope. */
export function take(run: Run, flowIds: readonly string[], scope: string, outcome: string | null): void {
  for (const flowId of flowIds) {
    run.queue.push({ elementId: run.definition.flows[flowId]!.targetRef, viaFlow: flowId, scope, outcome });
  }
}

/** What FEEL expressions see: the case variables, the outcome on the token and every task's last outcome. */
export function feelContext(run: Run, outcome: string | null): Record<string, unknown> {
  return { ...run.state.variables, outcome, outcomes: run.state.outcomes };
}
