import type { FlowNode } from '../definition/types';
import { IncidentError, RunError } from '../errors';
import { selectFlows } from '../flows/selectFlows';
import { nextKey, type Run, take } from './run';
import type { IncidentToken } from './tokens';

/**
 * Where a token can be stopped by an {@link IncidentError}: arriving at an element (its behaviour
 * evaluates conditions, timers, correlation keys, collections) or leaving one (the outgoing
 * conditions of an activity or an inclusive join). `occurrence` counts visits to the same place
 * in one step, so a loop that passes twice parks the right visit.
 */
export interface IncidentSite {
  phase: IncidentToken['phase'];
  elementId: string;
  scope: string;
  occurrence: number;
}

/** A site to park on the next attempt of a step, with the fault found there. */
export interface ParkedSite {
  site: IncidentSite;
  error: IncidentError;
}

/**
 * Thrown inside a step when a fault is met at a site that is not parked yet. It never leaves the
 * engine: the step starts again from its input with that site parked, so the fault leaves no
 * half-done change behind (the element's behaviour may have changed the state before it threw)
 * and the same events still give the same snapshot.
 */
export class ParkSignal {
  constructor(
    readonly site: IncidentSite,
    readonly error: IncidentError,
  ) {}
}

/**
 * Runs `action` for a token at a site, or parks the token there when an earlier attempt of this
 * step met a fault at the same site.
 */
export function atSite(
  run: Run,
  phase: IncidentToken['phase'],
  node: FlowNode,
  scope: string,
  token: { viaFlow: string | null; outcome: string | null },
  action: () => void,
): void {
  const place = `${phase}|${scope}|${node.id}`;
  const occurrence = (run.visits.get(place) ?? 0) + 1;
  run.visits.set(place, occurrence);
  if (run.parks.length > 0) {
    const parked = run.parks.find(
      (p) =>
        p.site.occurrence === occurrence &&
        p.site.elementId === node.id &&
        p.site.phase === phase &&
        p.site.scope === scope,
    );
    if (parked) {
      park(run, parked, token);
      return;
    }
  }
  try {
    action();
  } catch (error) {
    if (error instanceof IncidentError) {
      throw new ParkSignal({ phase, elementId: node.id, scope, occurrence }, error);
    }
    throw error;
  }
}

/** A token leaves `node` by the outgoing flows whose conditions hold; a fault there parks it. */
export function leave(run: Run, node: FlowNode, scope: string, outcome: string | null): void {
  atSite(run, 'leave', node, scope, { viaFlow: null, outcome }, () =>
    take(run, selectFlows(run, node, outcome), scope, outcome),
  );
}

/**
 * Parks a token as an incident. A retry that fails again at the same place keeps the incident's
 * key and counts one attempt more.
 */
function park(run: Run, parked: ParkedSite, token: { viaFlow: string | null; outcome: string | null }): void {
  const { site, error } = parked;
  const retried = run.retrying;
  let key: string;
  let attempts = 1;
  if (
    retried &&
    !run.retryParkedAgain &&
    retried.elementId === site.elementId &&
    retried.phase === site.phase &&
    retried.scope === site.scope
  ) {
    key = retried.key;
    attempts = retried.attempts + 1;
    run.retryParkedAgain = true;
  } else {
    key = nextKey(run, `incident:${site.elementId}`);
  }
  run.state.incidents.push({
    key,
    elementId: site.elementId,
    scope: site.scope,
    phase: site.phase,
    viaFlow: token.viaFlow,
    outcome: token.outcome,
    code: error.code,
    message: error.message,
    attempts,
  });
  run.effects.push({
    type: 'incident.raise',
    key,
    elementId: site.elementId,
    code: error.code,
    message: error.message,
    messages: error.messages,
    attempts,
    at: run.ctx.now,
  });
}

/**
 * Takes a parked token out of the incidents and runs its step again: it arrives at its element
 * once more, or leaves it by the flows whose conditions now hold.
 */
export function retryIncident(run: Run, key: string): void {
  const incident = run.state.incidents.find((i) => i.key === key);
  if (!incident) {
    throw new RunError(
      'incident_not_open',
      `The case has no open incident ${key}; it may be resolved already.`,
    );
  }
  run.state.incidents = run.state.incidents.filter((i) => i.key !== key);
  run.retrying = incident;
  const node = run.definition.nodes[incident.elementId];
  if (!node) {
    throw new RunError(
      'unknown_element',
      `Element ${incident.elementId} is not in ${run.definition.key} v${run.definition.version}; migrate the case to a version that has it.`,
    );
  }
  if (incident.phase === 'arrive') {
    run.queue.push({
      elementId: incident.elementId,
      viaFlow: incident.viaFlow,
      scope: incident.scope,
      outcome: incident.outcome,
    });
  } else {
    leave(run, node, incident.scope, incident.outcome);
  }
}
