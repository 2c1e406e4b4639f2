import { governingLimit } from '../runtime/deadlines';
import type { Run } from '../runtime/run';
import { ROOT_SCOPE, type ScopeInstance, type TokenState } from '../runtime/tokens';

/** Where a join keeps its arrivals: per scope instance, so two runs of a sub-process never mix. */
export function joinKey(scope: string, gatewayId: string): string {
  return scope === ROOT_SCOPE ? gatewayId : `${scope}/${gatewayId}`;
}

export function splitJoinKey(key: string): { scope: string; gatewayId: string } {
  const i = key.lastIndexOf('/');
  return i < 0
    ? { scope: ROOT_SCOPE, gatewayId: key }
    : { scope: key.slice(0, i), gatewayId: key.slice(i + 1) };
}

/** Whether any token is still inside `scope` (directly, or as a running child sub-process). */
export function hasTokens(state: TokenState, scope: string): boolean {
  if (state.waiting.some((t) => (t.scope ?? ROOT_SCOPE) === scope)) return true;
  if (state.catches.some((t) => t.scope === scope)) return true;
  if (state.bodies.some((b) => b.scope === scope)) return true;
  if (state.scopes.some((s) => s.scope === scope)) return true;
  if (state.incidents.some((i) => i.scope === scope)) return true;
  for (const key in state.joinArrivals) if (splitJoinKey(key).scope === scope) return true;
  return false;
}

/** The scope itself and every sub-process instance running inside it, however deep. */
export function scopesWithin(state: TokenState, scope: string): Set<string> {
  const inside = new Set([scope]);
  // Scopes are appended when they start, so a child always comes after its parent.
  for (const s of state.scopes) if (inside.has(s.scope)) inside.add(s.key);
  return inside;
}

/**
 * Removes every token inside `scope` and its child scopes (not the scope instance itself):
 * open tasks are cancelled, timers and message subscriptions removed, tokens still moving
 * dropped. Used by terminate end events and by interrupting boundary events on sub-processes.
 */
export function clearScope(run: Run, scope: string): void {
  const state = run.state;
  const inside = scopesWithin(state, scope);
  const within = (s: string | undefined) => inside.has(s ?? ROOT_SCOPE);
  for (const token of state.waiting) {
    if (within(token.scope)) run.effects.push({ type: 'task.cancel', activationKey: token.activationKey });
  }
  for (const timer of state.timers)
    if (within(timer.scope)) run.effects.push({ type: 'timer.cancel', key: timer.key });
  for (const sub of state.subscriptions) {
    if (within(sub.scope)) run.effects.push({ type: 'message.unsubscribe', key: sub.key });
  }
  for (const incident of state.incidents) {
    if (within(incident.scope))
      run.effects.push({
        type: 'incident.resolve',
        key: incident.key,
        resolution: 'cancelled',
        at: run.ctx.now,
      });
  }
  state.incidents = state.incidents.filter((i) => !within(i.scope));
  state.waiting = state.waiting.filter((t) => !within(t.scope));
  state.timers = state.timers.filter((t) => !within(t.scope));
  state.subscriptions = state.subscriptions.filter((s) => !within(s.scope));
  state.catches = state.catches.filter((c) => !within(c.scope));
  state.bodies = state.bodies.filter((b) => !within(b.scope));
  for (const removed of state.scopes)
    if (removed.key !== scope && within(removed.scope)) endItemClock(run, removed, 'cancelled');
  state.scopes = state.scopes.filter((s) => s.key === scope || !within(s.scope));
  for (const key of Object.keys(state.joinArrivals)) {
    if (within(splitJoinKey(key).scope)) delete state.joinArrivals[key];
  }
  run.queue = run.queue.filter((a) => !within(a.scope));
}

/** Ends the item clock of a sub-process instance, if it is an item. */
export function endItemClock(run: Run, instance: ScopeInstance, outcome: 'completed' | 'cancelled'): void {
  const node = run.definition.nodes[instance.elementId];
  if (node?.itemCode && governingLimit(node.limits))
    run.effects.push({ type: 'item.end', scopeKey: instance.key, outcome });
}
