import { resumeDeadlines, setAsideDeadlines } from '@yijian/engine';
import { deadlineJobPrefix } from '../deadlines/deadlineJobs';
import { cancelJobs } from '../jobs/jobQueries';
import { updateCase } from '../sql/caseWrites';
import { itemDeadlines } from '../sql/itemWrites';
import { markStepsPaused, type PausedItem, stepDeadlines } from '../sql/taskWrites';
import type { EffectHandlers, EffectRun } from './effectRun';

/**
 * The case's (or one item's) steps and item clocks stop counting: the engine sets each deadline
 * aside with the working days it had left (clock/workDeadlines.ts); `reason` is shown on each step.
 */
async function pauseWork(run: EffectRun, on: string, only: PausedItem, reason: string): Promise<void> {
  await markStepsPaused(run.trx, run.caseId, only, reason);
  const work = [
    ...(await stepDeadlines(run.trx, run.caseId, only)),
    ...(await itemDeadlines(run.trx, run.caseId, only)),
  ];
  await run.dispatch(setAsideDeadlines(work, { on, calendar: run.meta.calendar }));
}

/** They count again from `on`: the engine gives each set-aside deadline its days back. */
async function resumeWork(run: EffectRun, on: string, only: PausedItem): Promise<void> {
  await markStepsPaused(run.trx, run.caseId, only, null);
  const work = [
    ...(await stepDeadlines(run.trx, run.caseId, only)),
    ...(await itemDeadlines(run.trx, run.caseId, only)),
  ];
  await run.dispatch(resumeDeadlines(work, { on, calendar: run.meta.calendar }));
}

export const clockEffects: Pick<EffectHandlers, 'case.clock' | 'item.clock'> = {
  /**
   * The statutory clock changed. Paused: the case and its open steps stop counting, their
   * reminders and 催办 with them. Resumed: each counts its remaining working days again from the
   * resume day (the case deadline itself comes with the case.deadline effect). The audit log
   * records the pause (procedure, reason, expected duration), the resumption and the extension.
   */
  async 'case.clock'(run, effect) {
    const { clock, on } = effect;
    const only = effect.item ?? null;
    await updateCase(run.trx, run.caseId, {
      clock: JSON.stringify(clock),
      ...(effect.change === 'paused' ? { due_at: null } : {}),
      // What a calendar loaded later counts the case deadline from (computed by the engine).
      ...(effect.basis
        ? { due_start_date: effect.basis.startDate, due_limit: JSON.stringify(effect.basis.limit) }
        : {}),
    });
    switch (effect.change) {
      case 'paused': {
        const pause = clock.context.pauses.at(-1)!;
        await cancelJobs(run.trx, deadlineJobPrefix({ kind: 'case', caseId: run.caseId }));
        await pauseWork(run, on, only, pause.reason);
        await run.log('clock.paused', {
          kind: pause.kind,
          procedure: pause.procedure,
          reason: pause.reason,
          expectedWorkingDays: pause.expectedWorkingDays,
          remainingWorkingDays: pause.remainingAtPause,
          ...(only ? { itemCode: only.itemCode } : {}),
        });
        break;
      }
      case 'resumed': {
        const pause = clock.context.pauses.at(-1)!;
        await resumeWork(run, on, only);
        await run.log('clock.resumed', {
          procedure: pause.procedure,
          result: pause.result ?? null,
          from: pause.from,
          until: pause.until,
          pausedWorkingDays: effect.pausedWorkingDays,
          dueDate: clock.context.dueDate,
          ...(only ? { itemCode: only.itemCode } : {}),
        });
        break;
      }
      case 'extended': {
        const ext = clock.context.extension!;
        await run.log('clock.extended', {
          workingDays: ext.workingDays,
          reason: ext.reason,
          approverId: ext.approverId,
          dueDate: clock.context.dueDate,
        });
        break;
      }
      case 'recounted':
        // A new calendar: the clock (and, while running, the case deadline via case.deadline) moved.
        await run.log('clock.recounted', {
          state: clock.state,
          dueDate: clock.context.dueDate,
          provisional: clock.context.provisional,
          ...(clock.state === 'paused'
            ? { remainingWorkingDays: clock.context.pauses.at(-1)!.remainingAtPause }
            : {}),
        });
        break;
      case 'started':
      case 'stopped':
        break;
    }
  },

  // One item's special procedure while the joint clock stays as it is (Art. 45).
  async 'item.clock'(run, effect) {
    const only = { scopeKey: effect.scopeKey, itemCode: effect.itemCode };
    if (effect.change === 'paused') await pauseWork(run, effect.on, only, effect.reason);
    else await resumeWork(run, effect.on, only);
    await run.log(effect.change === 'paused' ? 'item.paused' : 'item.resumed', {
      itemCode: effect.itemCode,
      procedure: effect.procedure,
      reason: effect.reason,
      result: effect.result,
    });
  },
};
