import type { Knex } from 'knex';
import { isInstant, isUuid } from '../http/cursorFields';
import type { RowsQuery } from './caseQueries';

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
 * 待办: one page of a department's open and claimed tasks, earliest deadline first, tasks with no
 * deadline last, read by keyset so every page costs the same however deep.
 *
 * The page is two index ranges on tasks_queue_idx (department_id, due_at, id), each limited to
 * the page size: the dated tasks after the cursor (`(due_at, id) > cursor` is a row comparison
 * the index starts at), then the no-deadline tail (`due_at is null and id > cursor`). One
 * `… or due_at is null` condition instead would leave only the department in the index condition
 * and re-read the queue from its start on every deep page. The rows are joined after the page is
 * cut, so the joins cost a page too.
 */
export function departmentQueueQuery(
  knex: Knex,
  input: { departmentId: string; after: QueueCursor | null; limit: number },
): Knex.QueryBuilder {
  const after = input.after;
  const open = (q: Knex.QueryBuilder) =>
    q.from('tasks').where('department_id', input.departmentId).whereIn('status', ['open', 'claimed']);
  const dated = (q: Knex.QueryBuilder) => {
    open(q)
      .whereNotNull('due_at')
      .select('id', 'due_at', knex.raw('0 as part'))
      .orderBy([{ column: 'due_at' }, { column: 'id' }])
      .limit(input.limit);
    if (after?.dueAt) q.whereRaw('(due_at, id) > (?::timestamptz, ?::uuid)', [after.dueAt, after.id]);
  };
  const undated = (q: Knex.QueryBuilder) => {
    open(q)
      .whereNull('due_at')
      .select('id', 'due_at', knex.raw('1 as part'))
      .orderBy('id')
      .limit(input.limit);
    if (after && after.dueAt === null) q.where('id', '>', after.id);
  };
  // A cursor already in the no-deadline tail has no dated tasks left after it.
  const page = knex.queryBuilder();
  if (after && after.dueAt === null) undated(page);
  else
    page
      .unionAll([dated, undated], true)
      .orderBy([{ column: 'part' }, { column: 'due_at' }, { column: 'id' }])
      .limit(input.limit);
  return taskRows(knex)
    .join(page.as('page'), 'page.id', 't.id')
    .orderBy([{ column: 'page.part' }, { column: 't.due_at' }, { column: 't.id' }]);
}

/**
 * Task rows with what a clerk needs to see in a list: case number, bundle, the applicant (the
 * entity's name from the form, else the person), assignee, and the facts `allowedActions` reads.
 */
export function taskRows(knex: Knex): RowsQuery<TaskRow> {
  return knex('tasks as t')
    .join('cases as c', 'c.id', 't.case_id')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .join('users as ap', 'ap.id', 'c.applicant_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .leftJoin('items as i', 'i.code', 't.item_code')
    .select(
      't.id',
      't.case_id',
      'c.case_number',
      'b.name_zh as bundle_name_zh',
      'b.name_en as bundle_name_en',
      knex.raw("coalesce(nullif(c.form_data->>'entity.name', ''), ap.display_name) as applicant_name"),
      'c.status as case_status',
      'c.bundle_key',
      'c.definition_key',
      'c.definition_version',
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
      't.paused_reason',
      't.delegated_by',
      't.countersign_of',
      't.completed_by',
      'c.calendar_region',
      'c.definition_key',
      'c.definition_version',
      'i.warning_policy',
      't.completed_at',
    );
}

/** One row of {@link taskRows}, as pg returns it. */
export interface TaskRow {
  id: string;
  case_id: string;
  case_number: string;
  bundle_name_zh: string;
  bundle_name_en: string;
  applicant_name: string;
  case_status: string;
  bundle_key: string;
  definition_key: string;
  definition_version: number;
  element_id: string;
  kind: 'step' | 'intake';
  name_zh: string;
  name_en: string;
  item_code: string | null;
  department_id: string;
  status: 'open' | 'claimed' | 'completed' | 'cancelled';
  assignee_id: string | null;
  assignee_name: string | null;
  created_at: Date;
  due_at: Date | null;
  due_date: string | null;
  due_start_date: string | null;
  due_provisional: boolean;
  paused_remaining: number | null;
  paused_reason: string | null;
  delegated_by: string | null;
  countersign_of: string | null;
  completed_by: string | null;
  calendar_region: string | null;
  warning_policy: unknown;
  completed_at: Date | null;
}
