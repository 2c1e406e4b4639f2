import type { WorkCalendar, WorkDeadlineEffect } from '@yijian/engine';
import type { Knex } from 'knex';
import { type DeadlineOwner, deadlineJobPrefix, scheduleDeadlineJobs } from '../deadlines/deadlineJobs';
import { readWarningPolicy } from '../deadlines/warningPolicy';
import { cancelJobs } from '../jobs/jobQueries';
import { writeItemDeadline } from '../sql/itemWrites';
import { writeTaskDeadline } from '../sql/taskWrites';
import type { EffectHandlers } from './effectRun';

/**
 * Writes a step's or an item clock's deadline as the engine moved it (clock/workDeadlines.ts:
 * set aside on a pause, counted again on resume, recounted under a new calendar). Its 提醒/催办
 * jobs stop while it is set aside and follow it otherwise. The host decides nothing here.
 */
export async function writeWorkDeadline(
  trx: Knex.Transaction,
  caseId: string,
  effect: WorkDeadlineEffect,
  at: { today: string; calendar: WorkCalendar },
): Promise<void> {
  let owner: DeadlineOwner;
  let policy: unknown;
  if (effect.type === 'task.deadline') {
    const row = await writeTaskDeadline(trx, effect);
    if (!row) return;
    owner = { kind: 'task', taskId: effect.taskId, caseId };
    policy = row.warning_policy;
  } else {
    const row = await writeItemDeadline(trx, caseId, effect);
    if (!row) return;
    owner = { kind: 'item', caseId, scopeKey: effect.scopeKey };
    policy = row.warning_policy;
  }
  if (effect.dueAt === null) await cancelJobs(trx, deadlineJobPrefix(owner));
  else
    await scheduleDeadlineJobs(trx, owner, {
      dueDate: effect.dueDate,
      today: at.today,
      calendar: at.calendar,
      policy: readWarningPolicy(policy),
    });
}

export const deadlineEffects: Pick<EffectHandlers, 'task.deadline' | 'item.deadline'> = {
  'task.deadline': (run, effect) =>
    writeWorkDeadline(run.trx, run.caseId, effect, { today: run.today, calendar: run.meta.calendar }),
  'item.deadline': (run, effect) =>
    writeWorkDeadline(run.trx, run.caseId, effect, { today: run.today, calendar: run.meta.calendar }),
};
