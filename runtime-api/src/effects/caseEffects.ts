import { deadlineJobPrefix, scheduleDeadlineJobs } from '../deadlines/deadlineJobs';
import { readWarningPolicy } from '../deadlines/warningPolicy';
import { cancelJobs } from '../jobs/jobQueries';
import { bundleOfCase, updateCase } from '../sql/caseWrites';
import type { EffectHandlers } from './effectRun';

export const caseEffects: Pick<
  EffectHandlers,
  | 'case.accepted'
  | 'case.correctionNotice'
  | 'case.correctionsReceived'
  | 'case.rejected'
  | 'case.withdrawn'
  | 'case.deadline'
  | 'case.issuance'
  | 'case.delivered'
  | 'case.concluded'
> = {
  async 'case.accepted'(run, effect) {
    await updateCase(run.trx, run.caseId, {
      accepted_on: effect.acceptedOn,
      deemed_acceptance: effect.deemed,
    });
    await run.log(
      'case.accepted',
      {
        acceptedOn: effect.acceptedOn,
        receivedOn: effect.receivedOn,
        deemed: effect.deemed,
        // The audit flag of a missed correction notice: accepted by law, not by a clerk.
        ...(effect.deemed
          ? { rule: '《行政许可法》第三十二条：逾期不告知补正的，自收到申请材料之日起即为受理' }
          : {}),
      },
      effect.deemed ? { actorId: null } : {},
    );
  },

  async 'case.correctionNotice'(run, effect) {
    await updateCase(run.trx, run.caseId, { correction_notice: JSON.stringify(effect.notice) });
    await run.log('case.correctionNotice', { items: effect.notice.items, note: effect.notice.note ?? null });
  },

  async 'case.correctionsReceived'(run, effect) {
    await run.log('case.correctionsReceived', { on: effect.on, note: effect.note ?? null });
  },

  async 'case.rejected'(run, effect) {
    await updateCase(run.trx, run.caseId, { rejection_reason: effect.reason, concluded_at: effect.at });
    await run.log('case.rejected', { reason: effect.reason });
  },

  async 'case.withdrawn'(run, effect) {
    await updateCase(run.trx, run.caseId, { concluded_at: effect.at });
    await cancelJobs(run.trx, deadlineJobPrefix({ kind: 'case', caseId: run.caseId }));
    await run.log('case.withdrawn', { reason: effect.reason });
  },

  async 'case.deadline'(run, effect) {
    await updateCase(run.trx, run.caseId, {
      due_date: effect.dueDate,
      due_at: effect.dueAt,
      due_provisional: effect.provisional,
      due_start_date: effect.startDate,
      due_limit: JSON.stringify(effect.limit),
    });
    const bundle = await bundleOfCase(run.trx, run.caseId);
    await scheduleDeadlineJobs(
      run.trx,
      { kind: 'case', caseId: run.caseId },
      {
        dueDate: effect.dueDate,
        today: run.today,
        calendar: run.meta.calendar,
        policy: readWarningPolicy(bundle?.warning_policy),
      },
    );
  },

  async 'case.issuance'(run, effect) {
    await updateCase(run.trx, run.caseId, {
      issuance_due_date: effect.dueDate,
      issuance_due_at: effect.dueAt,
      issuance_provisional: effect.provisional,
    });
  },

  async 'case.delivered'(run, effect) {
    await updateCase(run.trx, run.caseId, { delivered_at: effect.at });
    await run.log('case.delivered', { method: effect.method });
  },

  async 'case.concluded'(run, effect) {
    await updateCase(run.trx, run.caseId, { concluded_at: effect.at });
    await cancelJobs(run.trx, deadlineJobPrefix({ kind: 'case', caseId: run.caseId }));
    await run.log('case.concluded', {}, { at: effect.at });
  },
};
