import type { Knex } from 'knex';
import { workRefusal } from '../access/allowedActions';
import { refuseIf } from '../access/refusals';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { ApiError } from '../http/errors';
import { issueResultLicence } from '../materials/issueResultLicence';
import { closeTask } from '../sql/taskWrites';
import { applyCaseEvent } from './applyCaseEvent';
import { type LockedTask, lockTask, logTaskEvent, type TaskAnswer, taskAnswer } from './taskCommands';

/** Where a countersigner signs: before the holder may complete the step, or after the holder did. */
export type CountersignPosition = 'before' | 'after';

interface CountersignRow {
  id: string;
  status: string;
  countersign_position: CountersignPosition;
}

/** The open countersignature on a step, if any (one at a time). */
export function openCountersign(trx: Knex.Transaction, taskId: string): Promise<CountersignRow | undefined> {
  return trx('tasks')
    .where({ countersign_of: taskId })
    .whereIn('status', ['open', 'claimed'])
    .first('id', 'status', 'countersign_position');
}

/**
 * 加签: the holder of a step adds a countersigner (any other clerk, of any department). `before`:
 * the step cannot be completed until they sign; `after`: the holder completes first, and the case
 * moves on only when the countersigner has signed. The countersigner gets a task of their own in
 * their department's queue, held by them.
 */
export async function addCountersign(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: {
    user: AuthUser;
    taskId: string;
    toUserId: string;
    position: CountersignPosition;
    note: string | null;
  },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  if (task.kind !== 'step' || task.countersign_of)
    throw new ApiError('countersign_target_invalid', { target: input.toUserId });
  refuseIf(workRefusal(input.user, task, 'task_not_yours'));
  if (task.delegated_by) throw new ApiError('delegation_pending');
  const target = await trx('users')
    .where({ id: input.toUserId, role: 'clerk' })
    .whereNot({ id: input.user.id })
    .first('id', 'display_name', 'department_id');
  if (!target || (await openCountersign(trx, task.id)))
    throw new ApiError('countersign_target_invalid', { target: input.toUserId });
  const now = await ctx.now(trx);
  const n =
    Number((await trx('tasks').where({ countersign_of: task.id }).count({ n: '*' }).first())?.n ?? 0) + 1;
  await trx('tasks').insert({
    case_id: task.case_id,
    kind: 'step',
    activation_key: `${task.activation_key}+countersign#${n}`,
    element_id: task.element_id,
    name_zh: `加签 · ${task.name_zh}`,
    name_en: `Countersign · ${task.name_en}`,
    department_id: target.department_id,
    item_code: (await trx('tasks').where({ id: task.id }).first('item_code')).item_code,
    status: 'claimed',
    assignee_id: target.id,
    claimed_at: now,
    created_at: now,
    countersign_of: task.id,
    countersign_position: input.position,
  });
  await logTaskEvent(trx, 'task.countersignAdded', task, input.user.id, now, {
    to: target.id,
    toName: target.display_name,
    position: input.position,
    note: input.note,
  });
}

/**
 * Completing a step that has a countersignature open: `before` refuses; `after` lets the holder's
 * completion stand but keeps the case where it is until the countersigner signs. Returns whether
 * the engine event waits for the countersigner.
 */
export function countersignGate(task: LockedTask): boolean {
  if (!task.open_countersign) return false;
  if (task.open_countersign === 'before')
    throw new ApiError('countersign_pending', {
      reason: { 'zh-CN': '请等待加签人会签后再办结', en: 'wait for the countersigner before completing' },
    });
  return true;
}

/**
 * The countersigner signs. After a `before` countersignature the holder may complete the step;
 * after an `after` one whose holder has completed, the case moves on with the holder's outcome.
 */
export async function signCountersign(
  ctx: AppContext,
  trx: Knex.Transaction,
  task: LockedTask,
  input: { user: AuthUser; comment: string | null },
): Promise<TaskAnswer> {
  if (task.status !== 'claimed' || task.assignee_id !== input.user.id) throw new ApiError('task_not_yours');
  const original = await trx('tasks')
    .where({ id: task.countersign_of! })
    .first('id', 'status', 'activation_key', 'outcome', 'case_id', 'completed_by');
  if (task.countersign_position === 'after' && original.status !== 'completed')
    throw new ApiError('countersign_pending', {
      reason: {
        'zh-CN': '后加签须在原经办人办结之后',
        en: 'an after-countersignature follows the holder’s completion',
      },
    });
  const now = await ctx.now(trx);
  const [closed] = await closeTask(
    trx,
    { id: task.id },
    {
      status: 'completed',
      at: now,
      by: input.user.id,
      keepHolder: true,
      outcome: 'countersigned',
      comment: input.comment,
    },
  );
  await logTaskEvent(trx, 'task.countersigned', task, input.user.id, now, { comment: input.comment });
  if (task.countersign_position === 'after') {
    await applyCaseEvent(ctx, trx, {
      caseId: task.case_id,
      now,
      actorId: original.completed_by,
      event: {
        type: 'task.complete',
        activationKey: original.activation_key,
        actorId: original.completed_by,
        outcome: original.outcome,
      },
    });
    await issueResultLicence(trx, { taskId: original.id, outcome: original.outcome, at: now });
  }
  return taskAnswer(task, closed, input.user.displayName);
}
