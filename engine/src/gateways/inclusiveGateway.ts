import type { FlowNode } from '../definition/types';
import { selectFlows } from '../flows/selectFlows';
import { joinKey, splitJoinKey } from '../process/scopes';
import { leave } from '../runtime/incidents';
import { type Arrival, type Run, take } from '../runtime/run';
import { ROOT_SCOPE, type TokenState } from '../runtime/tokens';

/**
 * 包容: a fork takes every flow whose condition holds (the default when none does). A join
 * records the token and decides later, in {@link fireInclusiveJoins}, once no token is moving.
 */
export function inclusiveGateway(run: Run, node: FlowNode, arrival: Arrival): void {
  if (node.incoming.length <= 1) {
    take(run, selectFlows(run, node, arrival.outcome), arrival.scope, arrival.outcome);
    return;
  }
  const key = joinKey(arrival.scope, node.id);
  const arrived = run.state.joinArrivals[key] ?? [];
  arrived.push(arrival.viaFlow ?? '');
  run.state.joinArrivals[key] = arrived;
}

/**
 * Fires one inclusive join that may fire, and says whether it did. A join fires when a token
 * waits on at least one incoming flow and no token anywhere in its scope can still reach an
 * incoming flow that has none — decided over the graph from the current token positions, so it
 * also holds for models that are not block-structured. It consumes one token per flow that has
 * one; extra tokens wait for the next round, so the same tokens never fire it twice.
 *
 * `tieBreak` is only used once nothing else can move: in a cyclic model two joins can each hold a
 * token the other could still receive. Then, as the BPMN spec says (13.4.3), a token waiting at
 * another inclusive join does not block when it can also reach a flow that already has a token.
 */
export function fireInclusiveJoins(run: Run, tieBreak = false): boolean {
  for (const key in run.state.joinArrivals) {
    const { scope, gatewayId } = splitJoinKey(key);
    const node = run.definition.nodes[gatewayId];
    if (node?.kind !== 'inclusiveGateway') continue;
    const arrived = run.state.joinArrivals[key]!;
    const missing = node.incoming.filter((flowId) => !arrived.includes(flowId));
    if (missing.length > 0) {
      const positions = tokenPositions(run.state, scope, key);
      if (tieBreak) {
        for (const other of Object.keys(run.state.joinArrivals)) {
          const at = splitJoinKey(other);
          const waitingJoin =
            at.scope === scope && run.definition.nodes[at.gatewayId]?.kind === 'inclusiveGateway';
          const alsoReachesFilled = node.incoming.some(
            (flowId) => arrived.includes(flowId) && run.graph.upstream(node.id, flowId).has(at.gatewayId),
          );
          if (other !== key && waitingJoin && alsoReachesFilled) positions.delete(at.gatewayId);
        }
      }
      const blocked = missing.some((flowId) => {
        const upstream = run.graph.upstream(node.id, flowId);
        for (const position of positions) if (upstream.has(position)) return true;
        return false;
      });
      if (blocked) continue;
    }
    for (const flowId of node.incoming) {
      const i = arrived.indexOf(flowId);
      if (i >= 0) arrived.splice(i, 1);
    }
    if (arrived.length === 0) delete run.state.joinArrivals[key];
    leave(run, node, scope, null);
    return true;
  }
  return false;
}

/**
 * The elements in `scope` that hold a token, a token in a child sub-process counting as one on
 * that sub-process. The join's own arrivals (`exceptJoin`) are left out.
 */
function tokenPositions(state: TokenState, scope: string, exceptJoin: string): Set<string> {
  const positions = new Set<string>();
  const add = (tokenScope: string, elementId: string) => {
    const position = positionIn(state, tokenScope, elementId, scope);
    if (position) positions.add(position);
  };
  for (const t of state.waiting) add(t.scope ?? ROOT_SCOPE, t.elementId);
  for (const c of state.catches) add(c.scope, c.elementId);
  for (const s of state.scopes) add(s.scope, s.elementId);
  for (const i of state.incidents) add(i.scope, i.elementId);
  for (const key in state.joinArrivals) {
    if (key === exceptJoin) continue;
    const other = splitJoinKey(key);
    add(other.scope, other.gatewayId);
  }
  return positions;
}

/** Lifts a token's position to `scope`: the sub-process around it there, or null if it is elsewhere. */
function positionIn(state: TokenState, tokenScope: string, elementId: string, scope: string): string | null {
  let where = tokenScope;
  let position = elementId;
  while (where !== scope) {
    if (where === ROOT_SCOPE) return null;
    const instance = state.scopes.find((s) => s.key === where);
    if (!instance) return null;
    position = instance.elementId;
    where = instance.scope;
  }
  return position;
}
