import {
  dueOnResume,
  type Effect,
  endOfShanghaiDay,
  governingLimit,
  type ProcessDefinition,
  shanghaiDate,
  type WorkCalendar,
  workingDaysBetween,
} from '@yijian/engine';
import type { Knex } from 'knex';
import {
  type DeadlineOwner,
  deadlineJobPrefix,
  itemJobsPrefix,
  scheduleDeadlineJobs,
} from '../deadlines/deadlineJobs';
import { readWarningPolicy } from '../deadlines/warningPolicy';
import { raiseIncident, resolveIncident } from '../incidents/incidentQueries';
import { caseTimerJobKey } from '../jobs/jobHandlers';
import { cancelJobs, scheduleJob } from '../jobs/jobQueries';
import { appendCaseEvent } from './caseEvents';

interface EffectMeta {
  now: string;
  actorId: string | null;
  calendar: WorkCalendar;
  definition: ProcessDefinition;
  /** What the effects answer: the case event (and its task or timer), or the job that ran it. */
  cause?: Record<string, unknown>;
}

/** The window's intake step (预审受理) as it appears in the lead department's queue. */
export const INTAKE_NAME = { zh: '预审受理', en: 'Intake (pre-review)' };

/**
 * Runs the engine's effects inside the command's transaction, so the snapshot, the tasks and the
 * audit log commit together or not at all. Inserts are keyed by activation so a retry adds nothing.
 */
