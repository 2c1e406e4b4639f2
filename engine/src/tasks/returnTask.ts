import { RunError } from '../errors';
import { interruptActivity } from '../runtime/activities';
import { nodeOf, type Run } from '../runtime/run';
import { ROOT_SCOPE } from '../runtime/tokens';

/**
 * 退回: the step waiting at `activationKey` goes back to `toElementId`, an earlier user task of
 * the same (sub-)process that leads to it. The waiting step closes with its boundary events, and
 * the earlier step opens again in the same scope instance; no time is given back (the clocks keep
 * running — only Art. 45 pauses stop them).
 */
export function returnTask(run: Run, activationKey: string, toElementId: string): void {
  const token = run.state.waiting.find((t) => t.activationKey === activationKey);
  if (!token || token.body) {
    throw new RunError(
      'not_waiting',
      `No single task ${activationKey} is waiting in this case; a countersign instance cannot be returned on its own.`,
      { task: activationKey },
    );
  }
  const node = nodeOf(run, token.elementId);
  const target = run.definition.nodes[toElementId];
  if (
    target?.kind !== 'userTask' ||
    target.multiInstance ||
    (target.parentId ?? null) !== (node.parentId ?? null) ||
    !leadsTo(run, target.id, node.id)
  ) {
    throw new RunError(
      'return_target_invalid',
      `${toElementId} is not an earlier user task of the same process that leads to ${node.id}; return to a step before it in the same item.`,
      { target: toElementId },
    );
  }
  interruptActivity(run, node, activationKey);
  run.queue.push({ elementId: target.id, viaFlow: null, scope: token.scope ?? ROOT_SCOPE, outcome: null });
}

/** Whether a path of sequence flows runs from `from` to `to` (`from` is upstream of `to`). */
function leadsTo(run: Run, from: string, to: string): boolean {
  const seen = new Set<string>();
  const pending = [from];
  while (pending.length > 0) {
    const id = pending.pop()!;
    for (const flowId of run.definition.nodes[id]?.outgoing ?? []) {
      const next = run.definition.flows[flowId]?.targetRef;
      if (!next || seen.has(next)) continue;
      if (next === to) return true;
      seen.add(next);
      pending.push(next);
    }
  }
  return false;
}
