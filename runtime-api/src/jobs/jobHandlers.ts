import { addWorkingDays, shanghaiDate } from '@yijian/engine';
import type { Knex } from 'knex';
import { checkCalendarNotice } from '../calendar/calendarStatus';
import { applyCaseEvent } from '../commands/applyCaseEvent';
import { appendCaseEvent, type CaseEventType, type NewCaseEvent } from '../commands/caseEvents';
import type { AppContext } from '../context';
import {
  type DeadlineOwner,
  deadlineJobKey,
  deadlineJobKind,
  startOfShanghaiDay,
} from '../deadlines/deadlineJobs';
import { readWarningPolicy } from '../deadlines/warningPolicy';
import type { DocumentKind } from '../documents/documentInput';
import { issueCaseDocument } from '../documents/issueCaseDocument';
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

/**
 * What a deadline job watches, as read with its warning policy and region: an open step
 * (`tasks` row), a running item clock (`case_items` with its item) or an in-progress case (with
 * its bundle; `case_id` is its own id). The fields one kind lacks are absent.
 */
export interface WatchedRow {
  case_id: string;
  /** The step's id, or the case's own on a case row. */
  id?: string;
  scope_key?: string;
  item_code?: string | null;
  element_id?: string | null;
  activation_key?: string | null;
  name_zh?: string | null;
  name_en?: string | null;
  department_id?: string | null;
  lead_department_id?: string | null;
  status?: string;
  due_date: string | null;
  due_at?: Date | null;
  due_provisional?: boolean;
  warning_policy?: unknown;
  /** Absent when the query did not join the case: then it is looked up. */
  calendar_region?: string | null;
}
type Row = WatchedRow;

/**
 * The steps, item clocks and cases a batch's deadline jobs watch (open steps with a deadline,
 * running item clocks, cases with their bundle), each with its case's calendar region.
 */
