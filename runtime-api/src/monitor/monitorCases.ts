import type { TaskRow as TaskTableRow } from '@yijian/db';
import type { Knex } from 'knex';
import { regionCalendars } from '../calendar/regionCalendars';
import type { AppContext } from '../context';
import { readWarningPolicy } from '../deadlines/warningPolicy';
import type { AuthUser } from '../http/auth';
import { validationReasons } from '../http/errorCodes';
import { invalidField } from '../http/errors';
import { openIncidentCounts } from '../incidents/openIncidents';
import { incidentStateFor, iso, presentCaseSummary, presentDeadline } from '../presenters';
import {
  CLOSED_PHASES,
  OPEN_PHASES,
  type RowsQuery,
  type VisibleCaseRow,
  visibleCases,
} from '../sql/caseQueries';
import { decodeCursor, encodeCursor } from '../sql/departmentQueue';

/** Where an open case stands on the monitor: its light, or apart from the lights. */
export type MonitorLight = 'green' | 'yellow' | 'red' | 'paused' | 'atWindow' | 'incident';

export interface MonitorCaseFilter {
  status: 'open' | 'concluded';
  bundleKey?: string;
  departmentId?: string;
  itemCode?: string;
  light?: MonitorLight;
  cursor?: string;
  limit: number;
}

/** How many rows one request reads at most while a light filter skips rows: bounded cost per page. */
const SCAN_LIMIT = 2_000;

/**
 * The monitor's case list with its filters, most urgent first (open: earliest deadline, the
 * undated last; concluded: newest first), read by keyset like the queue. Bundle, department and
 * item narrow the SQL; a light is computed under each case's own calendar and warning policy, so
 * it filters the rows read, and a page reads at most {@link SCAN_LIMIT} rows before answering with
 * what it found and a cursor past them.
 */
export async function monitorCases(ctx: AppContext, user: AuthUser, filter: MonitorCaseFilter) {
  const now = await ctx.now();
  const cursor = filter.cursor ? decodeCursor(filter.cursor) : null;
  if (filter.cursor && !cursor) throw invalidField('query.cursor', validationReasons.notACursor);
  let after = cursor;
  let scanned = 0;
  // True once a batch came back short and every row of it was looked at: nothing lies beyond.
  let finished = false;
  const batch = Math.min(Math.max(filter.limit * 2, 50), 500);
  const presented: MonitorCase[] = [];

  while (presented.length < filter.limit && scanned < SCAN_LIMIT && !finished) {
    const rows = await caseQuery(ctx.readKnex, user, filter, after).limit(batch);
    scanned += rows.length;
    const shown = await presentMonitorCases(ctx, user, rows, now);
    let looked = 0;
    for (const [i, c] of shown.entries()) {
      after = cursorOf(filter.status, rows[i]!);
      looked = i + 1;
      if (filter.light && c.monitorLight !== filter.light) continue;
      presented.push(c);
      if (presented.length === filter.limit) break;
    }
    finished = rows.length < batch && looked === rows.length;
  }
  return {
    cases: presented,
    nextCursor: !finished && after ? encodeCursor(after) : null,
    scanned,
  };
}

function cursorOf(status: MonitorCaseFilter['status'], row: VisibleCaseRow) {
  const at = status === 'open' ? row.due_at : row.concluded_at;
  return { dueAt: at ? iso(at) : null, id: row.id };
}

/** The filtered list in its order, after the cursor. */
function caseQuery(
  knex: Knex,
  user: AuthUser,
  filter: MonitorCaseFilter,
  after: { dueAt: string | null; id: string } | null,
): RowsQuery<VisibleCaseRow> {
  const q = visibleCases(knex, user);
  if (filter.bundleKey) q.where('c.bundle_key', filter.bundleKey);
  if (filter.departmentId) {
    const department = filter.departmentId;
    q.where((w) =>
      w.where('b.lead_department_id', department).orWhereExists(
        knex('tasks as mt')
          .whereRaw('mt.case_id = c.id')
          .where('mt.department_id', department)
          .modify((t) => {
            if (filter.status === 'open') t.whereIn('mt.status', ['open', 'claimed']);
          }),
      ),
    );
  }
  if (filter.itemCode) {
    q.whereExists(
      knex('case_items as mi')
        .whereRaw('mi.case_id = c.id')
        .where('mi.item_code', filter.itemCode)
        .modify((t) => {
          if (filter.status === 'open') t.whereIn('mi.status', ['running', 'paused']);
        }),
    );
  }
  if (filter.light === 'atWindow') q.whereIn('c.status', ['preReview', 'correction']);
  if (filter.light === 'incident') {
    q.whereExists(knex('incidents as inc').whereRaw('inc.case_id = c.id').where('inc.status', 'open'));
  }
  if (filter.status === 'open') {
    q.whereIn('c.status', [...OPEN_PHASES]).orderByRaw('c.due_at asc nulls last, c.id');
    if (after?.dueAt) {
      q.where((w) =>
        w
          .whereRaw('(c.due_at, c.id) > (?::timestamptz, ?::uuid)', [after.dueAt, after.id])
          .orWhereNull('c.due_at'),
      );
    } else if (after) {
      q.whereNull('c.due_at').where('c.id', '>', after.id);
    }
  } else {
    q.whereIn('c.status', [...CLOSED_PHASES, 'withdrawn']).orderByRaw('c.concluded_at desc nulls last, c.id');
    if (after?.dueAt) {
      q.where((w) =>
        w
          .whereRaw('(c.concluded_at < ?::timestamptz)', [after.dueAt])
          .orWhereRaw('(c.concluded_at = ?::timestamptz and c.id > ?::uuid)', [after.dueAt, after.id])
          .orWhereNull('c.concluded_at'),
      );
    } else if (after) {
      q.whereNull('c.concluded_at').where('c.id', '>', after.id);
    }
  }
  return q;
}

