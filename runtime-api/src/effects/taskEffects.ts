import type { CreateTaskEffect } from '@yijian/engine';
import { governingLimit } from '@yijian/engine';
import { scheduleDeadlineJobs } from '../deadlines/deadlineJobs';
import { readWarningPolicy } from '../deadlines/warningPolicy';
import { bundleOfCase, updateCase } from '../sql/caseWrites';
import {
  cancelCountersignsOf,
  clerkByUsername,
  closeTask,
  insertTaskOnce,
  moveIntakeDeadline,
} from '../sql/taskWrites';
import type { EffectHandlers, EffectRun } from './effectRun';

/** The window's intake step (预审受理) as it appears in the lead department's queue. */
export const INTAKE_NAME = { zh: '预审受理', en: 'Intake (pre-review)' };

/** Inserts a task once per activation and schedules its reminder and 催办 under its item's policy. */
async function openTask(
  run: EffectRun,
  row: Record<string, unknown> & {
    activation_key: string;
    due_date: string | null;
    item_code: string | null;
  },
): Promise<boolean> {
  const inserted = await insertTaskOnce(run.trx, { case_id: run.caseId, created_at: run.meta.now, ...row });
  if (!inserted) return false;
  if (row.item_code) run.openedItems?.add(row.item_code);
  if (row.due_date) {
    await scheduleDeadlineJobs(
      run.trx,
      { kind: 'task', taskId: inserted.id, caseId: run.caseId },
      {
        dueDate: row.due_date,
        today: run.today,
        calendar: run.meta.calendar,
        // The intake step has no item: the defaults.
        policy: readWarningPolicy(row.item_code ? inserted.warning_policy : undefined),
        // A step inserted just now (a new id): no job of it can exist yet.
        fresh: true,
      },
    );
  }
  return true;
}

async function createTask(run: EffectRun, effect: CreateTaskEffect): Promise<void> {
  // A countersign instance for one clerk is theirs from the start (claimed for them).
  const assignee = effect.assignee
    ? await clerkByUsername(run.trx, effect.assignee, effect.departmentId)
    : undefined;
  const inserted = await openTask(run, {
    ...(assignee ? { status: 'claimed', assignee_id: assignee.id, claimed_at: run.meta.now } : {}),
    activation_key: effect.activationKey,
    element_id: effect.elementId,
    name_zh: effect.name.zh,
    name_en: effect.name.en,
    item_code: effect.itemCode,
    department_id: effect.departmentId,
    due_date: effect.dueDate,
    due_at: effect.dueAt,
    due_provisional: effect.dueProvisional,
    // What the deadline was computed from, so a newly loaded calendar can recompute it.
    due_start_date: effect.dueDate ? run.today : null,
    due_limit: effect.dueDate
      ? JSON.stringify(governingLimit(run.meta.definition.nodes[effect.elementId]?.limits ?? []))
      : null,
  });
  if (inserted)
    await run.log(
      'task.created',
      {
        name: effect.name,
        departmentId: effect.departmentId,
        dueDate: effect.dueDate,
        ...(effect.assignee ? { assignee: effect.assignee } : {}),
      },
      { actorId: null, elementId: effect.elementId, activationKey: effect.activationKey },
    );
}

export const taskEffects: Pick<
  EffectHandlers,
  'task.create' | 'task.cancel' | 'intake.open' | 'intake.deadline' | 'intake.close'
> = {
  'task.create': createTask,

  async 'task.cancel'(run, effect) {
    // It may close a step these effects opened: the opened items are no longer known for sure.
    run.openedItems = null;
    const ref = { caseId: run.caseId, activationKey: effect.activationKey };
    const cancelled = await closeTask(run.trx, ref, { status: 'cancelled', at: run.meta.now });
    if (cancelled.length > 0)
      await cancelCountersignsOf(
        run.trx,
        run.caseId,
        cancelled.map((r) => r.id),
        run.meta.now,
      );
  },

  async 'intake.open'(run, effect) {
    const { lead_department_id: lead } = await bundleOfCase(run.trx, run.caseId).then((b) => b!);
    const inserted = await openTask(run, {
      kind: 'intake',
      activation_key: effect.activationKey,
      element_id: 'intake',
      name_zh: INTAKE_NAME.zh,
      name_en: INTAKE_NAME.en,
      item_code: null,
      department_id: lead,
      due_date: effect.dueDate,
      due_at: effect.dueAt,
      due_provisional: effect.dueProvisional,
      due_start_date: effect.receivedOn,
      due_limit: JSON.stringify({ value: 5, unit: 'workingDays', kind: 'statutory' }),
    });
    if (inserted)
      await run.log(
        'task.created',
        { name: INTAKE_NAME, departmentId: lead, dueDate: effect.dueDate, round: effect.round },
        { actorId: null, elementId: 'intake', activationKey: effect.activationKey },
      );
    if (effect.round === 1) await updateCase(run.trx, run.caseId, { received_on: effect.receivedOn });
  },

  // A new calendar moved the window's notice deadline; the deemed-acceptance timer moves with its
  // own timer.schedule effect.
  async 'intake.deadline'(run, effect) {
    const moved = await moveIntakeDeadline(run.trx, run.caseId, effect.activationKey, {
      dueDate: effect.dueDate,
      dueAt: effect.dueAt,
      provisional: effect.dueProvisional,
      startDate: effect.receivedOn,
    });
    for (const taskId of moved)
      await scheduleDeadlineJobs(
        run.trx,
        { kind: 'task', taskId, caseId: run.caseId },
        {
          dueDate: effect.dueDate,
          today: run.today,
          calendar: run.meta.calendar,
          policy: readWarningPolicy({}),
        },
      );
  },

  // A clerk's decision already completed the row; deemed acceptance completes it for the law.
  async 'intake.close'(run, effect) {
    await closeTask(
      run.trx,
      { caseId: run.caseId, activationKey: effect.activationKey },
      { status: 'completed', at: run.meta.now, outcome: effect.outcome },
    );
  },
};
