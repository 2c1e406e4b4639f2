import {
  addWorkingDays,
  type Effect,
  governingLimit,
  type ProcessDefinition,
  shanghaiDate,
  type WorkCalendar,
} from '@yijian/engine';
import type { Knex } from 'knex';
import { caseTimerJobKey, startOfShanghaiDay, taskJobKey, taskJobPrefix } from '../jobs/jobHandlers';
import { cancelJobs, scheduleJob } from '../jobs/jobQueries';
import { appendCaseEvent } from './caseEvents';

/**
 * Runs the engine's effects inside the command's transaction, so the snapshot, the tasks and the
 * audit log commit together or not at all. Inserts are keyed by activation so a retry adds nothing.
 */
export async function executeEffects(
  trx: Knex.Transaction,
  caseId: string,
  effects: Effect[],
  meta: { now: string; actorId: string | null; calendar: WorkCalendar; definition: ProcessDefinition },
): Promise<void> {
  for (const effect of effects) {
    switch (effect.type) {
      case 'task.create': {
        const inserted = await trx('tasks')
          .insert({
            case_id: caseId,
            activation_key: effect.activationKey,
            element_id: effect.elementId,
            name_zh: effect.name.zh,
            name_en: effect.name.en,
            item_code: effect.itemCode,
            department_id: effect.departmentId,
            status: 'open',
            created_at: meta.now,
            due_date: effect.dueDate,
            due_at: effect.dueAt,
            due_provisional: effect.dueProvisional,
            // What the deadline was computed from, so a newly loaded calendar can recompute it.
            due_start_date: effect.dueDate ? shanghaiDate(meta.now) : null,
            due_limit: effect.dueDate
              ? JSON.stringify(governingLimit(meta.definition.nodes[effect.elementId]?.limits ?? []))
              : null,
          })
          .onConflict(['case_id', 'activation_key'])
          .ignore()
          .returning('id');
        if (inserted.length > 0 && effect.dueDate) {
          // 催办 falls on the working day after the deadline if the step is still open then.
          const urgeOn = addWorkingDays(meta.calendar, effect.dueDate, 1).date;
          await scheduleJob(trx, {
            key: taskJobKey(inserted[0].id, 'urge'),
            kind: 'task.urge',
            caseId,
            runAt: startOfShanghaiDay(urgeOn),
            payload: { taskId: inserted[0].id },
          });
        }
        if (inserted.length > 0) {
          await appendCaseEvent(trx, caseId, {
            type: 'task.created',
            at: meta.now,
            actorId: null,
            elementId: effect.elementId,
            activationKey: effect.activationKey,
            payload: { name: effect.name, departmentId: effect.departmentId, dueDate: effect.dueDate },
          });
        }
        break;
      }
      case 'task.cancel': {
        const cancelled = await trx('tasks')
          .where({ case_id: caseId, activation_key: effect.activationKey })
          .whereIn('status', ['open', 'claimed'])
          .update({ status: 'cancelled', completed_at: meta.now })
          .returning('id');
        for (const row of cancelled) await cancelJobs(trx, taskJobPrefix(row.id));
        break;
      }
      case 'case.deadline':
        await trx('cases')
          .where({ id: caseId })
          .update({
            due_date: effect.dueDate,
            due_at: effect.dueAt,
            due_provisional: effect.provisional,
            due_start_date: effect.startDate,
            due_limit: JSON.stringify(effect.limit),
          });
        break;
      case 'timer.schedule':
        await scheduleJob(trx, {
          key: caseTimerJobKey(caseId, effect.key),
          kind: 'case.timer',
          caseId,
          runAt: effect.dueAt,
          payload: { key: effect.key, elementId: effect.elementId },
        });
        break;
      case 'timer.cancel':
        await trx('jobs')
          .where({ key: caseTimerJobKey(caseId, effect.key) })
          .delete();
        break;
      case 'message.subscribe':
      case 'message.unsubscribe':
        // Messages reach a case through no route yet; the bundles shipped today wait for none.
        break;
      case 'case.concluded':
        await trx('cases').where({ id: caseId }).update({ status: 'concluded', concluded_at: effect.at });
        await appendCaseEvent(trx, caseId, { type: 'case.concluded', at: effect.at, actorId: meta.actorId });
        break;
    }
  }
}
