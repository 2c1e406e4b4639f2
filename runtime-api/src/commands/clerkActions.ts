import type { Knex } from 'knex';
import { holdRefusal, releaseRefusal, returnDelegationRefusal, workRefusal } from '../access/allowedActions';
import { refuseIf } from '../access/refusals';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { ApiError, stateName } from '../http/errors';
import { applyCaseEvent } from './applyCaseEvent';
import { lockCase } from './caseLifecycle';
import { type LockedTask, lockTask, logTaskEvent } from './taskCommands';

/** 释放: the clerk who claimed a step puts it back in the department queue. */
export async function releaseTask(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  refuseIf(releaseRefusal(input.user, task));
  const now = await ctx.now(trx);
  await trx('tasks').where({ id: task.id }).update({ status: 'open', assignee_id: null, claimed_at: null });
  await logTaskEvent(trx, 'task.released', task, input.user.id, now);
}

/**
 * 转办: the step goes to another clerk of its department, who now holds it. The sender must hold
 * it (or it is still open); an admin may move anyone's.
 */
export async function transferTask(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string; toUserId: string; reason: string | null },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  refuseIf(holdRefusal(input.user, task));
  const target = await colleague(trx, task, input.toUserId);
  const now = await ctx.now(trx);
  await trx('tasks')
    .where({ id: task.id })
    .update({ status: 'claimed', assignee_id: target.id, claimed_at: now });
  await logTaskEvent(trx, 'task.transferred', task, input.user.id, now, {
    from: task.assignee_id,
    to: target.id,
    toName: target.display_name,
    reason: input.reason,
  });
}

/**
 * 委派: the holder asks a colleague to handle the step; the delegate works it and hands it back
 * ({@link returnDelegation}), and the delegator confirms by completing it.
 */
export async function delegateTask(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string; toUserId: string; note: string | null },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  refuseIf(holdRefusal(input.user, task));
  const target = await colleague(trx, task, input.toUserId);
  const now = await ctx.now(trx);
  await trx('tasks')
    .where({ id: task.id })
    .update({ status: 'claimed', assignee_id: target.id, delegated_by: input.user.id, claimed_at: now });
  await logTaskEvent(trx, 'task.delegated', task, input.user.id, now, {
    to: target.id,
    toName: target.display_name,
    note: input.note,
  });
}

/** 委派 handled: the delegate hands the step back to the delegator with their comment. */
export async function returnDelegation(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string; comment: string | null },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  refuseIf(returnDelegationRefusal(input.user, task));
  const now = await ctx.now(trx);
  await trx('tasks')
    .where({ id: task.id })
    .update({ assignee_id: task.delegated_by, delegated_by: null, claimed_at: now });
  await logTaskEvent(trx, 'task.delegationReturned', task, input.user.id, now, {
    to: task.delegated_by,
    comment: input.comment,
  });
}

/**
 * 退回: the step goes back to an earlier step of the same item that was done in this case; that
 * step opens again in its department's queue (time keeps running) and this one closes as returned.
 */
export async function returnStep(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string; toElementId: string; reason: string },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  refuseIf(workRefusal(input.user, task));
  if (task.kind !== 'step') throw new ApiError('return_target_invalid', { target: input.toElementId });
  const item = { item_code: task.item_code };
  const earlier = await trx('tasks')
    .where({ case_id: task.case_id, element_id: input.toElementId, status: 'completed', kind: 'step' })
    .andWhere('item_code', item.item_code)
    .first('id');
  if (!earlier || input.toElementId === task.element_id)
    throw new ApiError('return_target_invalid', { target: input.toElementId });
  const now = await ctx.now(trx);
  await applyCaseEvent(ctx, trx, {
    caseId: task.case_id,
    now,
    actorId: input.user.id,
    event: {
      type: 'task.return',
      activationKey: task.activation_key,
      toElementId: input.toElementId,
      actorId: input.user.id,
    },
  });
  await trx('tasks')
    .where({ id: task.id })
    .update({ outcome: 'returned', comment: input.reason, completed_by: input.user.id });
  await logTaskEvent(trx, 'task.returned', task, input.user.id, now, {
    to: input.toElementId,
    reason: input.reason,
  });
}

/**
 * 撤回: the clerk who completed a step takes it back while the next step of the same item has not
 * been acted on (still open, unclaimed). The next step closes and the recalled one reopens, held
 * by the recaller.
 */
export async function recallStep(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string; reason: string },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  if (task.status !== 'completed' || task.kind !== 'step') throw new ApiError('recall_not_allowed');
  // The locked row has what the recall checks (lockTask reads the whole task).
  const done = task;
  if (done.completed_by !== input.user.id) throw new ApiError('recall_not_allowed');
  const next: { id: string; activation_key: string; status: string }[] = await trx('tasks')
    .where({ case_id: task.case_id, item_code: done.item_code, kind: 'step' })
    .where('created_at', '>=', done.completed_at)
    .whereNot({ id: task.id })
    .select('id', 'activation_key', 'status');
  const open = next.filter((t) => t.status === 'open' || t.status === 'claimed');
  // Exactly the one next step, and nobody has taken it up yet.
  if (next.length !== 1 || open.length !== 1 || open[0]!.status !== 'open')
    throw new ApiError('recall_not_allowed');
  const now = await ctx.now(trx);
  const { effects } = await applyCaseEvent(ctx, trx, {
    caseId: task.case_id,
    now,
    actorId: input.user.id,
    event: {
      type: 'task.return',
      activationKey: open[0]!.activation_key,
      toElementId: task.element_id,
      actorId: input.user.id,
    },
  });
  await trx('tasks').where({ id: open[0]!.id }).update({ outcome: 'recalled', comment: input.reason });
  // The reopened step goes straight back to the clerk who recalled it.
  for (const effect of effects) {
    if (effect.type !== 'task.create' || effect.elementId !== task.element_id) continue;
    await trx('tasks')
      .where({ case_id: task.case_id, activation_key: effect.activationKey })
      .update({ status: 'claimed', assignee_id: input.user.id, claimed_at: now });
  }
  await logTaskEvent(trx, 'task.recalled', task, input.user.id, now, { reason: input.reason });
}

/** 撤回申请: the applicant withdraws their case before any item is decided, with a reason. */
export async function withdrawCase(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; reason: string },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['applicant']);
  const decided = await trx('item_decisions').where({ case_id: kase.id }).first('item_code');
  if (!['preReview', 'correction', 'inProgress'].includes(kase.status) || decided)
    throw new ApiError('case_not_withdrawable', { status: stateName(decided ? 'decided' : kase.status) });
  await applyCaseEvent(ctx, trx, {
    caseId: kase.id,
    actorId: input.user.id,
    event: { type: 'case.withdraw', actorId: input.user.id, reason: input.reason },
  });
}

/** Another clerk of the task's department, else `transfer_target_invalid`. */
async function colleague(trx: Knex.Transaction, task: LockedTask, userId: string) {
  const target = await trx('users')
    .where({ id: userId, role: 'clerk', department_id: task.department_id })
    .first('id', 'display_name');
  if (!target || target.id === task.assignee_id)
    throw new ApiError('transfer_target_invalid', { target: userId });
  return target as { id: string; display_name: string };
}
