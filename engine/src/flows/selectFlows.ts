import type { FlowNode } from '../definition/types';
import { IncidentError } from '../errors';
import { evaluateCondition } from '../feel/evaluateFeel';
import { incidentMessages } from '../runtime/incidentMessages';
import { feelContext, type Run } from '../runtime/run';

/**
 * The outgoing flows a token takes when it leaves `node`.
 * - exclusive gateway: the first flow (in model order) whose condition holds, else the default;
 * - inclusive gateway and activities: every flow whose condition holds (no condition = always),
 *   else the default;
 * - everything else: all outgoing flows.
 * Conditions are evaluated strictly (see docs/feel.md): one that is not true or false is an
 * incident at its flow, never a silent route. No flow to take is an incident at the element
 * (`no_flow_taken`): the token parks there until the data or the model is fixed.
 */
export function selectFlows(run: Run, node: FlowNode, outcome: string | null): readonly string[] {
  const exclusive = node.kind === 'exclusiveGateway';
  if (!run.graph.conditional.has(node.id)) {
    return exclusive && node.outgoing.length > 1 ? node.outgoing.slice(0, 1) : node.outgoing;
  }
  const context = feelContext(run, outcome);
  const taken: string[] = [];
  for (const flowId of node.outgoing) {
    if (flowId === node.defaultFlow) continue;
    const condition = run.definition.flows[flowId]!.condition;
    if (!condition || evaluateCondition(condition, context, node.id, flowId)) {
      taken.push(flowId);
      if (exclusive) break;
    }
  }
  if (taken.length === 0 && node.defaultFlow) taken.push(node.defaultFlow);
  if (taken.length === 0) {
    throw new IncidentError('no_flow_taken', incidentMessages.no_flow_taken({ elementId: node.id }), node.id);
  }
  return taken;
}
