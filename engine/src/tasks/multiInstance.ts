import type { FlowNode, MultiInstance } from '../definition/types';
import { IncidentError } from '../errors';
import { armBoundaryEvents } from '../events/boundaryEvent';
import { evaluateFeel } from '../feel/evaluateFeel';
import { completeActivity } from '../runtime/activities';
import { incidentMessages } from '../runtime/incidentMessages';
import { feelContext, nextKey, type Run } from '../runtime/run';
import type { MultiInstanceBody, Participant } from '../runtime/tokens';
import { cancelTask, openTask } from './userTask';

/** The outcome of a countersign that did not pass. */
export const REJECTED = 'rejected';

/**
 * Starts a multi-instance user task: one task per participant, all at once (会签 all, 或签 any,
 * 投票 vote) or one after another (依次 sequential).
 */
export function startMultiInstance(run: Run, node: FlowNode, scope: string): void {
  const rule = node.multiInstance!;
  const participants = participantsOf(run, node, rule);
  const body: MultiInstanceBody = {
    key: nextKey(run, `mi:${node.id}`),
    elementId: node.id,
    scope,
    participants,
    next: 0,
    open: [],
    approvals: 0,
    rejections: 0,
  };
  run.state.bodies.push(body);
  if (node.boundaryEvents) armBoundaryEvents(run, node, body.key, scope);
  const count = rule.rule === 'sequential' ? 1 : participants.length;
  for (let i = 0; i < count; i++) startInstance(run, node, body);
}

/**
 * One participant decided. The countersign completes as soon as its rule is settled — 会签 and
 * 依次 on the first rejection or the last approval, 或签 on the first decision, 投票 once the
 * approvals exceed the threshold or can no longer — and the instances still open are cancelled.
 * The token leaves with the outcome `approveOutcome` or `rejected` (或签: the deciding outcome).
 */
export function completeInstance(
  run: Run,
  node: FlowNode,
  bodyKey: string,
  activationKey: string,
  outcome: string,
): void {
  const rule = node.multiInstance!;
  const body = run.state.bodies.find((b) => b.key === bodyKey)!;
  body.open = body.open.filter((k) => k !== activationKey);
  const approved = outcome === rule.approveOutcome;
  if (approved) body.approvals += 1;
  else body.rejections += 1;
  const total = body.participants.length;
  const decided = body.approvals + body.rejections;
  let result: string | null = null;
  switch (rule.rule) {
    case 'any':
      result = outcome;
      break;
    case 'all':
      result = !approved ? REJECTED : decided === total ? rule.approveOutcome : null;
      break;
    case 'sequential':
      if (!approved) result = REJECTED;
      else if (body.next < total) startInstance(run, node, body);
      else result = rule.approveOutcome;
      break;
    case 'vote':
      if (body.approvals / total > rule.threshold) result = rule.approveOutcome;
      else if ((body.approvals + total - decided) / total <= rule.threshold) result = REJECTED;
      break;
  }
  if (result === null) return;
  cancelMultiInstance(run, body.key);
  completeActivity(run, node, body.key, body.scope, result);
}

/** Ends a countersign early: its open tasks are cancelled. */
export function cancelMultiInstance(run: Run, bodyKey: string): void {
  const body = run.state.bodies.find((b) => b.key === bodyKey);
  if (!body) return;
  run.state.bodies = run.state.bodies.filter((b) => b !== body);
  for (const activationKey of body.open) cancelTask(run, activationKey);
}

function startInstance(run: Run, node: FlowNode, body: MultiInstanceBody): void {
  const participant = body.participants[body.next]!;
  body.next += 1;
  body.open.push(openTask(run, node, body.scope, participant, body.key));
}

/**
 * The participants: `yj:assignees` or the FEEL `yj:collection`. An item is a department id, or
 * `department:user`; when the task has yj:department, a plain item is a user in that department.
 * A FEEL item may also be a context `{ department, assignee }`.
 */
function participantsOf(run: Run, node: FlowNode, rule: MultiInstance): Participant[] {
  const items = rule.assignees ?? evaluateFeel(rule.collection!, feelContext(run, null), node.id);
  if (!Array.isArray(items) || items.length === 0) {
    throw new IncidentError(
      'collection_invalid',
      incidentMessages.collection_empty({ elementId: node.id, value: items }),
      node.id,
    );
  }
  return items.map((item): Participant => {
    if (typeof item === 'string') {
      const [first, second] = item.split(':', 2) as [string, string | undefined];
      if (second !== undefined) return { departmentId: first, assignee: second };
      return node.departmentId
        ? { departmentId: node.departmentId, assignee: first }
        : { departmentId: first, assignee: null };
    }
    if (item && typeof item === 'object') {
      const { department, assignee } = item as { department?: unknown; assignee?: unknown };
      return {
        departmentId: typeof department === 'string' ? department : node.departmentId,
        assignee: typeof assignee === 'string' ? assignee : null,
      };
    }
    throw new IncidentError(
      'collection_invalid',
      incidentMessages.collection_item_invalid({ elementId: node.id, item }),
      node.id,
    );
  });
}
