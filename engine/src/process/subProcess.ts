import type { FlowNode } from '../definition/types';
import { armBoundaryEvents } from '../events/boundaryEvent';
import { completeActivity } from '../runtime/activities';
import { deadlineFor, governingLimit } from '../runtime/deadlines';
import { type Arrival, nextKey, nodeOf, type Run } from '../runtime/run';
import { endItemClock, hasTokens } from './scopes';

/**
 * An embedded sub-process opens a scope (`${elementId}#${n}`): its tokens live inside it, its
 * joins count only its own tokens, and a terminate end inside ends only this scope.
 */
export function subProcess(run: Run, node: FlowNode, arrival: Arrival): void {
  const key = nextKey(run, node.id);
  run.state.scopes.push({ key, elementId: node.id, scope: arrival.scope });
  startItemClock(run, node, key);
  if (node.boundaryEvents) armBoundaryEvents(run, node, key, arrival.scope);
  run.queue.push({ elementId: node.startEventId!, viaFlow: null, scope: key, outcome: null });
}

/**
 * Completes one sub-process whose scope holds no token any more (its parent continues), and says
 * whether it did. Innermost scopes first: they were started last.
 */
export function completeEmptyScope(run: Run): boolean {
  const scopes = run.state.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const instance = scopes[i]!;
    if (hasTokens(run.state, instance.key)) continue;
    run.state.scopes = scopes.filter((s) => s !== instance);
    endItemClock(run, instance, 'completed');
    completeActivity(run, nodeOf(run, instance.elementId), instance.key, instance.scope, null);
    return true;
  }
  return false;
}

/** A sub-process that is an item of the bundle runs its own clock under the item's limit. */
function startItemClock(run: Run, node: FlowNode, scopeKey: string): void {
  const limit = node.itemCode ? governingLimit(node.limits) : undefined;
  if (!node.itemCode || !limit) return;
  const due = deadlineFor(limit, run.ctx);
  run.effects.push({
    type: 'item.start',
    scopeKey,
    elementId: node.id,
    itemCode: node.itemCode,
    limit,
    startDate: due.startDate,
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    provisional: due.provisional,
  });
}
