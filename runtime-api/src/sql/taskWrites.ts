import { PREPARED, type TaskRow, tables } from '@yijian/db';
import type { Limit, OpenDeadline, TaskDeadlineEffect } from '@yijian/engine';
import type { Knex } from 'knex';
import { deadlineJobKeys, deadlineJobPrefix } from '../deadlines/deadlineJobs';
import { cancelJobs, dropHeldJobs, keyPrefixRange } from '../jobs/jobQueries';

/** The statuses of a task someone still has to act on. */
export const LIVE_TASK = ['open', 'claimed'] as const;

/** Which work a pause touches: every step and item of the case, or one item's (Art. 45 per item). */
export type PausedItem = { scopeKey: string; itemCode: string } | null;

/**
 * Inserts a task once per activation: the id (with its item's 提醒/催办 policy) when it is new,
 * null when the activation had one.
 */
export async function insertTaskOnce(
  trx: Knex.Transaction,
  row: Record<string, unknown> & { case_id: string; activation_key: string; created_at: string },
): Promise<{ id: string; warning_policy: unknown } | null> {
  const inserted = (await tables
    .tasks(trx)
    .insert({ status: 'open', ...row })
    .onConflict(['case_id', 'activation_key'])
    .ignore()
    // The item's 提醒/催办 policy with the new row: its deadline jobs need it (no read of items).
    .returning(['id', trx.raw(ITEM_WARNING_POLICY('tasks'))] as never)
    .options(PREPARED)) as unknown as {
    id: string;
    warning_policy: unknown;
  }[];
  return inserted[0] ?? null;
}

/** `warning_policy` of the item of a `table` row (its `item_code`), for a RETURNING list. */
export const ITEM_WARNING_POLICY = (table: 'tasks' | 'case_items') =>
  `(select i.warning_policy from items i where i.code = ${table}.item_code) as warning_policy`;

/** A clerk of the department by username (a countersign instance for one clerk), or undefined. */
export function clerkByUsername(trx: Knex.Transaction, username: string, departmentId: string) {
  return tables.users(trx).where({ username, department_id: departmentId, role: 'clerk' }).first('id');
}

/** A task row as closed (`UPDATE … RETURNING *`): what the command answers with, not read again. */
export type ClosedTask = TaskRow;

/** How a task closes: completed with its outcome, or cancelled. */
export interface TaskClose {
  status: 'completed' | 'cancelled';
  at: string;
  /** Completed by this user (also the holder); absent: the process closed it. */
  by?: string;
  /** Keep the holder as is (a countersigner signs their own instance). */
  keepHolder?: boolean;
  outcome?: string | null;
  comment?: string | null;
}

/** Which task a close applies to: one row, or the live task of an activation. */
export type TaskRef = { id: string } | { caseId: string; activationKey: string };

/**
 * Closes a task — completed with its outcome, or cancelled — and cancels its 提醒/催办 jobs: the
 * one place a task stops being work (complete, intake and item decisions, countersign, the
 * engine's cancel on return, recall, withdrawal). `by` completes it in that clerk's name (and
 * claims it for them if it was open). Only a live task closes; returns the ids closed.
 */
export async function closeTask(
  trx: Knex.Transaction,
  ref: TaskRef,
  close: TaskClose,
): Promise<ClosedTask[]> {
  const update = closeUpdate(trx, ref, close);
  if ('id' in ref) return (await closeOneTask(trx, ref.id, update)).closed;
  const closed: ClosedTask[] = await update;
  for (const row of closed)
    await cancelJobs(trx, deadlineJobPrefix({ kind: 'task', taskId: row.id, caseId: row.case_id }));
  return closed;
}

/** The `UPDATE … RETURNING *` that closes the live task `ref`, as {@link closeTask} describes. */
function closeUpdate(trx: Knex.Transaction, ref: TaskRef, close: TaskClose) {
  const q = tables.tasks(trx).whereIn('status', LIVE_TASK);
  if ('id' in ref) q.where({ id: ref.id });
  else q.where({ case_id: ref.caseId, activation_key: ref.activationKey });
  return q
    .update({
      status: close.status,
      completed_at: close.at,
      ...(close.by
        ? {
            completed_by: close.by,
            ...(close.keepHolder
              ? {}
              : { assignee_id: close.by, claimed_at: trx.raw('coalesce(claimed_at, ?)', [close.at]) }),
          }
        : {}),
      ...(close.outcome !== undefined ? { outcome: close.outcome } : {}),
      ...(close.comment !== undefined ? { comment: close.comment } : {}),
    })
    .returning('*');
}

/**
 * One round trip (issue 16): the step's jobs go in the statement that closes it, and only when it
 * did close (a step already closed keeps whatever it has); so does the case's snapshot write when
 * `caseWrite` is given (completing a step: the engine's answer was worked out before), counted in
 * `caseWritten`.
 */
