import type { FlowNode } from '../definition/types';
import { selectFlows } from '../flows/selectFlows';
import { type Arrival, type Run, take } from '../runtime/run';

/**
 * 排他: each token passes on its own (a merge does not wait) and leaves by the first flow whose
 * FEEL condition holds, else by the default flow.
 */
export function exclusiveGateway(run: Run, node: FlowNode, arrival: Arrival): void {
  take(run, selectFlows(run, node, arrival.outcome), arrival.scope, arrival.outcome);
}
