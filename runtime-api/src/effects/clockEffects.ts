import { deadlineJobPrefix } from '../deadlines/deadlineJobs';
import { cancelJobs } from '../jobs/jobQueries';
import { updateCase } from '../sql/caseWrites';
import { markStepsPaused } from '../sql/taskWrites';
import type { EffectHandlers } from './effectRun';

export const clockEffects: Pick<EffectHandlers, 'case.clock' | 'item.clock'> = {
  /**
   * The statutory clock changed. Paused: the case and its open steps stop counting, their
   * reminders and 催办 with them. Resumed: each counts its remaining working days again from the
   * resume day. The engine emits the moved deadlines itself (case.deadline, and task.deadline /
   * item.deadline after this effect, clock/workDeadlines.ts); here the steps only show why they
   * wait. The audit log records the pause (procedure, reason, expected duration), the resumption
   * and the extension.
   */
  async 'case.clock'(run, effect) {
    const { clock } = effect;
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
        await markStepsPaused(run.trx, run.caseId, only, pause.reason);
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
        await markStepsPaused(run.trx, run.caseId, only, null);
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
    // Its steps' and its clock's deadlines follow as task.deadline / item.deadline effects.
    await markStepsPaused(run.trx, run.caseId, only, effect.change === 'paused' ? effect.reason : null);
    await run.log(effect.change === 'paused' ? 'item.paused' : 'item.resumed', {
      itemCode: effect.itemCode,
      procedure: effect.procedure,
      reason: effect.reason,
      result: effect.result,
    });
  },
};
