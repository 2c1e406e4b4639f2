import type { FlowNode } from '../definition/types';
import { disarmEvents } from '../events/armEvent';
import { clearScope, endItemClock } from '../process/scopes';
import { cancelMultiInstance } from '../tasks/multiInstance';
import { cancelTask } from '../tasks/userTask';
import { leave } from './incidents';
import type { Run } from './run';

/**
 * The shared end of every activity instance (user task, countersign, sub-process): its boundary
 * events stop, its outcome is recorded and the token leaves through the flows that apply.
 * `owner` is the instance key: the activation key, the countersign body or the scope.
 */
export function completeActivity(
  run: Run,
  activity: FlowNode,
  owner: string,
  scope: string,
  outcome: string | null,
): void {
  disarmEvents(run, owner);
  if (outcome !== null) run.state.outcomes[activity.id] = outcome;
  leave(run, activity, scope, outcome);
}

/** Cancels an activity instance from outside (interrupting boundary event, caught error). */
export function interruptActivity(run: Run, activity: FlowNode, owner: string): void {
  disarmEvents(run, owner);
  if (activity.kind === 'subProcess') {
    clearScope(run, owner);
    const instance = run.state.scopes.find((s) => s.key === owner);
    if (instance) endItemClock(run, instance, 'cancelled');
    run.state.scopes = run.state.scopes.filter((s) => s.key !== owner);
  } else if (activity.multiInstance) cancelMultiInstance(run, owner);
  else cancelTask(run, owner);
}
