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

type Handler = (ctx: AppContext, trx: Knex.Transaction, job: JobRow) => Promise<void>;

/** Jobs of one case timer: keyed by case and the engine's timer key, so scheduling is idempotent. */
export const caseTimerJobKey = (caseId: string, key: string) => `case:${caseId}:timer:${key}`;

// biome-ignore lint/suspicious/noExplicitAny: knex rows are untyped.
type Row = Record<string, any>;

/**
 * What a deadline job watches, locked with its case, if it is still running: a finished step, a
 * concluded case or a paused clock makes the job moot (pausing also cancels the jobs; this guards
 * against a job taken just before).
 */
async function watched(
  trx: Knex.Transaction,
  job: JobRow,
  owner: 'task' | 'item' | 'case',
): Promise<Row | null> {
  if (!job.case_id) return null;
  const kase = await trx('cases as c')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .where('c.id', job.case_id)
    .forUpdate('c')
    .first('c.id', 'c.status', 'c.due_date', 'c.due_at', 'c.due_provisional', 'b.warning_policy');
  if (!kase) return null;
  if (owner === 'case')
    return kase.status === 'inProgress' && kase.due_at ? { ...kase, case_id: kase.id } : null;
  if (owner === 'item') {
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
  const task = await trx('tasks as t')
    .leftJoin('items as i', 'i.code', 't.item_code')
    .where('t.id', String(job.payload.taskId ?? ''))
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
  async (ctx, trx, job) => {
    const row = await watched(trx, job, kind);
    if (row) await logDeadline(trx, `${kind}.reminded`, row, await ctx.now(trx));
  };

/**
 * 催办: the working day after a deadline passed with the work still open; 督办 is scheduled after
 * the policy's grace (default 5 working days).
 */
const urge =
  (kind: 'task' | 'item' | 'case'): Handler =>
  async (ctx, trx, job) => {
    const row = await watched(trx, job, kind);
    if (!row) return;
    const now = await ctx.now(trx);
    await logDeadline(trx, `${kind}.urged`, row, now);
    const kase = await trx('cases').where({ id: row.case_id }).first('calendar_region');
    const calendar = await ctx.calendar.get(kase?.calendar_region ?? undefined);
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
  async (ctx, trx, job) => {
    const row = await watched(trx, job, kind);
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
