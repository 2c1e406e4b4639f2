import { addWorkingDays, shanghaiDate } from '@yijian/engine';
import type { Knex } from 'knex';
import { checkCalendarNotice } from '../calendar/calendarStatus';
import { applyCaseEvent } from '../commands/applyCaseEvent';
import { appendCaseEvent, type CaseEventType } from '../commands/caseEvents';
import type { AppContext } from '../context';
import {
  type DeadlineOwner,
  deadlineJobKey,
  deadlineJobKind,
  startOfShanghaiDay,
} from '../deadlines/deadlineJobs';
import { readWarningPolicy } from '../deadlines/warningPolicy';
import type { JobKind, JobRow } from './jobQueries';
import { scheduleJob } from './jobQueries';

/**
 * A job's handler, in the sweep's transaction, holding the job's case lock. `watchedRows` are the
 * rows the batch's deadline jobs watch, read before the batch ran; the sweeper passes them only
 * while no earlier job of the batch touched this job's case.
 */
type Handler = (
  ctx: AppContext,
  trx: Knex.Transaction,
  job: JobRow,
  watchedRows?: WatchedRows,
) => Promise<void>;

/** Jobs of one case timer: keyed by case and the engine's timer key, so scheduling is idempotent. */
export const caseTimerJobKey = (caseId: string, key: string) => `case:${caseId}:timer:${key}`;

// biome-ignore lint/suspicious/noExplicitAny: knex rows are untyped.
type Row = Record<string, any>;

