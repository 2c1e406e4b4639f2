import type { FlowNode } from '../definition/types';
import { timerDue } from '../eventDefinitions/timerDue';
import { evaluateCorrelation } from '../feel/evaluateFeel';
import { feelContext, nextKey, type Run } from '../runtime/run';

/**
 * Starts waiting for a timer or message event: records it in the state and tells the host
 * (`timer.schedule` with an absolute dueAt, `message.subscribe`). The key is deterministic, so a
 * retried command schedules the same timer again, idempotently.
 */
export function armEvent(run: Run, event: FlowNode, owner: string, scope: string, key?: string): void {
  const definition = event.eventDefinition;
  if (definition?.type === 'timer') {
    const timerKey = key ?? nextKey(run, event.id);
    const dueAt = timerDue(definition.timer, run.ctx.now, feelContext(run, null), event.id);
    run.state.timers.push({ key: timerKey, dueAt, elementId: event.id, owner, scope });
    run.effects.push({ type: 'timer.schedule', key: timerKey, dueAt, elementId: event.id });
  } else if (definition?.type === 'message') {
    const subscriptionKey = key ?? nextKey(run, event.id);
    const correlation = definition.correlation
      ? evaluateCorrelation(definition.correlation, feelContext(run, null), event.id)
      : null;
    run.state.subscriptions.push({
      key: subscriptionKey,
      name: definition.messageName,
      correlation,
      elementId: event.id,
      owner,
      scope,
    });
    run.effects.push({
      type: 'message.subscribe',
      key: subscriptionKey,
      name: definition.messageName,
      correlation,
      elementId: event.id,
    });
  }
}

/** Stops every timer and message subscription that belongs to `owner` (it completed or was cancelled). */
export function disarmEvents(run: Run, owner: string): void {
  const state = run.state;
  if (state.timers.length > 0 && state.timers.some((t) => t.owner === owner)) {
    for (const timer of state.timers)
      if (timer.owner === owner) run.effects.push({ type: 'timer.cancel', key: timer.key });
    state.timers = state.timers.filter((t) => t.owner !== owner);
  }
  if (state.subscriptions.length > 0 && state.subscriptions.some((s) => s.owner === owner)) {
    for (const sub of state.subscriptions) {
      if (sub.owner === owner) run.effects.push({ type: 'message.unsubscribe', key: sub.key });
    }
    state.subscriptions = state.subscriptions.filter((s) => s.owner !== owner);
  }
}
