import type { ProcessDefinition } from './definition/types';
import { DefinitionError, type DefinitionIssue } from './errors';
import { splitJoinKey } from './process/scopes';
import { cloneTokenState, type TokenState } from './runtime/tokens';
import type { CaseSnapshot } from './transition';

/**
 * Moves a running case to another version of its process (版本迁移). Element ids are the map:
 * every element that holds a token, a timer or a subscription must exist in the target version
 * with the same kind (a join must still have the flows its tokens arrived on, a boundary event the
 * same activity). Otherwise nothing moves and a {@link DefinitionError} names each element.
 * Pure: open tasks, timers and subscriptions keep their keys, so there are no effects to run.
 */
export function migrateSnapshot(
  from: ProcessDefinition,
  to: ProcessDefinition,
  snapshot: CaseSnapshot,
): CaseSnapshot {
  if (snapshot.definitionKey !== from.key || snapshot.definitionVersion !== from.version) {
    throw new DefinitionError('The snapshot is not of the version to migrate from.', [
      {
        elementId: null,
        message: `The case runs ${snapshot.definitionKey} v${snapshot.definitionVersion}; pass that definition as \`from\`.`,
      },
    ]);
  }
  if (to.key !== from.key) {
    throw new DefinitionError('A case can only move to another version of its own process.', [
      { elementId: null, message: `Migrate ${from.key} to a version of ${from.key}, not ${to.key}.` },
    ]);
  }
  const machine = snapshot.machine as { context: { tokens: Partial<TokenState> } };
  const issues = incompatibilities(from, to, cloneTokenState(machine.context.tokens));
  if (issues.length > 0) {
    throw new DefinitionError(
      `This case cannot move from ${from.key} v${from.version} to v${to.version} (${issues.length} problems).`,
      issues,
    );
  }
  return { ...snapshot, definitionVersion: to.version };
}

function incompatibilities(
  from: ProcessDefinition,
  to: ProcessDefinition,
  tokens: TokenState,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const seen = new Set<string>();
  const need = (elementId: string, why: string) => {
    if (seen.has(elementId)) return;
    seen.add(elementId);
    const before = from.nodes[elementId];
    const after = to.nodes[elementId];
    const fix = `finish it first, or keep the case on v${from.version}`;
    if (!after)
      issues.push({ elementId, message: `${why} here, but v${to.version} has no ${elementId}; ${fix}.` });
    else if (after.kind !== before?.kind) {
      issues.push({
        elementId,
        message: `${why} here, but in v${to.version} ${elementId} is a ${after.kind}; ${fix}.`,
      });
    } else if (after.attachedTo !== before.attachedTo) {
      issues.push({
        elementId,
        message: `${why} here, but in v${to.version} it is attached elsewhere; ${fix}.`,
      });
    } else if ((after.parentId ?? null) !== (before.parentId ?? null)) {
      issues.push({
        elementId,
        message: `${why} here, but in v${to.version} it sits in another sub-process; ${fix}.`,
      });
    } else if (JSON.stringify(after.multiInstance ?? null) !== JSON.stringify(before.multiInstance ?? null)) {
      issues.push({
        elementId,
        message: `${why} here, but v${to.version} counts its countersign differently; ${fix}.`,
      });
    }
  };
  for (const t of tokens.waiting) need(t.elementId, 'A task is open');
  for (const c of tokens.catches) need(c.elementId, 'A token waits');
  for (const s of tokens.scopes) need(s.elementId, 'A sub-process runs');
  for (const b of tokens.bodies) need(b.elementId, 'A countersign runs');
  for (const t of tokens.timers) need(t.elementId, 'A timer is set');
  for (const s of tokens.subscriptions) need(s.elementId, 'A message is awaited');
  for (const i of tokens.incidents) {
    need(i.elementId, 'An incident holds a token');
    if (i.viaFlow && !to.nodes[i.elementId]?.incoming.includes(i.viaFlow) && to.nodes[i.elementId]) {
      issues.push({
        elementId: i.elementId,
        message: `The token of incident ${i.key} came by ${i.viaFlow}, which v${to.version} no longer leads into ${i.elementId}; keep the flow's id.`,
      });
    }
  }
  for (const [key, flows] of Object.entries(tokens.joinArrivals)) {
    const { gatewayId } = splitJoinKey(key);
    need(gatewayId, 'Tokens wait at this join');
    const gone = flows.filter((flowId) => !to.nodes[gatewayId]?.incoming.includes(flowId));
    if (gone.length > 0 && to.nodes[gatewayId]) {
      issues.push({
        elementId: gatewayId,
        message: `Tokens wait here on ${gone.join(', ')}, which v${to.version} no longer leads into it; finish the join first.`,
      });
    }
  }
  return issues;
}
