import type { Knex } from 'knex';
import { isInstant, isUuid } from '../http/cursorFields';
import { type RowsQuery, rowsOf } from './caseQueries';

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
 * What a clerk narrows the queue to (issue 15). Each is a condition on the same index range
 * (tasks_queue_idx / tasks_queue_undated_idx), so a page still starts at the cursor; the search
 * and the filing dates find their cases first (by their own indexes) and keep the tasks of those.
 */
export interface QueueFilter {
  /** One search box: case number prefix, the entity's or the applicant's name containing it. */
  search?: string;
  itemCode?: string;
  elementId?: string;
  status?: ('open' | 'claimed')[];
  /** 我认领的: claimed by this user. */
  assigneeId?: string;
  /** A light filter on the steps' own deadlines: red is overdue (`true`), yellow and green not yet. */
  overdue?: { now: string; value: boolean };
  /** Filed on or after / before (instants). */
  filedFrom?: string;
  filedBefore?: string;
  /** The step's deadline before this instant. */
  dueBefore?: string;
}

/** `%` and `_` in what the clerk typed are literal characters, not wildcards. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function applyQueueFilter(q: Knex.QueryBuilder, filter: QueueFilter): Knex.QueryBuilder {
  if (filter.itemCode) q.where('item_code', filter.itemCode);
  if (filter.elementId) q.where('element_id', filter.elementId);
  if (filter.assigneeId) q.where('assignee_id', filter.assigneeId);
  if (filter.dueBefore) q.where('due_at', '<', filter.dueBefore);
  if (filter.search) {
    const text = likeLiteral(filter.search);
    // Either the case number starts with it (a range on cases_number_prefix_idx, read once and
    // hashed), or the task's own case, probed by its key as the queue index is walked, names an
    // entity or an applicant containing it. `offset 0` keeps that probe per row: without it the
    // planner may hash every case's names first (a scan of cases) when it expects many matches.
    // Cost: a page reads queue rows until `limit` match, so a rare name deep in a long queue
    // costs a walk of that department's queue (index only, no scan of cases). Trigram indexes
    // were tried: they serve a case-first plan, but the planner then reads every case for a
    // common word (every 餐饮 company), which the plan test forbids.
    q.where((w) =>
      w
        .whereIn('case_id', (c) =>
          c.select('id').from('cases').where('case_number', 'like', `${text.toUpperCase()}%`),
        )
        .orWhereRaw(
          `exists (select 1 from cases sc join users su on su.id = sc.applicant_id
             where sc.id = tasks.case_id
               and ((sc.form_data->>'entity.name') ilike ? or su.display_name ilike ?)
             offset 0)`,
          [`%${text}%`, `%${text}%`],
        ),
    );
  }
  if (filter.filedFrom || filter.filedBefore) {
    // Probed per row like the names: a range of filing days may hold most cases.
    q.whereRaw(
      `exists (select 1 from cases fc where fc.id = tasks.case_id
         and fc.filed_at >= coalesce(?::timestamptz, '-infinity') and fc.filed_at < coalesce(?::timestamptz, 'infinity')
         offset 0)`,
      [filter.filedFrom ?? null, filter.filedBefore ?? null],
    );
  }
  return q;
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
  input: { departmentId: string; after: QueueCursor | null; limit: number; filter?: QueueFilter },
): Knex.QueryBuilder {
  const after = input.after;
  const filter = input.filter ?? {};
  const open = (q: Knex.QueryBuilder) =>
    applyQueueFilter(
      q
        .from('tasks')
        .where('department_id', input.departmentId)
        .whereIn('status', filter.status ?? ['open', 'claimed']),
      filter,
    );
  const dated = (q: Knex.QueryBuilder) => {
    open(q).whereNotNull('due_at');
    if (filter.overdue) q.where('due_at', filter.overdue.value ? '<' : '>=', filter.overdue.now);
    q.select('id', 'due_at', knex.raw('0 as part'))
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
  // A cursor already in the no-deadline tail has no dated tasks left after it; a due-before
  // filter wants dated tasks only. (A light filter keeps the tail: a step without a deadline of
  // its own shows its item's, whose light the route reads per row.)
  const datedOnly = filter.dueBefore !== undefined;
  const page = knex.queryBuilder();
  if (datedOnly) {
    if (after && after.dueAt === null)
      page.from('tasks').whereRaw('false').select('id', 'due_at', knex.raw('0 as part'));
    else dated(page);
  } else if (after && after.dueAt === null) undated(page);
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
  return rowsOf<TaskRow>(
    knex('tasks as t')
      .join('cases as c', 'c.id', 't.case_id')
      .join('bundles as b', 'b.key', 'c.bundle_key')
      .join('users as ap', 'ap.id', 'c.applicant_id')
      .leftJoin('users as a', 'a.id', 't.assignee_id')
      .leftJoin('items as i', 'i.code', 't.item_code')
      // 审查 and 决定 have no limit of their own: they run within their item's (itemSteps.ts), so a
      // row shows the item's running deadline when the step has none.
      .joinRaw(
        `left join lateral (
         select ci.due_at, ci.due_date, ci.due_provisional, ci.due_start_date from case_items ci
         where ci.case_id = t.case_id and ci.item_code = t.item_code and ci.ended_at is null
         order by ci.started_at desc limit 1
       ) ci on t.due_at is null`,
      )
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
        'ci.due_at as item_due_at',
        'ci.due_date as item_due_date',
        'ci.due_provisional as item_due_provisional',
        'ci.due_start_date as item_due_start_date',
        // 已补正: the case came back after a correction notice (at the window or in review).
        knex.raw(`(c.correction_notice is not null and c.status <> 'correction')
        or exists (select 1 from review_corrections rc where rc.case_id = c.id and rc.satisfied_at is not null)
        as corrected`),
      ),
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
  corrected: boolean;
  /** The item's running deadline, read only when the step has none of its own. */
  item_due_at?: Date | null;
  item_due_date?: string | null;
  item_due_provisional?: boolean | null;
  item_due_start_date?: string | null;
}
