import { addWorkingDays, deadlineFor, endOfShanghaiDay, type Limit } from '@yijian/engine';
import type { Knex } from 'knex';
import { loadCalendar } from '../catalogue/calendarCache';
import { startOfShanghaiDay, taskJobKey } from '../jobs/jobHandlers';
import { scheduleJob } from '../jobs/jobQueries';

/**
 * Recomputes the deadlines that were provisional (they reached a year with no loaded notice) with
 * the calendar as the caller's transaction sees it, and moves the 催办 jobs of the steps with
 * them. Deadlines still reaching an unloaded year stay provisional. Returns how many moved.
 */
export async function recomputeProvisionalDeadlines(trx: Knex.Transaction): Promise<number> {
  const calendar = await loadCalendar(trx);
  let changed = 0;
  const recompute = (row: { due_start_date: string; due_limit: Limit }) =>
    deadlineFor(row.due_limit, { now: endOfShanghaiDay(row.due_start_date), calendar });

  const cases = await trx('cases')
    .where({ due_provisional: true, status: 'inProgress' })
    .whereNotNull('due_limit')
    .forUpdate()
    .select('id', 'due_start_date', 'due_limit', 'due_date');
  for (const row of cases) {
    const due = recompute(row);
    await trx('cases')
      .where({ id: row.id })
      .update({ due_date: due.dueDate, due_at: due.dueAt, due_provisional: due.provisional });
    if (due.dueDate !== row.due_date) changed += 1;
  }

  const tasks = await trx('tasks')
    .where({ due_provisional: true })
    .whereIn('status', ['open', 'claimed'])
    .whereNotNull('due_limit')
    .forUpdate()
    .select('id', 'case_id', 'due_start_date', 'due_limit', 'due_date');
  for (const row of tasks) {
    const due = recompute(row);
    await trx('tasks')
      .where({ id: row.id })
      .update({ due_date: due.dueDate, due_at: due.dueAt, due_provisional: due.provisional });
    await scheduleJob(trx, {
      key: taskJobKey(row.id, 'urge'),
      kind: 'task.urge',
      caseId: row.case_id,
      runAt: startOfShanghaiDay(addWorkingDays(calendar, due.dueDate, 1).date),
      payload: { taskId: row.id },
    });
    if (due.dueDate !== row.due_date) changed += 1;
  }
  return changed;
}
