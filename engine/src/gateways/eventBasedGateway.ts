import type { FlowNode } from '../definition/types';
import { armEvent } from '../events/armEvent';
import { type Arrival, nextKey, nodeOf, type Run } from '../runtime/run';

/**
 * 事件网关: the token waits on the gateway for whichever of the following timer or message
 * events comes first; the others are then cancelled (see triggerEvent).
 */
export function eventBasedGateway(run: Run, node: FlowNode, arrival: Arrival): void {
  const key = nextKey(run, node.id);
  run.state.catches.push({ key, elementId: node.id, scope: arrival.scope });
  for (const flowId of node.outgoing) {
    armEvent(run, nodeOf(run, run.definition.flows[flowId]!.targetRef), key, arrival.scope);
  }
}