async function closeOneTask(
  trx: Knex.Transaction,
  taskId: string,
  update: Knex.QueryBuilder,
  caseWrite?: CaseSnapshotWrite,
): Promise<{ closed: ClosedTask[]; caseWritten: number }> {
  const owner = { kind: 'task', taskId, caseId: '' } as const;
  dropHeldJobs(trx, ...keyPrefixRange(deadlineJobPrefix(owner)));
  const { sql, bindings } = update.toSQL();
  const written = caseWrite
    ? `, written as (update cases set snapshot = ?::jsonb, status = ?::text, version = ?::int
          where id = ?::uuid and version = ?::int and exists (select 1 from closed) returning 1)`
    : '';
  // The step's jobs by their exact keys, not the prefix's range: the planner then expects as many
  // rows as keys, and the named statement keeps one plan instead of planning every completion.
  const keys = deadlineJobKeys(owner);
  const result = await trx
    .raw(
      `with closed as (${sql}), gone as (delete from jobs where key in (${keys.map(() => '?').join(', ')}) and exists (select 1 from closed))${written}
     select closed.*${caseWrite ? ', (select count(*) from written)::int as case_written' : ''} from closed`,
      [
        ...bindings,
        ...keys,
        ...(caseWrite
          ? [caseWrite.snapshot, caseWrite.status, caseWrite.version + 1, caseWrite.id, caseWrite.version]
          : []),
      ],
    )
    .options(PREPARED);
  const rows = result.rows as (ClosedTask & { case_written?: number })[];
  const caseWritten = rows[0]?.case_written ?? 0;
  for (const row of rows) delete row.case_written;
  return { closed: rows, caseWritten };
}

/** The case row's snapshot write of an engine event (applyCaseEvent.ts: caseSnapshotWrite). */
export interface CaseSnapshotWrite {
  id: string;
  version: number;
  snapshot: string;
  status: string;
}

/**
 * Completes the step `taskId` as {@link closeTask} does and, in the same statement, writes its
 * case's snapshot (optimistic on `version`): `caseWritten` is the number of case rows written.
 */
export async function completeTaskWithCase(
  trx: Knex.Transaction,
  taskId: string,
  close: TaskClose,
  caseWrite: CaseSnapshotWrite,
): Promise<{ closed: ClosedTask[]; caseWritten: number }> {
  return closeOneTask(trx, taskId, closeUpdate(trx, { id: taskId }, close), caseWrite);
}

/** 加签 on steps that are gone goes with them. */
export function cancelCountersignsOf(trx: Knex.Transaction, caseId: string, taskIds: string[], at: string) {
  return tables
    .tasks(trx)
    .where({ case_id: caseId })
    .whereIn('countersign_of', taskIds)
    .whereIn('status', LIVE_TASK)
    .update({ status: 'cancelled', completed_at: at });
}

/** Moves the live intake step's notice deadline (a new calendar); the ids moved. */
export async function moveIntakeDeadline(
  trx: Knex.Transaction,
  caseId: string,
  activationKey: string,
  due: { dueDate: string; dueAt: string; provisional: boolean; startDate: string },
): Promise<string[]> {
  const moved = await tables
    .tasks(trx)
    .where({ case_id: caseId, activation_key: activationKey })
    .whereIn('status', LIVE_TASK)
    .update({
      due_date: due.dueDate,
      due_at: due.dueAt,
      due_provisional: due.provisional,
      due_start_date: due.startDate,
    })
    .returning('id');
  return moved.map((r: { id: string }) => r.id);
}

function liveSteps(trx: Knex.Transaction, caseId: string, only: PausedItem) {
  const q = tables.tasks(trx).where({ case_id: caseId, kind: 'step' }).whereIn('status', LIVE_TASK);
  return only ? q.where('item_code', only.itemCode) : q;
}

/** Shows (or, with null, clears) why the case's live steps wait: a pause's reason. */
export function markStepsPaused(
  trx: Knex.Transaction,
  caseId: string,
  only: PausedItem,
  reason: string | null,
) {
  return liveSteps(trx, caseId, only).update({ paused_reason: reason });
}

/** The deadlines of the case's live steps with one, as the engine's pause and resume rules read them. */
export async function stepDeadlines(trx: Knex.Transaction, caseId: string): Promise<OpenDeadline[]> {
  const rows = await liveSteps(trx, caseId, null)
    .where((w) => w.whereNotNull('due_date').orWhereNotNull('paused_remaining'))
    .select('id', 'item_code', 'due_date', 'paused_remaining', 'due_start_date', 'due_limit');
  return rows.map((r) => ({
    kind: 'task',
    key: r.id,
    itemCode: r.item_code,
    dueDate: r.due_date,
    paused: r.paused_remaining !== null,
    pausedRemaining: r.paused_remaining,
    startDate: r.due_start_date,
    limit: r.due_limit as Limit | null,
  }));
}

/** Writes a step's deadline as the engine moved it; the case and the warning policy of its item. */
export async function writeTaskDeadline(
  trx: Knex.Transaction,
  effect: TaskDeadlineEffect,
): Promise<{ case_id: string; warning_policy: unknown } | undefined> {
  const [row] = await tables
    .tasks(trx)
    .where({ id: effect.taskId })
    .update({
      due_date: effect.dueDate,
      due_at: effect.dueAt,
      paused_remaining: effect.pausedRemaining,
      ...(effect.provisional !== null ? { due_provisional: effect.provisional } : {}),
      ...(effect.basis
        ? { due_start_date: effect.basis.startDate, due_limit: JSON.stringify(effect.basis.limit) }
        : {}),
    })
    .returning([
      'case_id',
      trx.raw('(select i.warning_policy from items i where i.code = tasks.item_code) as warning_policy'),
    ]);
  return row as unknown as { case_id: string; warning_policy: unknown } | undefined;
}
