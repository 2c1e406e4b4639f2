import type { ElementKind, FlowNode } from '../definition/types';
import { RunError } from '../errors';
import { endEvent } from '../events/endEvent';
import { intermediateCatchEvent } from '../events/intermediateCatchEvent';
import { startEvent } from '../events/startEvent';
import { eventBasedGateway } from '../gateways/eventBasedGateway';
import { exclusiveGateway } from '../gateways/exclusiveGateway';
import { fireInclusiveJoins, inclusiveGateway } from '../gateways/inclusiveGateway';
import { parallelGateway } from '../gateways/parallelGateway';
import { hasTokens } from '../process/scopes';
import { completeEmptyScope, subProcess } from '../process/subProcess';
import { userTask } from '../tasks/userTask';
import { atSite } from './incidents';
import { type Arrival, nodeOf, type Run } from './run';
import { ROOT_SCOPE } from './tokens';

type Behaviour = (run: Run, node: FlowNode, arrival: Arrival) => void;

/** What a token does when it reaches an element, per element family. */
const BEHAVIOURS: Record<ElementKind, Behaviour> = {
  startEvent,
  endEvent,
  intermediateCatchEvent,
  // Boundary events are never entered by a flow; they are triggered (events/boundaryEvent).
  boundaryEvent: () => {},
  userTask,
  subProcess,
  parallelGateway,
  exclusiveGateway,
  inclusiveGateway,
  eventBasedGateway,
};

/** Guards against models that loop without waiting (a bug, never a real bundle). */
const MAX_STEPS = 10_000;

/**
 * Moves every token until each rests on a wait state (task, timer, message) or is consumed, then
 * settles what only a quiet graph can decide: inclusive joins, finished sub-processes and, last,
 * whether the case has concluded.
 */
export function advance(run: Run): void {
  for (;;) {
    drain(run);
    if (fireInclusiveJoins(run)) continue;
    if (completeEmptyScope(run)) continue;
    // Only when nothing else moves: joins that wait on each other round a loop.
    if (fireInclusiveJoins(run, true)) continue;
    break;
  }
  if (!run.state.completed && !hasTokens(run.state, ROOT_SCOPE)) {
    run.state.completed = true;
    run.effects.push({ type: 'case.concluded', at: run.ctx.now });
  }
}

function drain(run: Run): void {
  while (run.queue.length > 0) {
    if (++run.steps > MAX_STEPS) {
      throw new RunError(
        'loop',
        `Process ${run.definition.key} moved ${MAX_STEPS} tokens without waiting; check for a loop.`,
      );
    }
    const arrival = run.queue.shift()!;
    const node = nodeOf(run, arrival.elementId);
    atSite(run, 'arrive', node, arrival.scope, arrival, () => BEHAVIOURS[node.kind](run, node, arrival));
  }
}
