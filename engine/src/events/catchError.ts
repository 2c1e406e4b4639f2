import type { FlowNode } from '../definition/types';
import { RunError } from '../errors';
import { interruptActivity } from '../runtime/activities';
import { nodeOf, type Run, take } from '../runtime/run';
import { ROOT_SCOPE } from '../runtime/tokens';

/**
 * BpmnError semantics: a business error thrown by an activity instance (a task completed with
 * `error.errorCode`) is caught by the nearest error boundary event — on the activity itself,
 * else on the sub-processes around it, innermost first. A boundary with the same errorCode wins
 * over one that catches every error. The caught activity is interrupted.
 */
export function catchError(
  run: Run,
  activity: FlowNode,
  owner: string,
  scope: string,
  errorCode: string,
  thrownBy = activity.id,
): void {
  let current = activity;
  let currentOwner = owner;
  let where = scope;
  for (;;) {
    const boundary = errorBoundaryFor(run, current, errorCode);
    if (boundary) {
      interruptActivity(run, current, currentOwner);
      take(run, boundary.outgoing, where, null);
      return;
    }
    if (where === ROOT_SCOPE) {
      throw new RunError(
        'uncaught_error',
        `No error boundary event catches errorCode "${errorCode}" thrown by ${thrownBy}; attach one to ${thrownBy} or an enclosing sub-process, or complete without an error.`,
      );
    }
    const instance = run.state.scopes.find((s) => s.key === where);
    if (!instance) throw new RunError('unknown_scope', `Scope ${where} is not running in this case.`);
    current = nodeOf(run, instance.elementId);
    currentOwner = instance.key;
    where = instance.scope;
  }
}

/** An error end event inside sub-process instance `scope`: the sub-process throws. */
export function throwError(run: Run, scope: string, errorCode: string, thrownBy: string): void {
  const instance = run.state.scopes.find((s) => s.key === scope);
  if (!instance) {
    throw new RunError(
      'uncaught_error',
      `Error "${errorCode}" thrown by ${thrownBy} at process level has nothing to catch it.`,
    );
  }
  catchError(run, nodeOf(run, instance.elementId), instance.key, instance.scope, errorCode, thrownBy);
}

function errorBoundaryFor(run: Run, activity: FlowNode, errorCode: string): FlowNode | undefined {
  const candidates = (activity.boundaryEvents ?? [])
    .map((id) => nodeOf(run, id))
    .filter((b) => b.eventDefinition?.type === 'error');
  const code = (b: FlowNode) => (b.eventDefinition as { errorCode: string | null }).errorCode;
  return candidates.find((b) => code(b) === errorCode) ?? candidates.find((b) => code(b) === null);
}