export interface WatchedRows {
  tasks: Map<string, Row>;
  /** Keyed by `itemKey(caseId, scopeKey)`. */
  items: Map<string, Row>;
  cases: Map<string, Omit<Row, 'case_id'>>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const itemKey = (caseId: string, scopeKey: string) => `${caseId}\u0000${scopeKey}`;

/** The item clock columns a deadline job reads (the step's are `t.*`). */
const itemColumns = [
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
];

const caseColumns = [
  'c.id',
  'c.status',
  'c.due_date',
  'c.due_at',
  'c.due_provisional',
  'c.calendar_region',
  'b.warning_policy',
  'b.lead_department_id',
];

/**
 * Reads what a batch's deadline jobs watch in one statement per kind of owner, instead of one
 * (or three, with the region and the department) per job: a sweep costs round trips.
 */
export async function prefetchWatched(trx: Knex.Transaction, jobs: readonly JobRow[]): Promise<WatchedRows> {
  const taskIds = new Set<string>();
  const caseIds = new Set<string>();
  const items: { caseId: string; scopeKey: string }[] = [];
  for (const job of jobs) {
    const [owner, what] = job.kind.split('.');
    if (owner === 'task' && uuidPattern.test(String(job.payload.taskId ?? '')))
      taskIds.add(String(job.payload.taskId));
    if (owner === 'item' && job.case_id)
      items.push({ caseId: job.case_id, scopeKey: String(job.payload.scopeKey ?? '') });
    if (owner === 'case' && what !== 'timer' && what !== 'document' && job.case_id) caseIds.add(job.case_id);
  }
  const tasks: (Row & { id: string })[] = taskIds.size
    ? await trx('tasks as t')
        .leftJoin('items as i', 'i.code', 't.item_code')
        .join('cases as c', 'c.id', 't.case_id')
        .whereIn('t.id', [...taskIds])
        .whereIn('t.status', ['open', 'claimed'])
        .whereNotNull('t.due_at')
        .select('t.*', 'i.warning_policy', 'c.calendar_region')
    : [];
  const itemRows: (Row & { scope_key: string })[] = items.length
    ? await trx('case_items as ci')
        .leftJoin('items as i', 'i.code', 'ci.item_code')
        .join('cases as c', 'c.id', 'ci.case_id')
        .join('bundles as b', 'b.key', 'c.bundle_key')
        .whereIn(
          ['ci.case_id', 'ci.scope_key'],
          items.map((i) => [i.caseId, i.scopeKey]),
        )
        .where('ci.status', 'running')
        .whereNotNull('ci.due_at')
        .select(...itemColumns, 'c.calendar_region', 'b.lead_department_id')
    : [];
  const cases: (Omit<Row, 'case_id'> & { id: string })[] = caseIds.size
    ? await trx('cases as c')
        .join('bundles as b', 'b.key', 'c.bundle_key')
        .whereIn('c.id', [...caseIds])
        .select(...caseColumns)
    : [];
  return {
    tasks: new Map(tasks.map((t) => [t.id, t])),
    items: new Map(itemRows.map((i) => [itemKey(i.case_id, i.scope_key), i])),
    cases: new Map(cases.map((c) => [c.id, c])),
  };
}

/** The kinds of deadline job (提醒, 催办, 督办 of a step, an item clock or the case). */
export type DeadlineKind = 'task' | 'item' | 'case';
export type DeadlineLevel = 'remind' | 'urge' | 'supervise';

/** The owner and level of a deadline job's kind, or null for other kinds. */
export function deadlineKindOf(kind: string): { owner: DeadlineKind; level: DeadlineLevel } | null {
  const [owner, level] = kind.split('.');
  if (owner !== 'task' && owner !== 'item' && owner !== 'case') return null;
  if (level !== 'remind' && level !== 'urge' && level !== 'supervise') return null;
  return { owner, level };
}

/** What a deadline job watches, from the rows read before the batch (see `watched`). */
export function watchedFromRows(job: JobRow, owner: DeadlineKind, rows: WatchedRows): Row | null {
  if (!job.case_id) return null;
  if (owner === 'task') {
    const task = rows.tasks.get(String(job.payload.taskId ?? ''));
    return task && task.case_id === job.case_id ? task : null;
  }
  if (owner === 'item')
    return rows.items.get(itemKey(job.case_id, String(job.payload.scopeKey ?? ''))) ?? null;
  return runningCase(rows.cases.get(job.case_id));
}

const runningCase = (kase: Omit<Row, 'case_id'> | undefined): Row | null =>
  kase && kase.status === 'inProgress' && kase.due_at && kase.id ? { ...kase, case_id: kase.id } : null;

/**
 * What a deadline job watches, if it is still running: a finished step, a concluded case or a
 * paused clock makes the job moot. The sweeper holds the case lock (takeDueJobs locks the case
 * before the job, and re-checks the job under it), so a command that finished the step or paused
 * the clock has either committed — and cancelled the job — or waits for us.
 */
async function watched(
  trx: Knex.Transaction,
  job: JobRow,
  owner: DeadlineKind,
  rows?: WatchedRows,
): Promise<Row | null> {
  if (!job.case_id) return null;
  if (rows) return watchedFromRows(job, owner, rows);
  if (owner === 'task') return watchedTask(trx, job);
  if (owner === 'case')
    return runningCase(
      await trx('cases as c')
        .join('bundles as b', 'b.key', 'c.bundle_key')
        .where('c.id', job.case_id)
        .forUpdate('c')
        .first(...caseColumns),
    );
  const item = await trx('case_items as ci')
    .leftJoin('items as i', 'i.code', 'ci.item_code')
    .where({
      'ci.case_id': job.case_id,
      'ci.scope_key': String(job.payload.scopeKey ?? ''),
      'ci.status': 'running',
    })
    .whereNotNull('ci.due_at')
    .first(...itemColumns);
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

/** The audit event of a reminder or an escalation (which department systems receive). */
export function deadlineEvent(type: CaseEventType, row: Row, at: string): NewCaseEvent {
  return {
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
  };
}

/** Records a reminder or an escalation in the case's audit log. */
function logDeadline(trx: Knex.Transaction, type: CaseEventType, row: Row, at: string): Promise<void> {
  return appendCaseEvent(trx, row.case_id, deadlineEvent(type, row, at));
}

// The watched row is the job's own owner (watchedFromRows checked it), so the job names it.
const ownerOf = (kind: DeadlineKind, row: Row, job: JobRow): DeadlineOwner =>
  kind === 'task'
    ? { kind, taskId: String(job.payload.taskId), caseId: row.case_id }
    : kind === 'item'
      ? { kind, caseId: row.case_id, scopeKey: String(job.payload.scopeKey) }
      : { kind, caseId: row.case_id };

/** 提醒: the deadline is near (the policy's working days before it). */
const remind =
  (kind: DeadlineKind): Handler =>
  async (ctx, trx, job, rows) => {
    const row = await watched(trx, job, kind, rows);
    if (row) await logDeadline(trx, `${kind}.reminded`, row, await ctx.now(trx));
  };

/**
 * The 督办 job a 催办 schedules, after the policy's grace (default 5 working days) counted in the
 * case's region (the prefetched rows carry it; otherwise it is looked up).
 */
export async function superviseJobFor(
  ctx: AppContext,
  trx: Knex.Transaction,
  kind: DeadlineKind,
  row: Row,
  job: JobRow,
  now: string,
): Promise<Parameters<typeof scheduleJob>[1]> {
  const region: string | null =
    row.calendar_region !== undefined
      ? row.calendar_region
      : ((await trx('cases').where({ id: row.case_id }).first('calendar_region'))?.calendar_region ?? null);
  const calendar = await ctx.calendar.get(region ?? undefined, trx);
  const policy = readWarningPolicy(row.warning_policy);
  const escalate = addWorkingDays(calendar, shanghaiDate(now), policy.superviseAfterWorkingDays);
  const owner = ownerOf(kind, row, job);
  return {
    key: deadlineJobKey(owner, 'supervise'),
    kind: deadlineJobKind(owner, 'supervise'),
    caseId: row.case_id,
    runAt: startOfShanghaiDay(escalate.date),
    payload: job.payload,
  };
}

/**
 * 催办: the working day after a deadline passed with the work still open; 督办 is scheduled after
 * the policy's grace.
 */
const urge =
  (kind: DeadlineKind): Handler =>
  async (ctx, trx, job, rows) => {
    const row = await watched(trx, job, kind, rows);
    if (!row) return;
    const now = await ctx.now(trx);
    await logDeadline(trx, `${kind}.urged`, row, now);
    await scheduleJob(trx, await superviseJobFor(ctx, trx, kind, row, job, now));
  };

/** 督办: still open after the grace: escalated to the supervisor. */
const supervise =
  (kind: DeadlineKind): Handler =>
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

/** A case event issued a document: render and store it (idempotent per case and event). */
const caseDocument: Handler = async (ctx, trx, job) => {
  if (!job.case_id) return;
  await issueCaseDocument(trx, {
    caseId: job.case_id,
    seq: Number(job.payload.seq),
    kind: job.payload.documentKind as DocumentKind,
    now: await ctx.now(trx),
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
  'case.document': caseDocument,
  'calendar.check': async (ctx, trx) => {
    await checkCalendarNotice(trx, await ctx.now(trx));
  },
};