/** The rows as the monitor shows them, with their open steps (late ones marked) and window due dates. */
/** An open step of a monitored case, with its assignee's name and its item's warning policy. */
type MonitorStepRow = Pick<
  TaskTableRow,
  | 'id'
  | 'case_id'
  | 'kind'
  | 'element_id'
  | 'name_zh'
  | 'name_en'
  | 'item_code'
  | 'department_id'
  | 'status'
  | 'due_at'
  | 'due_date'
  | 'due_start_date'
  | 'due_provisional'
> & { assignee_name: string | null; warning_policy: unknown };

export async function presentMonitorCases(
  ctx: AppContext,
  user: AuthUser,
  rows: readonly VisibleCaseRow[],
  now: string,
) {
  const ids = rows.map((r) => r.id);
  const [steps, calendarOf, incidents]: [
    MonitorStepRow[],
    Awaited<ReturnType<typeof regionCalendars>>,
    Map<string, number>,
  ] = await Promise.all([
    ids.length
      ? ctx
          .readKnex('tasks as t')
          .leftJoin('items as i', 'i.code', 't.item_code')
          .leftJoin('users as a', 'a.id', 't.assignee_id')
          .whereIn('t.case_id', ids)
          .whereIn('t.status', ['open', 'claimed'])
          .orderBy('t.created_at')
          .select(
            't.id',
            't.case_id',
            't.kind',
            't.element_id',
            't.name_zh',
            't.name_en',
            't.item_code',
            't.department_id',
            't.status',
            't.due_at',
            't.due_date',
            't.due_start_date',
            't.due_provisional',
            'a.display_name as assignee_name',
            'i.warning_policy',
          )
      : [],
    regionCalendars(ctx, rows),
    openIncidentCounts(ctx.readKnex, ids),
  ]);
  return rows.map((row) =>
    presentMonitorCase(
      row,
      steps.filter((s) => s.case_id === row.id),
      calendarOf(row),
      now,
      incidentStateFor(user.role, incidents.get(row.id) ?? 0),
    ),
  );
}

function presentMonitorCase(
  row: VisibleCaseRow,
  steps: readonly MonitorStepRow[],
  calendar: Parameters<typeof presentDeadline>[0],
  now: string,
  incidentState: ReturnType<typeof incidentStateFor>,
) {
  const summary = presentCaseSummary(row, steps, calendar, now, incidentState);
  const atWindow = row.status === 'preReview' || row.status === 'correction';
  const paused = summary.clock.state === 'paused';
  const monitorLight: MonitorLight | null =
    incidentState === 'incident'
      ? 'incident'
      : atWindow
        ? 'atWindow'
        : paused
          ? 'paused'
          : (summary.deadline?.light ?? null);
  const presentedSteps = steps.map((s) => {
    const deadline = presentDeadline(calendar, now, s, readWarningPolicy(s.warning_policy));
    return {
      id: s.id,
      kind: s.kind ?? 'step',
      elementId: s.element_id,
      name: { zh: s.name_zh, en: s.name_en },
      itemCode: s.item_code ?? null,
      departmentId: s.department_id,
      assignee: s.assignee_name ?? null,
      deadline,
      /** 超期: the step's own deadline has passed (it can be late while the case is not). */
      late: deadline !== null && deadline.remainingWorkingDays < 0,
    };
  });
  const intake = presentedSteps.find((s) => s.kind === 'intake');
  return {
    ...summary,
    monitorLight,
    /** 受理期限: the window's own due date while the case is at the window (Art. 32: 5 working days). */
    intakeDue: atWindow ? (intake?.deadline ?? null) : null,
    steps: presentedSteps,
    lateSteps: presentedSteps.filter((s) => s.late).length,
  };
}

export type MonitorCase = ReturnType<typeof presentMonitorCase>;
