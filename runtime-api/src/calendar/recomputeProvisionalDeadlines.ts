import { deadlineFor, endOfShanghaiDay, type Limit, shanghaiDate } from '@yijian/engine';
import type { Knex } from 'knex';
import { loadCalendar } from '../catalogue/calendarCache';
import { scheduleDeadlineJobs } from '../deadlines/deadlineJobs';
import { readWarningPolicy } from '../deadlines/warningPolicy';

/**
 * Recomputes the deadlines that were provisional (they reached a year with no loaded notice) with
 * the calendar as the caller's transaction sees it, and moves the 催办 jobs of the steps with
 * them. Deadlines still reaching an unloaded year stay provisional. Returns how many moved.
 */
export async function recomputeProvisionalDeadlines(trx: Knex.Transaction, now: string): Promise<number> {
  const calendar = await loadCalendar(trx);
  const today = shanghaiDate(now);
  let changed = 0;
  const recompute = (row: { due_start_date: string; due_limit: Limit }) =>
    deadlineFor(row.due_limit, { now: endOfShanghaiDay(row.due_start_date), calendar });

  const cases = await trx('cases as c')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .where({ 'c.due_provisional': true, 'c.status': 'inProgress' })
    .whereNotNull('c.due_limit')
    .whereNotNull('c.due_at')
    .forUpdate('c')
    .select('c.id', 'c.due_start_date', 'c.due_limit', 'c.due_date', 'b.warning_policy');
  for (const row of cases) {
    const due = recompute(row);
    await trx('cases')
      .where({ id: row.id })
      .update({ due_date: due.dueDate, due_at: due.dueAt, due_provisional: due.provisional });
    await scheduleDeadlineJobs(
      trx,
      { kind: 'case', caseId: row.id },
      { dueDate: due.dueDate, today, calendar, policy: readWarningPolicy(row.warning_policy) },
    );
    if (due.dueDate !== row.due_date) changed += 1;
  }

  const tasks = await trx('tasks as t')
    .leftJoin('items as i', 'i.code', 't.item_code')
    .where({ 't.due_provisional': true })
    .whereIn('t.status', ['open', 'claimed'])
    .whereNotNull('t.due_limit')
    .whereNotNull('t.due_at')
    .forUpdate('t')
    .select('t.id', 't.case_id', 't.due_start_date', 't.due_limit', 't.due_date', 'i.warning_policy');
  for (const row of tasks) {
    const due = recompute(row);
    await trx('tasks')
      .where({ id: row.id })
      .update({ due_date: due.dueDate, due_at: due.dueAt, due_provisional: due.provisional });
    await scheduleDeadlineJobs(
      trx,
      { kind: 'task', taskId: row.id, caseId: row.case_id },
      { dueDate: due.dueDate, today, calendar, policy: readWarningPolicy(row.warning_policy) },
    );
    if (due.dueDate !== row.due_date) changed += 1;
  }
  return changed;
}
