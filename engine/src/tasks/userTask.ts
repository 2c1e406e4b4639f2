import type { FlowNode } from '../definition/types';
import { RunError } from '../errors';
import { armBoundaryEvents } from '../events/boundaryEvent';
import { catchError } from '../events/catchError';
import { completeActivity } from '../runtime/activities';
import { deadlineFor, governingLimit } from '../runtime/deadlines';
import { type Arrival, nextKey, nodeOf, type Run } from '../runtime/run';
import { type Participant, ROOT_SCOPE } from '../runtime/tokens';
import { completeInstance, startMultiInstance } from './multiInstance';

/** A user task: opens a task in a department queue and waits for `task.complete`. */
export function userTask(run: Run, node: FlowNode, arrival: Arrival): void {
  if (node.multiInstance) {
    startMultiInstance(run, node, arrival.scope);
    return;
  }
  const activationKey = openTask(run, node, arrival.scope, null, null);
  if (node.boundaryEvents) armBoundaryEvents(run, node, activationKey, arrival.scope);
}

/** Opens one task (a `task.create` effect) and puts a waiting token on it. */
export function openTask(
  run: Run,
  node: FlowNode,
  scope: string,
  participant: Participant | null,
  body: string | null,
): string {
  const activationKey = nextKey(run, node.id);
  run.state.waiting.push(
    body ? { elementId: node.id, activationKey, scope, body } : { elementId: node.id, activationKey, scope },
  );
  const departmentId = participant?.departmentId ?? node.departmentId;
  if (!departmentId) {
    throw new RunError(
      'no_department',
      `Task ${node.id} has no department for ${participant?.assignee ?? 'this participant'}; set yj:department or give departments in the countersign list.`,
    );
  }
  const limit = governingLimit(node.limits);
  const due = limit ? deadlineFor(limit, run.ctx) : null;
  run.effects.push({
    type: 'task.create',
    activationKey,
    elementId: node.id,
    name: node.name,
    departmentId,
    itemCode: node.itemCode,
    formKey: node.formKey,
    dueAt: due?.dueAt ?? null,
    dueDate: due?.dueDate ?? null,
    dueProvisional: due?.provisional ?? false,
    ...(participant?.assignee ? { assignee: participant.assignee } : {}),
  });
  return activationKey;
}

/** Closes a task the process no longer waits for; a task already gone is left alone. */
export function cancelTask(run: Run, activationKey: string): void {
  const before = run.state.waiting.length;
  run.state.waiting = run.state.waiting.filter((t) => t.activationKey !== activationKey);
  if (run.state.waiting.length !== before) run.effects.push({ type: 'task.cancel', activationKey });
}

/**
 * 办理完成: a clerk completed a task. With `errorCode` the task ends in a business error
 * (BpmnError, e.g. 不予许可) that an error boundary event catches.
 */
export function completeTask(
  run: Run,
  activationKey: string,
  outcome: string,
  errorCode: string | null,
): void {
  const token = run.state.waiting.find((t) => t.activationKey === activationKey);
  if (!token) {
    throw new RunError(
      'not_waiting',
      `No task ${activationKey} is waiting in this case; it may be completed already.`,
      { task: activationKey },
    );
  }
  run.state.waiting = run.state.waiting.filter((t) => t !== token);
  const node = nodeOf(run, token.elementId);
  const scope = token.scope ?? ROOT_SCOPE;
  if (errorCode !== null) catchError(run, node, token.body ?? activationKey, scope, errorCode);
  else if (token.body) completeInstance(run, node, token.body, activationKey, outcome);
  else completeActivity(run, node, activationKey, scope, outcome);
}
