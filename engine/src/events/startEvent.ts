import type { FlowNode } from '../definition/types';
import { type Arrival, type Run, take } from '../runtime/run';

/** A none start event: the token leaves at once (a case starts when it is filed). */
export function startEvent(run: Run, node: FlowNode, arrival: Arrival): void {
  take(run, node.outgoing, arrival.scope, null);
}
