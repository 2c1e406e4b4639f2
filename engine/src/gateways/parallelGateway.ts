import type { FlowNode } from '../definition/types';
import { joinKey } from '../process/scopes';
import { type Arrival, type Run, take } from '../runtime/run';

/**
 * 并联: a fork sends a token down every outgoing flow; a join waits for one token per incoming
 * flow, consumes exactly those and lets extra tokens wait for the next round.
 */
export function parallelGateway(run: Run, node: FlowNode, arrival: Arrival): void {
  if (node.incoming.length <= 1) {
    take(run, node.outgoing, arrival.scope, arrival.outcome);
    return;
  }
  const key = joinKey(arrival.scope, node.id);
  const arrived = run.state.joinArrivals[key] ?? [];
  arrived.push(arrival.viaFlow ?? '');
  if (node.incoming.every((flowId) => arrived.includes(flowId))) {
    for (const flowId of node.incoming) arrived.splice(arrived.indexOf(flowId), 1);
    take(run, node.outgoing, arrival.scope, null);
  }
  if (arrived.length > 0) run.state.joinArrivals[key] = arrived;
  else delete run.state.joinArrivals[key];
}
