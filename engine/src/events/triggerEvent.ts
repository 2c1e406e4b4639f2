import { nodeOf, type Run, take } from '../runtime/run';
import type { MessageSubscription, TimerRecord } from '../runtime/tokens';
import { disarmEvents } from './armEvent';
import { triggerBoundaryEvent } from './boundaryEvent';

/**
 * The host says a timer is due. Returns false (and changes nothing) for a key the case does not
 * hold — cancelled, already fired or unknown — so a duplicate delivery is harmless.
 */
export function fireTimer(run: Run, key: string): boolean {
  const timer = run.state.timers.find((t) => t.key === key);
  if (!timer) return false;
  run.state.timers = run.state.timers.filter((t) => t !== timer);
  trigger(run, timer);
  return true;
}

/**
 * A message for the case: delivered to the oldest subscription with that name whose correlation
 * (when it has one) equals the message's. Returns false when nothing waits for it.
 */
export function receiveMessage(run: Run, name: string, correlation: string | null | undefined): boolean {
  const subscription = findSubscription(run.state.subscriptions, name, correlation);
  if (!subscription) return false;
  run.state.subscriptions = run.state.subscriptions.filter((s) => s !== subscription);
  // The host cannot tell which subscription took the message, so it is told.
  run.effects.push({ type: 'message.unsubscribe', key: subscription.key });
  trigger(run, subscription);
  return true;
}

export function findSubscription(
  subscriptions: readonly MessageSubscription[],
  name: string,
  correlation: string | null | undefined,
): MessageSubscription | undefined {
  return subscriptions.find(
    (s) => s.name === name && (s.correlation === null || s.correlation === correlation),
  );
}

function trigger(run: Run, record: TimerRecord | MessageSubscription): void {
  const event = nodeOf(run, record.elementId);
  if (event.kind === 'boundaryEvent') {
    triggerBoundaryEvent(run, event, record.owner, record.scope);
    return;
  }
  // A catch event, alone or racing others behind an event-based gateway: the owner is the token.
  run.state.catches = run.state.catches.filter((c) => c.key !== record.owner);
  disarmEvents(run, record.owner);
  take(run, event.outgoing, record.scope, null);
}
