import { addWorkingDays, shanghaiDate } from '@yijian/engine';
import type { Knex } from 'knex';
import { applyCaseEvent } from '../commands/applyCaseEvent';
import { appendCaseEvent } from '../commands/caseEvents';
import type { AppContext } from '../context';
import { type JobKind, type JobRow, scheduleJob } from './jobQueries';

/** Working days after a missed deadline before 督办 escalates to the supervisor (DOMAIN rule 14). */
export const SUPERVISE_AFTER_WORKING_DAYS = 5;

type Handler = (ctx: AppContext, trx: Knex.Transaction, job: JobRow) => Promise<void>;

/** Start of a Shanghai calendar day as an instant: jobs for "the working day after" run then. */
/** Jobs of one task share a prefix, so finishing the task cancels them all at once. */
export const taskJobPrefix = (taskId: string) => `task:${taskId}:`;
export const taskJobKey = (taskId: string, what: 'urge' | 'supervise') => `${taskJobPrefix(taskId)}${what}`;

export const startOfShanghaiDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();

/**
 * 催办: the working day after a step's deadline passed with the step still open, the department
 * is urged (an audit event department systems receive), and 督办 is scheduled after the grace.
 */
const urge: Handler = async (ctx, trx, job) => {
  const task = await openTask(trx, job);
  if (!task) return;
  const now = await ctx.now(trx);
  await logOverdue(trx, 'task.urged', task, now);
  const calendar = await ctx.calendar.get();
  const escalate = addWorkingDays(calendar, shanghaiDate(now), SUPERVISE_AFTER_WORKING_DAYS);
  await scheduleJob(trx, {
    key: taskJobKey(task.id, 'supervise'),
    kind: 'task.supervise',
    caseId: task.case_id,
    runAt: startOfShanghaiDay(escalate.date),
    payload: { taskId: task.id },
  });
};

/** 督办: still open after the grace: escalated to the supervisor. */
const supervise: Handler = async (ctx, trx, job) => {
  const task = await openTask(trx, job);
  if (!task) return;
  await logOverdue(trx, 'task.supervised', task, await ctx.now(trx));
};

/** Records an overdue step in the case's audit log, which department systems receive. */
function logOverdue(
  trx: Knex.Transaction,
  type: 'task.urged' | 'task.supervised',
  // biome-ignore lint/suspicious/noExplicitAny: a knex row of tasks.
  task: Record<string, any>,
  at: string,
): Promise<void> {
  return appendCaseEvent(trx, task.case_id, {
    type,
    at,
    actorId: null,
    elementId: task.element_id,
    activationKey: task.activation_key,
    payload: {
      name: { zh: task.name_zh, en: task.name_en },
      departmentId: task.department_id,
      dueDate: task.due_date,
    },
  });
}

/** The job's task, locked with its case, if it is still open; a finished task makes the job moot. */
async function openTask(trx: Knex.Transaction, job: JobRow) {
  const taskId = String(job.payload.taskId ?? '');
  if (!job.case_id || !taskId) return null;
  await trx('cases').where({ id: job.case_id }).forUpdate().first('id');
  return trx('tasks').where({ id: taskId }).whereIn('status', ['open', 'claimed']).first();
}

/**
 * A BPMN timer of the case's process is due (boundary or intermediate timer): the engine gets
 * `timer.fire`; a timer the process no longer waits for is a no-op there.
 */
const caseTimer: Handler = async (ctx, trx, job) => {
  if (!job.case_id) return;
  await trx('cases').where({ id: job.case_id }).forUpdate().first('id');
  const status = await trx('cases').where({ id: job.case_id }).first('status');
  if (status?.status !== 'inProgress') return;
  await applyCaseEvent(ctx, trx, {
    caseId: job.case_id,
    actorId: null,
    event: { type: 'timer.fire', key: String(job.payload.key) },
  });
};

/** Jobs of one case timer: keyed by case and the engine's timer key, so scheduling is idempotent. */
export const caseTimerJobKey = (caseId: string, key: string) => `case:${caseId}:timer:${key}`;

export const jobHandlers: Record<JobKind, Handler> = {
  'task.urge': urge,
  'task.supervise': supervise,
  'case.timer': caseTimer,
};
