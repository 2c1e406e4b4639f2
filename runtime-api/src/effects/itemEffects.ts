import { deadlineJobPrefix, scheduleDeadlineJobs } from '../deadlines/deadlineJobs';
import { readWarningPolicy } from '../deadlines/warningPolicy';
import { cancelJobs } from '../jobs/jobQueries';
import { endItem, insertItemOnce } from '../sql/itemWrites';
import type { EffectHandlers } from './effectRun';

export const itemEffects: Pick<EffectHandlers, 'item.start' | 'item.end'> = {
  async 'item.start'(run, effect) {
    const started = await insertItemOnce(run.trx, run.caseId, effect, run.meta.now);
    if (!started) return;
    await scheduleDeadlineJobs(
      run.trx,
      { kind: 'item', caseId: run.caseId, scopeKey: effect.scopeKey },
      {
        dueDate: effect.dueDate,
        today: run.today,
        calendar: run.meta.calendar,
        policy: readWarningPolicy(started.warning_policy),
        // Its clock row is new (once per scope): nothing of it can be scheduled yet.
        fresh: true,
      },
    );
  },

  async 'item.end'(run, effect) {
    await endItem(run.trx, run.caseId, effect.scopeKey, effect.outcome, run.meta.now);
    await cancelJobs(
      run.trx,
      deadlineJobPrefix({ kind: 'item', caseId: run.caseId, scopeKey: effect.scopeKey }),
    );
  },
};
