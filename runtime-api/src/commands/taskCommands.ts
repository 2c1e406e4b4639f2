import { PREPARED, type TaskRow } from '@yijian/db';
import type { Knex } from 'knex';
import { claimRefusal, mayWorkOn, workRefusal } from '../access/allowedActions';
import { refuseIf } from '../access/refusals';
import type { AppContext } from '../context';
import { isDecisionStep } from '../decisions/decideItem';
import type { AuthUser } from '../http/auth';
import { ApiError, notFound } from '../http/errors';
import { issueResultLicence } from '../materials/issueResultLicence';
import { type ClosedTask, closeTask, completeTaskWithCase } from '../sql/taskWrites';
import {
  caseSnapshotWrite,
  LOCKED_CASE_COLUMNS,
  type LockedCase,
  lockedCaseOf,
  planCaseEvent,
  runCaseEffects,
} from './applyCaseEvent';
import { appendCaseEvent, type CaseEventType } from './caseEvents';
import { countersignGate, signCountersign } from './countersign';

/** The task row as locked (typed by db's TaskRow), with what the command needs of its case. */
export interface LockedTask extends TaskRow {
  /** 加签: the position of an open countersignature on this step, if one is open. */
  open_countersign: 'before' | 'after' | null;
  /** The case row as locked with the task: what the engine event needs, read once. */
  case: LockedCase;
  case_number: string;
  bundle_name_zh: string;
  bundle_name_en: string;
}

/** A task as a command left it, with what presentTask shows of its case and holder. */
export type TaskAnswer = Record<string, unknown>;

/** The answer of a task command from the row it wrote and the task it locked. */
export function taskAnswer(task: LockedTask, closed: ClosedTask | undefined, holderName: string): TaskAnswer {
  const { case: _case, open_countersign: _open, ...locked } = task;
  return { ...locked, ...closed, assignee_name: holderName, calendar_region: task.case.calendar_region };
}

/**
 * Locks the case row and the task in one statement — the case first (it comes first in FROM,
 * and PostgreSQL locks the rows of a join in that order), as every command does, so commands on
 * one case queue up instead of deadlocking — and reads what the command needs of both, with the
 * transaction's time (issue 16: one statement instead of four). A clerk never learns that
 * another department's task exists.
 */
export async function lockTask(trx: Knex.Transaction, user: AuthUser, taskId: string): Promise<LockedTask> {
  const row = await trx('cases as c')
    .join('tasks as t', 't.case_id', 'c.id')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .join('users as ap', 'ap.id', 'c.applicant_id')
    .where('t.id', taskId)
    .forUpdate('c', 't')
    .options(PREPARED)
    .first(
      't.*',
      // What the answer shows of the case (presentTask), so the route reads nothing after commit.
      'c.case_number',
      'b.name_zh as bundle_name_zh',
      'b.name_en as bundle_name_en',
      // The inbox row's applicant: the entity applied for, or the person (as departmentQueue.ts).
      trx.raw("coalesce(nullif(c.form_data->>'entity.name', ''), ap.display_name) as applicant_name"),
      trx.raw(
        `(select s.countersign_position from tasks s
           where s.countersign_of = t.id and s.status in ('open', 'claimed') limit 1) as open_countersign`,
      ),
      ...LOCKED_CASE_COLUMNS,
      trx.raw('transaction_timestamp() as tx_now'),
    );
  if (!row || !mayWorkOn(user, row.department_id)) throw notFound('task', taskId);
  return { ...row, case: lockedCaseOf(trx, row) };
}

/** 认领: a clerk takes an open task of their department's queue. */
export async function claimTask(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  // Claiming one's own step again changes nothing.
  if (task.status === 'claimed' && task.assignee_id === input.user.id) return;
  refuseIf(claimRefusal(task));
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
): Promise<TaskAnswer> {
  const task = await lockTask(trx, input.user, input.taskId);
  if (task.kind === 'intake') throw new ApiError('intake_task_needs_decision');
  refuseIf(workRefusal(input.user, task));
  // 委派: the delegate hands the step back (POST …/delegation/return); the delegator completes it.
  if (task.delegated_by) throw new ApiError('delegation_pending');
  // 加签: a countersigner signs their own task; the step they sign may wait for them.
  if (task.countersign_of)
    return signCountersign(ctx, trx, task, { user: input.user, comment: input.comment });
  // 准予/不予许可: an item's decision step (by its model) concludes only with a decision.
  const definition = await ctx.definitions.get(task.case.definition_key, task.case.definition_version, trx);
  if (isDecisionStep(definition, task.element_id)) throw new ApiError('decision_step_needs_decision');
  const waitsForCountersigner = countersignGate(task);

  const now = await ctx.now(trx);
  if (task.status === 'open') {
    // Completing an open task claims it implicitly; the log still shows who took it.
    await logTaskEvent(trx, 'task.claimed', task, input.user.id, now);
  }
  // The step is done: its reminders and escalations are moot (closeTask cancels them).
  const close = {
    status: 'completed',
    at: now,
    by: input.user.id,
    outcome: input.outcome,
    comment: input.comment,
  } as const;
  const completed = () =>
    logTaskEvent(trx, 'task.completed', task, input.user.id, now, {
      outcome: input.outcome,
      comment: input.comment,
    });
  // 后加签: the case moves on when the countersigner has signed (countersign.ts).
  if (waitsForCountersigner) {
    const [closed] = await closeTask(trx, { id: task.id }, close);
    await completed();
    return taskAnswer(task, closed, input.user.displayName);
  }
  // The engine's answer first (pure, nothing written), so that closing the step and writing the
  // case's snapshot are one statement (issue 16: one round trip fewer per completion).
  const plan = await planCaseEvent(ctx, trx, {
    caseId: task.case_id,
    locked: task.case,
    now,
    actorId: input.user.id,
    event: {
      type: 'task.complete',
      activationKey: task.activation_key,
      actorId: input.user.id,
      outcome: input.outcome,
    },
  });
  const {
    closed: [closed],
    caseWritten,
  } = await completeTaskWithCase(trx, task.id, close, caseSnapshotWrite(plan));
  const answer = taskAnswer(task, closed, input.user.displayName);
  await completed();
  const { openedItems } = await runCaseEffects(trx, plan, caseWritten);
  // 电子证照: an item that concluded with a licence issues it and attaches it to the case's materials.
  // The engine opened the item's next step: it has not concluded (no read needed to know it).
  if (task.item_code && openedItems.has(task.item_code)) return answer;
  await issueResultLicence(trx, {
    taskId: task.id,
    task: { case_id: task.case_id, item_code: task.item_code },
    outcome: input.outcome,
    at: now,
  });
  return answer;
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