export async function executeEffects(
  trx: Knex.Transaction,
  caseId: string,
  effects: Effect[],
  meta: EffectMeta,
): Promise<void> {
  const today = shanghaiDate(meta.now);
  const log = (
    type: Parameters<typeof appendCaseEvent>[2]['type'],
    payload: Record<string, unknown>,
    extra = {},
  ) => appendCaseEvent(trx, caseId, { type, at: meta.now, actorId: meta.actorId, payload, ...extra });

  for (const effect of effects) {
    switch (effect.type) {
      case 'task.create': {
        // A countersign instance for one clerk is theirs from the start (claimed for them).
        const assignee = effect.assignee
          ? await trx('users')
              .where({ username: effect.assignee, department_id: effect.departmentId, role: 'clerk' })
              .first('id')
          : undefined;
        const inserted = await insertTask(trx, caseId, meta, {
          ...(assignee ? { status: 'claimed', assignee_id: assignee.id, claimed_at: meta.now } : {}),
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
          due_start_date: effect.dueDate ? today : null,
          due_limit: effect.dueDate
            ? JSON.stringify(governingLimit(meta.definition.nodes[effect.elementId]?.limits ?? []))
            : null,
        });
        if (inserted) {
          await log(
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
        break;
      }
      case 'intake.open': {
        const lead = await trx('cases as c')
          .join('bundles as b', 'b.key', 'c.bundle_key')
          .where('c.id', caseId)
          .first('b.lead_department_id');
        const inserted = await insertTask(trx, caseId, meta, {
          kind: 'intake',
          activation_key: effect.activationKey,
          element_id: 'intake',
          name_zh: INTAKE_NAME.zh,
          name_en: INTAKE_NAME.en,
          item_code: null,
          department_id: lead.lead_department_id,
          due_date: effect.dueDate,
          due_at: effect.dueAt,
          due_provisional: effect.dueProvisional,
          due_start_date: effect.receivedOn,
          due_limit: JSON.stringify({ value: 5, unit: 'workingDays', kind: 'statutory' }),
        });
        if (inserted) {
          await log(
            'task.created',
            {
              name: INTAKE_NAME,
              departmentId: lead.lead_department_id,
              dueDate: effect.dueDate,
              round: effect.round,
            },
            { actorId: null, elementId: 'intake', activationKey: effect.activationKey },
          );
        }
        if (effect.round === 1)
          await trx('cases').where({ id: caseId }).update({ received_on: effect.receivedOn });
        break;
      }
      case 'intake.deadline': {
        // A new calendar moved the window's notice deadline; the deemed-acceptance timer moves
        // with its own timer.schedule effect.
        const moved = await trx('tasks')
          .where({ case_id: caseId, activation_key: effect.activationKey })
          .whereIn('status', ['open', 'claimed'])
          .update({
            due_date: effect.dueDate,
            due_at: effect.dueAt,
            due_provisional: effect.dueProvisional,
            due_start_date: effect.receivedOn,
          })
          .returning('id');
        for (const row of moved) {
          await scheduleDeadlineJobs(
            trx,
            { kind: 'task', taskId: row.id, caseId },
            { dueDate: effect.dueDate, today, calendar: meta.calendar, policy: readWarningPolicy({}) },
          );
        }
        break;
      }
      case 'intake.close': {
        // A clerk's decision already completed the row; deemed acceptance completes it for the law.
        const closed = await trx('tasks')
          .where({ case_id: caseId, activation_key: effect.activationKey })
          .whereIn('status', ['open', 'claimed'])
          .update({ status: 'completed', completed_at: meta.now, outcome: effect.outcome })
          .returning('id');
        for (const row of closed)
          await cancelJobs(trx, deadlineJobPrefix({ kind: 'task', taskId: row.id, caseId }));
        break;
      }
      case 'task.cancel': {
        const cancelled = await trx('tasks')
          .where({ case_id: caseId, activation_key: effect.activationKey })
          .whereIn('status', ['open', 'claimed'])
          .update({ status: 'cancelled', completed_at: meta.now })
          .returning('id');
        for (const row of cancelled)
          await cancelJobs(trx, deadlineJobPrefix({ kind: 'task', taskId: row.id, caseId }));
        break;
      }
      case 'case.accepted':
        await trx('cases')
          .where({ id: caseId })
          .update({ accepted_on: effect.acceptedOn, deemed_acceptance: effect.deemed });
        await log(
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
        break;
      case 'case.correctionNotice':
        await trx('cases')
          .where({ id: caseId })
          .update({ correction_notice: JSON.stringify(effect.notice) });
        await log('case.correctionNotice', { items: effect.notice.items, note: effect.notice.note ?? null });
        break;
      case 'case.correctionsReceived':
        await log('case.correctionsReceived', { on: effect.on, note: effect.note ?? null });
        break;
      case 'case.rejected':
        await trx('cases')
          .where({ id: caseId })
          .update({ rejection_reason: effect.reason, concluded_at: effect.at });
        await log('case.rejected', { reason: effect.reason });
        break;
      case 'case.deadline': {
        await trx('cases')
          .where({ id: caseId })
          .update({
            due_date: effect.dueDate,
            due_at: effect.dueAt,
            due_provisional: effect.provisional,
            due_start_date: effect.startDate,
            due_limit: JSON.stringify(effect.limit),
          });
        const bundle = await bundleOf(trx, caseId);
        await scheduleDeadlineJobs(
          trx,
          { kind: 'case', caseId },
          {
            dueDate: effect.dueDate,
            today,
            calendar: meta.calendar,
            policy: readWarningPolicy(bundle.warning_policy),
          },
        );
        break;
      }
      case 'case.clock':
        await applyClockChange(trx, caseId, effect, meta, log);
        break;
      case 'case.issuance':
        await trx('cases').where({ id: caseId }).update({
          issuance_due_date: effect.dueDate,
          issuance_due_at: effect.dueAt,
          issuance_provisional: effect.provisional,
        });
        break;
      case 'item.start':
        await trx('case_items')
          .insert({
            case_id: caseId,
            scope_key: effect.scopeKey,
            element_id: effect.elementId,
            item_code: effect.itemCode,
            status: 'running',
            started_at: meta.now,
            due_start_date: effect.startDate,
            due_limit: JSON.stringify(effect.limit),
            due_date: effect.dueDate,
            due_at: effect.dueAt,
            due_provisional: effect.provisional,
          })
          .onConflict(['case_id', 'scope_key'])
          .ignore()
          .returning('scope_key')
          .then(async (inserted) => {
            if (inserted.length === 0) return;
            const item = await trx('items').where({ code: effect.itemCode }).first('warning_policy');
            await scheduleDeadlineJobs(
              trx,
              { kind: 'item', caseId, scopeKey: effect.scopeKey },
              {
                dueDate: effect.dueDate,
                today,
                calendar: meta.calendar,
                policy: readWarningPolicy(item?.warning_policy),
              },
            );
          });
        break;
      case 'item.end':
        await trx('case_items')
          .where({ case_id: caseId, scope_key: effect.scopeKey })
          .whereIn('status', ['running', 'paused'])
          .update({ status: effect.outcome, ended_at: meta.now });
        await cancelJobs(trx, deadlineJobPrefix({ kind: 'item', caseId, scopeKey: effect.scopeKey }));
        break;
      case 'case.delivered':
        await trx('cases').where({ id: caseId }).update({ delivered_at: effect.at });
        await log('case.delivered', { method: effect.method });
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
        await trx('case_subscriptions')
          .insert({
            case_id: caseId,
            key: effect.key,
            name: effect.name,
            correlation: effect.correlation,
            element_id: effect.elementId,
            created_at: meta.now,
          })
          .onConflict(['case_id', 'key'])
          .ignore();
        break;
      case 'message.unsubscribe':
        await trx('case_subscriptions').where({ case_id: caseId, key: effect.key }).delete();
        break;
      case 'incident.raise': {
        // A failed retry raises the same key again: the open row is updated in place, one attempt more.
        await raiseIncident(trx, {
          caseId,
          key: effect.key,
          source: 'engine',
          elementId: effect.elementId,
          code: effect.code,
          message: effect.message,
          attempts: effect.attempts,
          raisedBy: meta.cause ?? {},
          at: effect.at,
        });
        await log(
          'incident.raised',
          {
            key: effect.key,
            code: effect.code,
            message: effect.message,
            attempts: effect.attempts,
            name: meta.definition.nodes[effect.elementId]?.name ?? null,
          },
          { actorId: null, elementId: effect.elementId },
        );
        break;
      }
      case 'incident.resolve': {
        const open = await trx('incidents')
          .where({ case_id: caseId, key: effect.key, status: 'open' })
          .first('id', 'element_id');
        const closed = await resolveIncident(trx, {
          caseId,
          key: effect.key,
          at: effect.at,
          by: meta.actorId,
          resolution: effect.resolution,
        });
        if (open && closed > 0) {
          await log(
            'incident.resolved',
            { incidentId: String(open.id), key: effect.key, resolution: effect.resolution },
            { elementId: open.element_id },
          );
        }
        break;
      }
      case 'case.concluded':
        await trx('cases').where({ id: caseId }).update({ concluded_at: effect.at });
        await cancelJobs(trx, deadlineJobPrefix({ kind: 'case', caseId }));
        await appendCaseEvent(trx, caseId, { type: 'case.concluded', at: effect.at, actorId: meta.actorId });
        break;
    }
  }
}

/** Inserts a task once per activation and schedules its reminder and 催办 under its item's policy. */
async function insertTask(
  trx: Knex.Transaction,
  caseId: string,
  meta: EffectMeta,
  row: Record<string, unknown> & { due_date: string | null; item_code: string | null },
): Promise<boolean> {
  const inserted = await trx('tasks')
    .insert({ case_id: caseId, status: 'open', created_at: meta.now, ...row })
    .onConflict(['case_id', 'activation_key'])
    .ignore()
    .returning('id');
  if (inserted.length === 0) return false;
  if (row.due_date) {
    const item = row.item_code
      ? await trx('items').where({ code: row.item_code }).first('warning_policy')
      : null;
    await scheduleDeadlineJobs(
      trx,
      { kind: 'task', taskId: inserted[0].id, caseId },
      {
        dueDate: row.due_date,
        today: shanghaiDate(meta.now),
        calendar: meta.calendar,
        policy: readWarningPolicy(item?.warning_policy),
      },
    );
  }
  return true;
}

function bundleOf(trx: Knex.Transaction, caseId: string) {
  return trx('cases as c')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .where('c.id', caseId)
    .first('b.key', 'b.warning_policy');
}

/**
 * The statutory clock changed. Paused: the case and its open steps stop counting — their
 * deadlines are put aside with the working days they had left, and their reminders and 催办 jobs
 * are cancelled. Resumed: each step gets its remaining working days again from today. The audit
 * log records the pause (procedure, reason, expected duration), the resumption and the extension.
 */
async function applyClockChange(
  trx: Knex.Transaction,
  caseId: string,
  effect: Extract<Effect, { type: 'case.clock' }>,
  meta: EffectMeta,
  log: (
    type: 'clock.paused' | 'clock.resumed' | 'clock.extended' | 'clock.recounted',
    payload: Record<string, unknown>,
  ) => Promise<void>,
): Promise<void> {
  const clock = effect.clock;
  await trx('cases')
    .where({ id: caseId })
    .update({ clock: JSON.stringify(clock) });
  const today = effect.on;
  const steps = () =>
    trx('tasks').where({ case_id: caseId, kind: 'step' }).whereIn('status', ['open', 'claimed']);
  switch (effect.change) {
    case 'paused': {
      const pause = clock.context.pauses.at(-1)!;
      await trx('cases').where({ id: caseId }).update({ due_at: null });
      await cancelJobs(trx, deadlineJobPrefix({ kind: 'case', caseId }));
      for (const task of await steps()
        .whereNotNull('due_date')
        .whereNull('paused_remaining')
        .select('id', 'due_date')) {
        await trx('tasks')
          .where({ id: task.id })
          .update({
            paused_remaining: workingDaysBetween(meta.calendar, today, task.due_date),
            due_at: null,
          });
        await cancelJobs(trx, deadlineJobPrefix({ kind: 'task', taskId: task.id, caseId }));
      }
      // Items stop counting with the case: each keeps the working days it had left.
      await cancelJobs(trx, itemJobsPrefix(caseId));
      for (const item of await trx('case_items')
        .where({ case_id: caseId, status: 'running' })
        .whereNotNull('due_date')
        .select('scope_key', 'due_date')) {
        await trx('case_items')
          .where({ case_id: caseId, scope_key: item.scope_key })
          .update({
            status: 'paused',
            paused_remaining: workingDaysBetween(meta.calendar, today, item.due_date),
            due_at: null,
          });
      }
      await log('clock.paused', {
        kind: pause.kind,
        procedure: pause.procedure,
        reason: pause.reason,
        expectedWorkingDays: pause.expectedWorkingDays,
        remainingWorkingDays: pause.remainingAtPause,
      });
      break;
    }
    case 'resumed': {
      const pause = clock.context.pauses.at(-1)!;
      // The case deadline itself comes with the case.deadline effect; its basis is the resume day.
      await trx('cases')
        .where({ id: caseId })
        .update({
          // Expired before the pause: as overdue as it was; the deadline is its own basis.
          due_start_date: pause.remainingAtPause >= 0 ? today : clock.context.dueDate,
          due_limit: JSON.stringify({
            ...clock.context.limit,
            value: Math.max(0, pause.remainingAtPause),
            unit: 'workingDays',
          }),
        });
      const rows = await steps()
        .whereNotNull('paused_remaining')
        .leftJoin('items as i', 'i.code', 'tasks.item_code')
        .select('tasks.id', 'tasks.paused_remaining', 'i.warning_policy');
      for (const task of rows) {
        const remaining: number = task.paused_remaining;
        const due = dueOnResume(meta.calendar, today, remaining);
        await trx('tasks')
          .where({ id: task.id })
          .update({
            due_date: due.date,
            due_at: endOfShanghaiDay(due.date),
            due_provisional: due.provisional,
            // Overdue before the pause: as overdue after it; its basis is that date itself.
            due_start_date: remaining >= 0 ? today : due.date,
            due_limit: JSON.stringify({
              value: Math.max(0, remaining),
              unit: 'workingDays',
              kind: 'statutory',
            }),
            paused_remaining: null,
          });
        const owner: DeadlineOwner = { kind: 'task', taskId: task.id, caseId };
        await scheduleDeadlineJobs(trx, owner, {
          dueDate: due.date,
          today,
          calendar: meta.calendar,
          policy: readWarningPolicy(task.warning_policy),
        });
      }
      for (const item of await trx('case_items as ci')
        .leftJoin('items as i', 'i.code', 'ci.item_code')
        .where({ 'ci.case_id': caseId, 'ci.status': 'paused' })
        .select('ci.scope_key', 'ci.paused_remaining', 'ci.due_limit', 'i.warning_policy')) {
        const remaining: number = item.paused_remaining ?? 0;
        const due = dueOnResume(meta.calendar, today, remaining);
        await trx('case_items')
          .where({ case_id: caseId, scope_key: item.scope_key })
          .update({
            status: 'running',
            due_date: due.date,
            due_at: endOfShanghaiDay(due.date),
            due_provisional: due.provisional,
            // The basis a newly loaded calendar recounts from: what was left, from the resume day.
            due_start_date: remaining >= 0 ? today : due.date,
            due_limit: JSON.stringify({
              ...item.due_limit,
              value: Math.max(0, remaining),
              unit: 'workingDays',
            }),
            paused_remaining: null,
          });
        await scheduleDeadlineJobs(
          trx,
          { kind: 'item', caseId, scopeKey: item.scope_key },
          {
            dueDate: due.date,
            today,
            calendar: meta.calendar,
            policy: readWarningPolicy(item.warning_policy),
          },
        );
      }
      await log('clock.resumed', {
        procedure: pause.procedure,
        result: pause.result ?? null,
        from: pause.from,
        until: pause.until,
        pausedWorkingDays: workingDaysBetween(meta.calendar, pause.from, today),
        dueDate: clock.context.dueDate,
      });
      break;
    }
    case 'extended': {
      const ext = clock.context.extension!;
      // The basis a newly loaded calendar recomputes from: the working days left as of today.
      await trx('cases')
        .where({ id: caseId })
        .update({
          due_start_date: today,
          due_limit: JSON.stringify({
            ...clock.context.limit,
            value: Math.max(0, workingDaysBetween(meta.calendar, today, clock.context.dueDate)),
            unit: 'workingDays',
          }),
        });
      await log('clock.extended', {
        workingDays: ext.workingDays,
        reason: ext.reason,
        approverId: ext.approverId,
        dueDate: clock.context.dueDate,
      });
      break;
    }
    case 'recounted':
      // A new calendar: the clock (and, while running, the case deadline via case.deadline) moved.
      await log('clock.recounted', {
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
}
