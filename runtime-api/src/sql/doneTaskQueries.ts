import type { Knex } from 'knex';
import { type TaskRow, taskRows } from './departmentQueue';

/** Where a page of 已办 continues: after this completion instant and task id. */
export interface DoneCursor {
  completedAt: string;
  id: string;
}

/** A done step with whether 撤回 is still possible. */
export type DoneTaskRow = TaskRow & { can_recall: boolean | null };

/**
 * 已办: one page of the steps the user completed, newest first, by keyset on
 * tasks_done_by_idx (completed_by, completed_at desc, id desc). `can_recall` follows recallStep's
 * rule: exactly one later step of the same item in the case, still open and unclaimed.
 */
export function doneTasksQueryFor(
  knex: Knex,
  input: { userId: string; after: DoneCursor | null; limit: number },
): Knex.QueryBuilder {
  const page = knex('tasks')
    .where({ completed_by: input.userId, status: 'completed', kind: 'step' })
    .select('id')
    .orderBy([
      { column: 'completed_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(input.limit);
  if (input.after)
    page.whereRaw('(completed_at, id) < (?::timestamptz, ?::uuid)', [
      input.after.completedAt,
      input.after.id,
    ]);
  return taskRows(knex)
    .join(page.as('page'), 'page.id', 't.id')
    .select(
      knex.raw(`(
        select count(*) = 1 and bool_and(n.status = 'open')
        from tasks n
        where n.case_id = t.case_id and n.item_code is not distinct from t.item_code and n.kind = 'step'
          and n.created_at >= t.completed_at and n.id <> t.id
      ) as can_recall`),
    )
    .orderBy([
      { column: 't.completed_at', order: 'desc' },
      { column: 't.id', order: 'desc' },
    ]);
}

/** The rows of {@link doneTasksQueryFor}. */
export function doneTasks(
  knex: Knex,
  input: { userId: string; after: DoneCursor | null; limit: number },
): Promise<DoneTaskRow[]> {
  return doneTasksQueryFor(knex, input);
}
