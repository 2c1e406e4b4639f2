import { raiseIncident, resolveIncident } from '../incidents/incidentQueries';
import { caseTimerJobKey } from '../jobs/jobHandlers';
import { scheduleJob } from '../jobs/jobQueries';
import { deleteJob, openIncident, subscribe, unsubscribe } from '../sql/caseWrites';
import type { EffectHandlers } from './effectRun';

/** What a case waits for (timers, messages) and where it is stuck (incidents). */
export const waitEffects: Pick<
  EffectHandlers,
  | 'timer.schedule'
  | 'timer.cancel'
  | 'message.subscribe'
  | 'message.unsubscribe'
  | 'incident.raise'
  | 'incident.resolve'
> = {
  async 'timer.schedule'(run, effect) {
    await scheduleJob(run.trx, {
      key: caseTimerJobKey(run.caseId, effect.key),
      kind: 'case.timer',
      caseId: run.caseId,
      runAt: effect.dueAt,
      payload: { key: effect.key, elementId: effect.elementId },
    });
  },

  async 'timer.cancel'(run, effect) {
    await deleteJob(run.trx, caseTimerJobKey(run.caseId, effect.key));
  },

  async 'message.subscribe'(run, effect) {
    await subscribe(run.trx, {
      case_id: run.caseId,
      key: effect.key,
      name: effect.name,
      correlation: effect.correlation,
      element_id: effect.elementId,
      created_at: run.meta.now,
    });
  },

  async 'message.unsubscribe'(run, effect) {
    await unsubscribe(run.trx, run.caseId, effect.key);
  },

  // A failed retry raises the same key again: the open row is updated in place, one attempt more.
  async 'incident.raise'(run, effect) {
    await raiseIncident(run.trx, {
      caseId: run.caseId,
      key: effect.key,
      source: 'engine',
      elementId: effect.elementId,
      code: effect.code,
      message: effect.message,
      messages: effect.messages,
      attempts: effect.attempts,
      raisedBy: run.meta.cause ?? {},
      at: effect.at,
    });
    await run.log(
      'incident.raised',
      {
        key: effect.key,
        code: effect.code,
        message: effect.message,
        messages: effect.messages,
        attempts: effect.attempts,
        name: run.meta.definition.nodes[effect.elementId]?.name ?? null,
      },
      { actorId: null, elementId: effect.elementId },
    );
  },

  async 'incident.resolve'(run, effect) {
    const open = await openIncident(run.trx, run.caseId, effect.key);
    const closed = await resolveIncident(run.trx, {
      caseId: run.caseId,
      key: effect.key,
      at: effect.at,
      by: run.meta.actorId,
      resolution: effect.resolution,
    });
    if (open && closed > 0)
      await run.log(
        'incident.resolved',
        { incidentId: String(open.id), key: effect.key, resolution: effect.resolution },
        { elementId: open.element_id },
      );
  },
};
