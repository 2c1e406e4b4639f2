import type { Knex } from 'knex';
import type { AppContext } from '../context';
import { deadlineJobPrefix } from '../deadlines/deadlineJobs';
import { isDecisionStep } from '../decisions/decideItem';
import type { AuthUser } from '../http/auth';
import { ApiError, notFound, stateName } from '../http/errors';
import { cancelJobs } from '../jobs/jobQueries';
import { issueResultLicence } from '../materials/issueResultLicence';
import { applyCaseEvent } from './applyCaseEvent';
import { appendCaseEvent, type CaseEventType } from './caseEvents';
import { countersignGate, signCountersign } from './countersign';

export interface LockedTask {
  id: string;
  kind: 'step' | 'intake';
  case_id: string;
  activation_key: string;
  element_id: string;
  department_id: string;
  status: string;
  assignee_id: string | null;
  /** 委派: the delegator the step returns to; null when not delegated. */
  delegated_by: string | null;
  /** 加签: the step this countersignature belongs to; null for an ordinary step. */
  countersign_of: string | null;
  countersign_position: 'before' | 'after' | null;
  name_zh: string;
  name_en: string;
}

/**
 * Locks the case row, then the task, in that order in every command, so commands on one case
 * queue up instead of deadlocking. A clerk never learns that another department's task exists.
 */
export async function lockTask(trx: Knex.Transaction, user: AuthUser, taskId: string): Promise<LockedTask> {
  const found = await trx('tasks').where({ id: taskId }).first('case_id', 'department_id');
  if (!found || !mayWorkOn(user, found.department_id)) throw notFound('task', taskId);
  await trx('cases').where({ id: found.case_id }).forUpdate().first('id');
  const task = await trx('tasks').where({ id: taskId }).forUpdate().first<LockedTask>();
  if (!task) throw notFound('task', taskId);
  return task;
}

function mayWorkOn(user: AuthUser, departmentId: string): boolean {
  return user.role === 'admin' || (user.role === 'clerk' && user.departmentId === departmentId);
}

/** 认领: a clerk takes an open task of their department's queue. */
export async function claimTask(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  if (task.status === 'claimed' && task.assignee_id === input.user.id) return;
  if (task.status !== 'open')
    throw task.assignee_id
      ? new ApiError('task_claimed_by_other')
      : new ApiError('task_not_open', { status: stateName(task.status) });
  const now = await ctx.now(trx);
  await trx('tasks')
    .where({ id: task.id })
    .update({ status: 'claimed', assignee_id: input.user.id, claimed_at: now });
  await logTaskEvent(trx, 'task.claimed', task, input.user.id, now);
}

/**
 * 办结 a step: records the outcome, moves the case's process on and opens whatever comes next,
 * all in one transaction with an optimistic check on the case version.
 */
export async function completeTask(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string; outcome: string; comment: string | null },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  if (task.kind === 'intake') throw new ApiError('intake_task_needs_decision');
  if (task.status === 'completed' || task.status === 'cancelled')
    throw new ApiError('task_not_open', { status: stateName(task.status) });
  if (task.status === 'claimed' && task.assignee_id !== input.user.id)
    throw new ApiError('task_claimed_by_other');
  // 委派: the delegate hands the step back (POST …/delegation/return); the delegator completes it.
  if (task.delegated_by) throw new ApiError('delegation_pending');
  // 加签: a countersigner signs their own task; the step they sign may wait for them.
  if (task.countersign_of)
    return signCountersign(ctx, trx, task, { user: input.user, comment: input.comment });
  // 准予/不予许可: an item's decision step (by its model) concludes only with a decision.
  const kase = await trx('cases').where({ id: task.case_id }).first('definition_key', 'definition_version');
  const definition = await ctx.definitions.get(kase.definition_key, kase.definition_version, trx);
  if (isDecisionStep(definition, task.element_id)) throw new ApiError('decision_step_needs_decision');
  const waitsForCountersigner = await countersignGate(trx, task);

  const now = await ctx.now(trx);
  if (task.status === 'open') {
    // Completing an open task claims it implicitly; the log still shows who took it.
    await logTaskEvent(trx, 'task.claimed', task, input.user.id, now);
  }
  await trx('tasks')
    .where({ id: task.id })
    .update({
      status: 'completed',
      assignee_id: input.user.id,
      claimed_at: trx.raw('coalesce(claimed_at, ?)', [now]),
      completed_at: now,
      completed_by: input.user.id,
      outcome: input.outcome,
      comment: input.comment,
    });
  await logTaskEvent(trx, 'task.completed', task, input.user.id, now, {
    outcome: input.outcome,
    comment: input.comment,
  });
  // The step is done: its reminders and escalations are moot.
  await cancelJobs(trx, deadlineJobPrefix({ kind: 'task', taskId: task.id, caseId: task.case_id }));
  // 后加签: the case moves on when the countersigner has signed (countersign.ts).
  if (waitsForCountersigner) return;
  await applyCaseEvent(ctx, trx, {
    caseId: task.case_id,
    now,
    actorId: input.user.id,
    event: {
      type: 'task.complete',
      activationKey: task.activation_key,
      actorId: input.user.id,
      outcome: input.outcome,
    },
  });
  // 电子证照: an item that concluded with a licence issues it and attaches it to the case's materials.
  await issueResultLicence(trx, { taskId: task.id, outcome: input.outcome, at: now });
}

export function logTaskEvent(
  trx: Knex.Transaction,
  type: CaseEventType,
  task: LockedTask,
  actorId: string,
  at: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  return appendCaseEvent(trx, task.case_id, {
    type,
    at,
    actorId,
    elementId: task.element_id,
    activationKey: task.activation_key,
    payload: { name: { zh: task.name_zh, en: task.name_en }, departmentId: task.department_id, ...extra },
  });
}
