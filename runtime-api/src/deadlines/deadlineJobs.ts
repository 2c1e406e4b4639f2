import { addCalendarDays, addWorkingDays, isWorkingDay, type WorkCalendar } from '@yijian/engine';
import type { Knex } from 'knex';
import { cancelJobs, type JobKind, type NewJob, scheduleJobsLater } from '../jobs/jobQueries';
import type { WarningPolicy } from './warningPolicy';

/** Whose deadline a job watches: one step (task), one item's clock, or the whole case's clock. */
export type DeadlineOwner =
  | { kind: 'task'; taskId: string; caseId: string }
  | { kind: 'item'; caseId: string; scopeKey: string }
  | { kind: 'case'; caseId: string };

/** Jobs of one deadline share a prefix, so finishing or pausing cancels them all at once. */
export const deadlineJobPrefix = (owner: DeadlineOwner) =>
  owner.kind === 'task'
    ? `task:${owner.taskId}:`
    : owner.kind === 'item'
      ? `case:${owner.caseId}:item:${owner.scopeKey}:`
      : `case:${owner.caseId}:deadline:`;

/** Every item-clock job of a case (a pause cancels them all). */
export const itemJobsPrefix = (caseId: string) => `case:${caseId}:item:`;

/** The jobs a deadline can have: 提醒, 催办 and 督办. */
export const DEADLINE_JOBS = ['remind', 'urge', 'supervise'] as const;
type DeadlineJob = (typeof DEADLINE_JOBS)[number];

export const deadlineJobKey = (owner: DeadlineOwner, what: DeadlineJob) =>
  `${deadlineJobPrefix(owner)}${what}`;

/** Every key a deadline's jobs can have (the whole of {@link deadlineJobPrefix}'s range). */
export const deadlineJobKeys = (owner: DeadlineOwner) =>
  DEADLINE_JOBS.map((what) => deadlineJobKey(owner, what));

export const deadlineJobKind = (owner: DeadlineOwner, what: DeadlineJob) =>
  `${owner.kind}.${what}` as JobKind;

/** Start of a Shanghai calendar day as an instant: jobs for "the working day after" run then. */
export const startOfShanghaiDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();

/** The working day `n` working days before `date` (`n` = 0: the date itself). */
export function workingDaysBefore(calendar: WorkCalendar, date: string, n: number): string {
  let day = date;
  for (let left = n; left > 0; ) {
    day = addCalendarDays(day, -1);
    if (isWorkingDay(calendar, day).working) left--;
  }
  return day;
}

/**
 * Schedules what watches a deadline (DOMAIN rule 14): a reminder `remindBeforeWorkingDays` before
 * it (skipped when that day is past) and 催办 the working day after it; 催办 schedules 督办 when it
 * runs. Scheduling again moves the jobs (upsert by key), so a moved deadline just reschedules.
 */
export async function scheduleDeadlineJobs(
  trx: Knex.Transaction,
  owner: DeadlineOwner,
  input: {
    dueDate: string;
    today: string;
    policy: WarningPolicy;
    calendar: WorkCalendar;
    /** The owner was created just now in this transaction (a new step): it has no jobs to cancel. */
    fresh?: boolean;
  },
): Promise<void> {
  if (!input.fresh) await cancelJobs(trx, deadlineJobPrefix(owner));
  const payload =
    owner.kind === 'task'
      ? { taskId: owner.taskId }
      : owner.kind === 'item'
        ? { scopeKey: owner.scopeKey }
        : {};
  const jobs: NewJob[] = [];
  if (input.policy.remindBeforeWorkingDays > 0) {
    const remindOn = workingDaysBefore(input.calendar, input.dueDate, input.policy.remindBeforeWorkingDays);
    if (remindOn > input.today) {
      jobs.push({
        key: deadlineJobKey(owner, 'remind'),
        kind: deadlineJobKind(owner, 'remind'),
        caseId: owner.caseId,
        runAt: startOfShanghaiDay(remindOn),
        payload,
      });
    }
  }
  const urgeOn = addWorkingDays(input.calendar, input.dueDate, 1).date;
  jobs.push({
    key: deadlineJobKey(owner, 'urge'),
    kind: deadlineJobKind(owner, 'urge'),
    caseId: owner.caseId,
    runAt: startOfShanghaiDay(urgeOn),
    payload,
  });
  // The reminder and 催办 in one statement, or in the command's audit statement (issue 16).
  await scheduleJobsLater(trx, jobs);
}
