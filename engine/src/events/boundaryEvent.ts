import type { FlowNode } from '../definition/types';
import { interruptActivity } from '../runtime/activities';
import { nodeOf, type Run, take } from '../runtime/run';
import { armEvent } from './armEvent';

/** Arms the timer and message boundary events of an activity instance that just started. */
export function armBoundaryEvents(run: Run, activity: FlowNode, owner: string, scope: string): void {
  for (const id of activity.boundaryEvents ?? []) armEvent(run, nodeOf(run, id), owner, scope);
}

/**
 * A boundary event triggered: an interrupting one cancels the activity instance first (its task
 * is closed with `task.cancel`); a non-interrupting one leaves it running. Either way a token
 * leaves through the event's outgoing flows.
 */
export function triggerBoundaryEvent(run: Run, event: FlowNode, owner: string, scope: string): void {
  const activity = nodeOf(run, event.attachedTo!);
  if (event.cancelActivity !== false) interruptActivity(run, activity, owner);
  // A non-interrupting message can arrive again while the activity runs.
  else if (event.eventDefinition?.type === 'message') armEvent(run, event, owner, scope);
  take(run, event.outgoing, scope, null);
}
