import type { Knex } from 'knex';
import { isInstant, isUuid } from '../http/cursorFields';

export interface QueueCursor {
  dueAt: string | null;
  id: string;
}

export const encodeCursor = (c: QueueCursor) =>
  Buffer.from(JSON.stringify([c.dueAt, c.id])).toString('base64url');

export function decodeCursor(raw: string): QueueCursor | null {
  try {
    const [dueAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if ((dueAt === null || isInstant(dueAt)) && isUuid(id)) {
      return { dueAt, id };
    }
  } catch {
    // fall through: an unreadable cursor is a client error
  }
  return null;
}

/**
 * 待办: one page of a department's open and claimed tasks, earliest deadline first, read by keyset
 * on (due_at, id) so every page costs the same however deep (index tasks_queue_idx). Tasks with no
 * deadline sort last.
 */
export function departmentQueueQuery(
  knex: Knex,
  input: { departmentId: string; after: QueueCursor | null; limit: number },
): Knex.QueryBuilder {
  const q = taskRows(knex)
    .where('t.department_id', input.departmentId)
    .whereIn('t.status', ['open', 'claimed'])
    .orderByRaw('t.due_at asc nulls last, t.id asc')
    .limit(input.limit);
  const after = input.after;
  if (after) {
    if (after.dueAt === null) {
      q.whereNull('t.due_at').andWhere('t.id', '>', after.id);
    } else {
      q.where((w) =>
        w
          .whereRaw('(t.due_at, t.id) > (?::timestamptz, ?::uuid)', [after.dueAt, after.id])
          .orWhereNull('t.due_at'),
      );
    }
  }
  return q;
}

/** Task rows with what a clerk needs to see in a list: case number, bundle, assignee. */
export function taskRows(knex: Knex): Knex.QueryBuilder {
  return knex('tasks as t')
    .join('cases as c', 'c.id', 't.case_id')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .leftJoin('items as i', 'i.code', 't.item_code')
    .select(
      't.id',
      't.case_id',
      'c.case_number',
      'b.name_zh as bundle_name_zh',
      'b.name_en as bundle_name_en',
      't.element_id',
      't.kind',
      't.name_zh',
      't.name_en',
      't.item_code',
      't.department_id',
      't.status',
      't.assignee_id',
      'a.display_name as assignee_name',
      't.created_at',
      't.due_at',
      't.due_date',
      't.due_start_date',
      't.due_provisional',
      't.paused_remaining',
      'i.warning_policy',
      't.completed_at',
    );
}