/** The steps and cases a batch's deadline jobs watch (open steps with a deadline; cases with bundle). */
export interface WatchedRows {
  tasks: Map<string, Row>;
  cases: Map<string, Row>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads what a batch's step and case deadline jobs watch in one statement each, instead of one
 * per job: a sweep costs round trips, so this is a third of a reminder's.
 */
export async function prefetchWatched(trx: Knex.Transaction, jobs: readonly JobRow[]): Promise<WatchedRows> {
  const taskIds = new Set<string>();
  const caseIds = new Set<string>();
  for (const job of jobs) {
    const [owner, what] = job.kind.split('.');
    if (owner === 'task' && uuidPattern.test(String(job.payload.taskId ?? '')))
      taskIds.add(String(job.payload.taskId));
    if (owner === 'case' && what !== 'timer' && job.case_id) caseIds.add(job.case_id);
  }
  const tasks: Row[] = taskIds.size
    ? await trx('tasks as t')
        .leftJoin('items as i', 'i.code', 't.item_code')
        .whereIn('t.id', [...taskIds])
        .whereIn('t.status', ['open', 'claimed'])
        .whereNotNull('t.due_at')
        .select('t.*', 'i.warning_policy')
    : [];
  const cases: Row[] = caseIds.size
    ? await trx('cases as c')
        .join('bundles as b', 'b.key', 'c.bundle_key')
        .whereIn('c.id', [...caseIds])
        .select(
          'c.id',
          'c.status',
          'c.due_date',
          'c.due_at',
          'c.due_provisional',
          'c.calendar_region',
          'b.warning_policy',
        )
    : [];
  return { tasks: new Map(tasks.map((t) => [t.id, t])), cases: new Map(cases.map((c) => [c.id, c])) };
}

/**
 * What a deadline job watches, if it is still running: a finished step, a concluded case or a
 * paused clock makes the job moot. The sweeper holds the case lock (takeDueJobs locks the case
 * before the job, and re-checks the job under it), so a command that finished the step or paused
 * the clock has either committed — and cancelled the job — or waits for us.
 */
async function watched(
  trx: Knex.Transaction,
  job: JobRow,
  owner: 'task' | 'item' | 'case',
  rows?: WatchedRows,
): Promise<Row | null> {
  if (!job.case_id) return null;
  if (owner === 'task') {
    if (!rows) return watchedTask(trx, job);
    const task = rows.tasks.get(String(job.payload.taskId ?? ''));
    return task && task.case_id === job.case_id ? task : null;
  }
  if (owner === 'case') {
    const kase = rows
      ? rows.cases.get(job.case_id)
      : await trx('cases as c')
          .join('bundles as b', 'b.key', 'c.bundle_key')
          .where('c.id', job.case_id)
          .forUpdate('c')
          .first(
            'c.id',
            'c.status',
            'c.due_date',
            'c.due_at',
            'c.due_provisional',
            'c.calendar_region',
            'b.warning_policy',
          );
    return kase && kase.status === 'inProgress' && kase.due_at ? { ...kase, case_id: kase.id } : null;
  }
  const item = await trx('case_items as ci')
    .leftJoin('items as i', 'i.code', 'ci.item_code')
    .where({
      'ci.case_id': job.case_id,
      'ci.scope_key': String(job.payload.scopeKey ?? ''),
      'ci.status': 'running',
    })
    .whereNotNull('ci.due_at')
    .first(
      'ci.case_id',
      'ci.scope_key',
      'ci.item_code',
      'ci.element_id',
      'ci.due_date',
      'ci.due_provisional',
      'i.name_zh',
      'i.name_en',
      'i.department_id',
      'i.warning_policy',
    );
  return item ?? null;
}

/** A step's deadline job: the step, if still open with a deadline (one statement per job). */
async function watchedTask(trx: Knex.Transaction, job: JobRow): Promise<Row | null> {
  const task = await trx('tasks as t')
    .leftJoin('items as i', 'i.code', 't.item_code')
    .where('t.id', String(job.payload.taskId ?? ''))
    .andWhere('t.case_id', job.case_id)
    .whereIn('t.status', ['open', 'claimed'])
    .whereNotNull('t.due_at')
    .first('t.*', 'i.warning_policy');
  return task ?? null;
}

/** Records a reminder or an escalation in the case's audit log, which department systems receive. */
function logDeadline(trx: Knex.Transaction, type: CaseEventType, row: Row, at: string): Promise<void> {
  return appendCaseEvent(trx, row.case_id, {
    type,
    at,
    actorId: null,
    elementId: row.element_id ?? null,
    activationKey: row.activation_key ?? null,
    payload: {
      ...(row.name_zh ? { name: { zh: row.name_zh, en: row.name_en } } : {}),
      ...(row.department_id ? { departmentId: row.department_id } : {}),
      dueDate: row.due_date,
      // Counted with a year whose notice is not loaded yet: the date may still move.
      provisional: row.due_provisional ?? false,
    },
  });
}

const ownerOf = (kind: 'task' | 'item' | 'case', row: Row): DeadlineOwner =>
  kind === 'task'
    ? { kind, taskId: row.id, caseId: row.case_id }
    : kind === 'item'
      ? { kind, caseId: row.case_id, scopeKey: row.scope_key }
      : { kind, caseId: row.case_id };

/** 提醒: the deadline is near (the policy's working days before it). */
const remind =
  (kind: 'task' | 'item' | 'case'): Handler =>
  async (ctx, trx, job, rows) => {
    const row = await watched(trx, job, kind, rows);
    if (row) await logDeadline(trx, `${kind}.reminded`, row, await ctx.now(trx));
  };

/**
 * 催办: the working day after a deadline passed with the work still open; 督办 is scheduled after
 * the policy's grace (default 5 working days).
 */
const urge =
  (kind: 'task' | 'item' | 'case'): Handler =>
  async (ctx, trx, job, rows) => {
    const row = await watched(trx, job, kind, rows);
    if (!row) return;
    const now = await ctx.now(trx);
    await logDeadline(trx, `${kind}.urged`, row, now);
    // 督办 counts in the case's region (case rows carry it; steps and items look it up).
    const region: string | null =
      row.calendar_region !== undefined
        ? row.calendar_region
        : ((await trx('cases').where({ id: row.case_id }).first('calendar_region'))?.calendar_region ?? null);
    const calendar = await ctx.calendar.get(region ?? undefined, trx);
    const policy = readWarningPolicy(row.warning_policy);
    const escalate = addWorkingDays(calendar, shanghaiDate(now), policy.superviseAfterWorkingDays);
    const owner = ownerOf(kind, row);
    await scheduleJob(trx, {
      key: deadlineJobKey(owner, 'supervise'),
      kind: deadlineJobKind(owner, 'supervise'),
      caseId: row.case_id,
      runAt: startOfShanghaiDay(escalate.date),
      payload: job.payload,
    });
  };

/** 督办: still open after the grace: escalated to the supervisor. */
const supervise =
  (kind: 'task' | 'item' | 'case'): Handler =>
  async (ctx, trx, job, rows) => {
    const row = await watched(trx, job, kind, rows);
    if (row) await logDeadline(trx, `${kind}.supervised`, row, await ctx.now(trx));
  };

/**
 * A timer of the case is due (a BPMN timer, or the window's deemed-acceptance timer): the engine
 * gets `timer.fire`; a timer the case no longer waits for is a no-op there.
 */
const caseTimer: Handler = async (ctx, trx, job) => {
  if (!job.case_id) return;
  const kase = await trx('cases').where({ id: job.case_id }).forUpdate().first('status');
  if (!kase || !['preReview', 'inProgress'].includes(kase.status)) return;
  await applyCaseEvent(ctx, trx, {
    caseId: job.case_id,
    actorId: null,
    event: { type: 'timer.fire', key: String(job.payload.key) },
  });
};

export const jobHandlers: Record<JobKind, Handler> = {
  'task.remind': remind('task'),
  'task.urge': urge('task'),
  'task.supervise': supervise('task'),
  'item.remind': remind('item'),
  'item.urge': urge('item'),
  'item.supervise': supervise('item'),
  'case.remind': remind('case'),
  'case.urge': urge('case'),
  'case.supervise': supervise('case'),
  'case.timer': caseTimer,
  'calendar.check': async (ctx, trx) => {
    await checkCalendarNotice(trx, await ctx.now(trx));
  },
};
